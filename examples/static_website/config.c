/* config.c: static_website serves the files of htdocs/, crunched into the unikernel, over HTTP/1.1 on a stack chosen at configure time. */
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_key *port = kiln_key_int("port", 8080, "The TCP port the website listens on.");
	kiln_job *job = kiln_foreign("website_start", kiln_keys(port), KILN_CONSOLE, KILN_KV_RO, KILN_STACKV4, KILN_JOB);

	return kiln_register(argc, argv, "static_website", job, kiln_default_console(), kiln_crunch("htdocs"),
			     kiln_generic_stackv4(kiln_default_network()));
}
