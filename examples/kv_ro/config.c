/* config.c: kv_ro compares a value with itself through one store chosen at configure time (--kv_ro crunch|fat|direct). */
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_impl *disk = kiln_generic_kv_ro("t");
	kiln_job *job = kiln_foreign("kv_ro_start", NULL, KILN_CONSOLE, KILN_KV_RO, KILN_KV_RO, KILN_JOB);

	return kiln_register(argc, argv, "kv_ro", job, kiln_default_console(), disk, disk);
}
