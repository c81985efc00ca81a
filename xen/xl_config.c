/* xl_config.c: writes <name>.xl and <name>.xl.in, the xl configurations that boot a xen unikernel. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../builder/generated.h"
#include "bridge.h"
#include "xl_config.h"

/* Writes s for the inside of an xl string in single quotes: xl's parser reads \\, \' and \n back. */
static void xl_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '\'')
			fputc('\\', out);
		if (*s == '\n')
			fputs("\\n", out);
		else
			fputc(*s, out);
	}
}

static void put_plain(FILE *out, const char *s)
{
	fputs(s, out);
}

/* Writes file's absolute path: as it is when absolute, else under dir. */
static void xl_path(FILE *out, const char *dir, const char *file)
{
	if (file[0] != '/') {
		xl_text(out, dir);
		fputc('/', out);
	}
	xl_text(out, file);
}

/* Writes @WHAT:value@, a placeholder of the .xl.in. */
static void xl_placeholder(FILE *out, const char *what, const char *value)
{
	fprintf(out, "@%s:", what);
	xl_text(out, value);
	fputc('@', out);
}

/* Writes the name of the i-th virtual disk (0: xvda, 25: xvdz, 26: xvdaa), as Linux and blkfront number them. */
static void xl_vdev(FILE *out, size_t i)
{
	char letters[16]; /* 14 letters number any size_t */
	size_t n = sizeof(letters) - 1;

	letters[n] = '\0';
	for (;;) {
		letters[--n] = (char)('a' + i % 26);
		if (i < 26)
			break;
		i = i / 26 - 1;
	}
	fprintf(out, "xvd%s", letters + n);
}

static void put_header(const struct xl_spec *spec, bool placeholders, FILE *out)
{
	fprintf(out, "# %s.xl%s: %s -t xen for %s; configure again rather than edit it.\n", spec->name,
		placeholders ? ".in" : "", GENERATED_MARKER, spec->name);
	if (placeholders)
		fprintf(out, "# %s.xl for any host: replace each @...@ with that host's value.\n", spec->name);
	else
		fprintf(out, "# Boot it with: xl create -c %s.xl\n", spec->name);
}

static void put_domain(const struct xl_spec *spec, bool placeholders, FILE *out)
{
	fputs("name = '", out);
	xl_text(out, placeholders ? "@NAME@" : spec->name);
	fputs("'\nkernel = '", out);
	if (placeholders) {
		fputs("@KERNEL@", out);
	} else {
		xl_path(out, spec->dir, spec->name);
		fputs(".xen", out);
	}
	fputs("'\ntype = 'pvh'\n", out);
	if (placeholders)
		fputs("memory = @MEMORY@\n", out);
	else
		fprintf(out, "memory = %u\n", spec->memory_mib);
	fputs("on_crash = 'preserve'\n", out);
}

static void put_disks(const struct xl_spec *spec, bool placeholders, FILE *out)
{
	if (spec->ndisks == 0)
		return;
	fputs("disk = [ ", out);
	for (size_t i = 0; i < spec->ndisks; i++) {
		fputs(i ? ", 'format=raw, vdev=" : "'format=raw, vdev=", out);
		xl_vdev(out, i);
		fputs(", access=rw, target=", out);
		if (placeholders)
			xl_placeholder(out, "BLOCK", spec->disks[i]);
		else
			xl_path(out, spec->dir, spec->disks[i]);
		fputc('\'', out);
	}
	fputs(" ]\n", out);
}

/* The comment above the vif line: which bridge was found on the build host, or what was looked for. */
static void put_bridge_comment(const char *bridge, bool found, bool ovs, FILE *out)
{
	if (found) {
		fprintf(out, "# The network devices join %s, the %s bridge found on the build host.\n", bridge,
			ovs ? "Open vSwitch" : "Linux");
		return;
	}
	fputs("# No bridge was found on the build host (looked for", out);
	for (size_t i = 0; xen_bridge_preferred[i]; i++)
		fprintf(out, "%s %s", i ? "," : "", xen_bridge_preferred[i]);
	fprintf(out, " as Linux or Open vSwitch bridges, then any Linux bridge): %s is assumed.\n", bridge);
}

static void put_vifs(const struct xl_spec *spec, bool placeholders, FILE *out)
{
	char bridge[256];
	bool ovs = false, found = false;

	if (spec->nnetworks == 0)
		return;
	if (placeholders) {
		fputs("# With Open vSwitch on the host, add script=vif-openvswitch, before each bridge=.\n", out);
	} else {
		found = xen_bridge_detect(spec->sysfs_net_root, bridge, sizeof(bridge), &ovs) == 0;
		put_bridge_comment(bridge, found, ovs, out);
	}
	fputs("vif = [ ", out);
	for (size_t i = 0; i < spec->nnetworks; i++) {
		fputs(i ? ", '" : "'", out);
		fputs(ovs ? "script=vif-openvswitch,bridge=" : "bridge=", out);
		if (placeholders)
			xl_placeholder(out, "NETWORK", spec->networks[i]);
		else
			xl_text(out, bridge);
		fputc('\'', out);
	}
	fputs(" ]\n", out);
}

void xl_guest_word(FILE *out, const char *value, bool xl_quoted)
{
	void (*put)(FILE *, const char *) = xl_quoted ? xl_text : put_plain;

	if (!strpbrk(value, " \t\n'\"\\")) {
		put(out, value);
		return;
	}
	fputc('"', out);
	for (const char *c = value; *c; c++) {
		const char escaped[] = { '\\', *c, '\0' };
		put(out, *c == '"' || *c == '\\' ? escaped : escaped + 1);
	}
	fputc('"', out);
}

/* extra: the boot keys given at configure time, --name=value each. */
static void put_extra(const struct xl_spec *spec, FILE *out)
{
	if (spec->nargs == 0)
		return;
	fputs("extra = '", out);
	for (size_t i = 0; i < spec->nargs; i++) {
		fputs(i ? " --" : "--", out);
		xl_text(out, spec->args[i].name);
		fputc('=', out);
		xl_guest_word(out, spec->args[i].value, true);
	}
	fputs("'\n", out);
}

void xl_write(const struct xl_spec *spec, bool placeholders, FILE *out)
{
	put_header(spec, placeholders, out);
	put_domain(spec, placeholders, out);
	put_disks(spec, placeholders, out);
	put_vifs(spec, placeholders, out);
	put_extra(spec, out);
}
