/* config.c: kv_read, the storage benchmark's reader: a store chosen with --kv_ro over the directory t. */
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_job *job = kiln_foreign("kv_read_start", NULL, KILN_CONSOLE, KILN_KV_RO, KILN_JOB);

	return kiln_register(argc, argv, "kv_read", job, kiln_default_console(), kiln_generic_kv_ro("t"));
}
