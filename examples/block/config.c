/* config.c: the block test takes a console and a block device: disk.img on unix, the first disk on xen. */
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_job *job = kiln_foreign("block_test_start", NULL, KILN_CONSOLE, KILN_BLOCK, KILN_JOB);
	kiln_impl *img = kiln_if_xen(kiln_block_of_file("xvda1"), kiln_block_of_file("disk.img"));

	return kiln_register(argc, argv, "block_test", job, kiln_default_console(), img);
}
