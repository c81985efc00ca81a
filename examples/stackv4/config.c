/* config.c: stackv4 listens on UDP 53 and TCP 8080 through a stack chosen at configure time (--net socket|direct). */
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_impl *stack = kiln_generic_stackv4(kiln_default_network());
	kiln_job *job = kiln_foreign("stackv4_start", NULL, KILN_CONSOLE, KILN_STACKV4, KILN_JOB);

	return kiln_register(argc, argv, "stackv4", job, kiln_default_console(), stack);
}
