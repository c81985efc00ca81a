/* cmdline.c: the boot command line split into argv, as a shell would split it. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/*
 * Reads one word at *s into out (which has room for it) and leaves *s after it.
 * Returns 0, or -EINVAL for an unclosed quote.
 */
static int word(const char **s, char *out)
{
	const char *p = *s;
	char quote = 0;

	while (*p && (quote || !is_blank(*p))) {
		if (quote && *p == quote) {
			quote = 0;
			p++;
		} else if (!quote && (*p == '\'' || *p == '"')) {
			quote = *p++;
		} else if (*p == '\\' && quote != '\'' && p[1]) {
			*out++ = p[1];
			p += 2;
		} else {
			*out++ = *p++;
		}
	}
	*out = '\0';
	*s = p;
	return quote ? -EINVAL : 0;
}

int kiln_xen_cmdline_split(const char *cmdline, const char *argv0, int *argc, char ***argv)
{
	size_t len = strlen(cmdline), words = 1;
	char **v;
	char *text;
	int n = 0;

	/* At most one word per two characters; the words' text is never longer than the line. */
	words += len / 2 + 1;
	v = malloc((words + 1) * sizeof(*v) + len + 1 + strlen(argv0) + 1);
	if (!v)
		return -ENOMEM;
	text = (char *)(v + words + 1);
	v[n++] = strcpy(text, argv0);
	text += strlen(argv0) + 1;
	for (;;) {
		while (is_blank(*cmdline))
			cmdline++;
		if (!*cmdline)
			break;
		v[n++] = text;
		if (word(&cmdline, text) < 0) {
			free(v);
			return -EINVAL;
		}
		text += strlen(text) + 1;
	}
	v[n] = NULL;
	*argc = n;
	*argv = v;
	return 0;
}
