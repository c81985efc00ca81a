/* cmd_describe.c: kiln describe: prints the configured unikernel, for people or (--json) for programs. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "kiln_json.h"

static void print_human(const json_t *desc)
{
	const json_t *v;
	size_t i;

	printf("name:      %s\ntarget:    %s\nstart:     %s\ndevices:  ", kiln_json_str(desc, "name"),
	       kiln_json_str(desc, "target"), kiln_json_str(desc, "start"));
	json_array_foreach(json_object_get(desc, "devices"), i, v)
		printf("%s %s (%s)", i ? "," : "", kiln_json_str(v, "kind"), kiln_json_str(v, "impl"));
	printf("%s\nkeys:%s\n", json_array_size(json_object_get(desc, "devices")) ? "" : " (none)",
	       json_array_size(json_object_get(desc, "keys")) ? "" : "      (none)");
	json_array_foreach(json_object_get(desc, "keys"), i, v) {
		printf("  --%s=%s  %s (%s; declared default: %s)\n", kiln_json_str(v, "name"),
		       kiln_json_str(v, "value"), kiln_json_str(v, "doc"), kiln_json_str(v, "type"),
		       kiln_json_str(v, "default"));
	}
	printf("artifacts:");
	json_array_foreach(json_object_get(desc, "artifacts"), i, v)
		printf(" %s", json_string_value(v) ? json_string_value(v) : "?");
	printf("\n");
}

int cmd_describe(int argc, char **argv)
{
	int json = 0;
	json_t *desc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			puts("Usage: kiln describe [--json]\n\nPrints the configured unikernel: name, target, start "
			     "function, devices, keys and artifacts.\n--json prints kiln.json itself.");
			return 0;
		} else {
			fprintf(stderr, "kiln describe: unknown option '%s' (try kiln describe --help)\n", argv[i]);
			return 2;
		}
	}
	desc = kiln_json_load("describe");
	if (!desc)
		return 1;
	if (json) {
		json_dumpf(desc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
	} else {
		print_human(desc);
	}
	json_decref(desc);
	return 0;
}
