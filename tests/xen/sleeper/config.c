/* config.c: sleeper, the deploy tests' unikernel: says it is up, then fails at once (--fail) or ticks until killed. */
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_key *fail = kiln_key_bool("fail", false, "Fail (exit status 1) right after saying it is up.");
	kiln_key *tick_ms = kiln_key_int("tick_ms", 200, "Milliseconds between two 'tick' lines.");
	kiln_job *job = kiln_foreign("sleeper_start", kiln_keys(fail, tick_ms), KILN_CONSOLE, KILN_TIME, KILN_JOB);

	return kiln_register(argc, argv, "sleeper", job, kiln_default_console(), kiln_default_time());
}
