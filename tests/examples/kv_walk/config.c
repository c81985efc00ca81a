/* config.c: kv_walk, a test unikernel that lists a whole store (chosen with --kv_ro) and checksums its values. */
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_job *job = kiln_foreign("kv_walk_start", NULL, KILN_CONSOLE, KILN_KV_RO, KILN_JOB);

	return kiln_register(argc, argv, "kv_walk", job, kiln_default_console(), kiln_generic_kv_ro("t"));
}
