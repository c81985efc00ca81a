/* config.c: block_rw, the block benchmark: a console, a key choosing read or write, and disk.img. */
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_key *mode = kiln_key_string("mode", "read", "read or write the whole disk, 1 MiB at a time.");
	kiln_job *job = kiln_foreign("block_rw_start", kiln_keys(mode), KILN_CONSOLE, KILN_BLOCK, KILN_JOB);

	return kiln_register(argc, argv, "block_rw", job, kiln_default_console(), kiln_block_of_file("disk.img"));
}
