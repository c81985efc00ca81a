/* test_xl.c: the xen guest's xl files: bridge detection over fake sysfs trees, .xl and .xl.in against golden files. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "../../xen/bridge.h"
#include "../../xen/xl_config.h"

/* The scratch folder holding one fake /sys/class/net per tree. */
static char scratch[] = "/tmp/kiln-xl-XXXXXX";

static void mkdir_ok(const char *path)
{
	if (mkdir(path, 0755) < 0)
		fail_msg("mkdir %s: %s", path, strerror(errno));
}

/*
 * Makes the fake tree scratch/<name> from words such as "lo eth0 br0/ ovs-system": an interface's
 * folder each, with bridge/ inside for those written with a final '/' (Linux bridges).
 * Returns the tree's path (static: valid until the next call).
 */
static const char *tree(const char *name, const char *ifaces)
{
	static char root[256];
	char words[256], path[512];

	snprintf(root, sizeof(root), "%s/%s", scratch, name);
	mkdir_ok(root);
	snprintf(words, sizeof(words), "%s", ifaces);
	for (char *w = strtok(words, " "); w; w = strtok(NULL, " ")) {
		size_t n = strlen(w);
		bool bridge = w[n - 1] == '/';
		if (bridge)
			w[n - 1] = '\0';
		snprintf(path, sizeof(path), "%s/%s", root, w);
		mkdir_ok(path);
		if (bridge) {
			snprintf(path, sizeof(path), "%s/%s/bridge", root, w);
			mkdir_ok(path);
		}
	}
	return root;
}

static int make_scratch(void **state)
{
	(void)state;
	return mkdtemp(scratch) ? 0 : -1;
}

static int remove_scratch(void **state)
{
	char cmd[64];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", scratch);
	return system(cmd) == 0 ? 0 : -1;
}

/* Bridge detection: each tree, what it finds. */
static const struct detect_case {
	const char *name;
	const char *ifaces;
	int rc;
	const char *bridge;
	bool ovs;
} detect_cases[] = {
	{ "empty", "", -ENOENT, "xenbr0", false },
	{ "xenbr0", "lo eth0 xenbr0/", 0, "xenbr0", false },
	{ "br0", "lo eth0 br0/", 0, "br0", false },
	{ "virbr0", "lo virbr0/ eth0", 0, "virbr0", false },
	{ "br0-and-virbr0", "virbr0/ br0/ eth0", 0, "br0", false },
	{ "all-three", "virbr0/ br0/ xenbr0/", 0, "xenbr0", false },
	{ "unrelated", "lo eth0 wlan0 tap0", -ENOENT, "xenbr0", false },
	{ "other-bridges", "eth0 lxcbr0/ docker0/", 0, "docker0", false },
	{ "preferred-first", "docker0/ virbr0/", 0, "virbr0", false },
	{ "xenbr0-not-a-bridge", "xenbr0 eth0", -ENOENT, "xenbr0", false },
	{ "openvswitch", "lo eth0 ovs-system xenbr0", 0, "xenbr0", true },
	{ "openvswitch-br0", "ovs-system br0 virbr0/", 0, "br0", true },
	{ "openvswitch-and-linux", "ovs-system br0/ virbr0", 0, "br0", false },
	{ "openvswitch-other-name", "ovs-system ovsbr0 eth0", -ENOENT, "xenbr0", false },
};

static void detects_bridges(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(detect_cases) / sizeof(detect_cases[0]); i++) {
		const struct detect_case *c = &detect_cases[i];
		char bridge[16] = "unset";
		bool ovs = !c->ovs;
		int rc = xen_bridge_detect(tree(c->name, c->ifaces), bridge, sizeof(bridge), &ovs);

		if (rc != c->rc || strcmp(bridge, c->bridge) != 0 || ovs != c->ovs)
			fail_msg("tree %s: got %d %s%s, expected %d %s%s", c->name, rc, bridge, ovs ? " (ovs)" : "",
				 c->rc, c->bridge, c->ovs ? " (ovs)" : "");
	}
}

static void detection_without_sysfs(void **state)
{
	char bridge[16];
	bool ovs = true;

	(void)state;
	assert_int_equal(xen_bridge_detect("/nonexistent/sys/class/net", bridge, sizeof(bridge), &ovs), -ENOENT);
	assert_string_equal(bridge, "xenbr0");
	assert_false(ovs);
	assert_int_equal(xen_bridge_detect(tree("short", "virbr0/"), bridge, 6, &ovs), -ENAMETOOLONG);
}

/* A guest with two disks (one named relative to its folder), two networks and two boot keys. */
static const char *const disks[] = { "disk.img", "/var/lib/kiln/data.img" };
static const char *const networks[] = { "service", "management" };
static const struct xl_arg args[] = { { "hello", "Hi" }, { "count", "3" } };
static const struct xl_spec web = { "web", "/srv/kiln/web", 64, disks, 2, networks, 2, args, 2, NULL };

/* What xl_write writes for spec; the caller frees it. */
static char *written(const struct xl_spec *spec, bool placeholders)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	xl_write(spec, placeholders, out);
	assert_int_equal(fclose(out), 0);
	return text;
}

/* Compares text with tests/builder/golden/<name> byte for byte (KILN_GOLDEN_UPDATE=1 rewrites the file). */
static void assert_golden(const char *text, const char *name)
{
	const char *src = getenv("KILN_SRC");
	char path[1024], golden[8192];
	size_t n;
	FILE *f;

	if (!src)
		fail_msg("KILN_SRC is unset: run through tests/run-suite");
	snprintf(path, sizeof(path), "%s/tests/builder/golden/%s", src, name);
	if (getenv("KILN_GOLDEN_UPDATE")) {
		f = fopen(path, "w");
		assert_non_null(f);
		fputs(text, f);
		assert_int_equal(fclose(f), 0);
	}
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	n = fread(golden, 1, sizeof(golden) - 1, f);
	fclose(f);
	golden[n] = '\0';
	if (strcmp(text, golden) != 0)
		fail_msg("%s differs:\n--- expected\n%s--- actual\n%s", name, golden, text);
}

static void assert_xl(const struct xl_spec *spec, bool placeholders, const char *golden)
{
	char *text = written(spec, placeholders);

	assert_golden(text, golden);
	free(text);
}

/* The .xl on each kind of host: the bridge found (or assumed) goes on every vif. */
static void xl_per_host(void **state)
{
	static const struct {
		const char *tree, *ifaces, *golden;
	} hosts[] = {
		{ "host-none", "", "no_bridge.xl" },
		{ "host-unrelated", "lo eth0 wlan0", "no_bridge.xl" },
		{ "host-xenbr0", "lo eth0 xenbr0/", "xenbr0.xl" },
		{ "host-br0", "lo eth0 br0/", "br0.xl" },
		{ "host-virbr0", "lo eth0 virbr0/", "virbr0.xl" },
		{ "host-br0-virbr0", "lo eth0 virbr0/ br0/", "br0.xl" },
		{ "host-other", "lo eth0 docker0/", "other_bridge.xl" },
		{ "host-ovs", "lo eth0 ovs-system xenbr0", "openvswitch.xl" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		struct xl_spec spec = web;
		spec.sysfs_net_root = tree(hosts[i].tree, hosts[i].ifaces);
		assert_xl(&spec, false, hosts[i].golden);
		/* The .xl.in holds no host value: the same whatever the host. */
		assert_xl(&spec, true, "web.xl.in");
	}
}

/* A guest with no devices and no keys given: no disk, vif or extra line (and no bridge looked for). */
static void xl_minimal(void **state)
{
	const struct xl_spec hello = { "hello", "/home/me/hello", 32, NULL, 0, NULL, 0, NULL, 0, "/nonexistent" };

	(void)state;
	assert_xl(&hello, false, "hello.xl");
	assert_xl(&hello, true, "hello.xl.in");
}

/* Disks are xvda … xvdz, then xvdaa, xvdab, as Linux names them. */
static void xl_many_disks(void **state)
{
	const char *files[28];
	char names[28][16];
	struct xl_spec spec = { "many", "/m", 32, files, 28, NULL, 0, NULL, 0, NULL };
	char *text;

	(void)state;
	for (int i = 0; i < 28; i++) {
		snprintf(names[i], sizeof(names[i]), "d%d.img", i);
		files[i] = names[i];
	}
	text = written(&spec, false);
	assert_non_null(strstr(text, "'format=raw, vdev=xvda, access=rw, target=/m/d0.img', "));
	assert_non_null(strstr(text, "'format=raw, vdev=xvdz, access=rw, target=/m/d25.img', "));
	assert_non_null(strstr(text, "'format=raw, vdev=xvdaa, access=rw, target=/m/d26.img', "));
	assert_non_null(strstr(text, "'format=raw, vdev=xvdab, access=rw, target=/m/d27.img' ]\n"));
	free(text);
}

/* The text of the line starting with prefix in text (up to its newline), in line. */
static void line_of(const char *text, const char *prefix, char *line, size_t size)
{
	const char *p = strstr(text, prefix);

	assert_non_null(p);
	snprintf(line, size, "%.*s", (int)strcspn(p, "\n"), p);
}

/* Paths and values go through xl's quoting (\\ \' \n), and each boot value through the guest's
 * shell-like splitting of its command line (double quotes around blanks, quotes and backslashes). */
static void xl_quoting(void **state)
{
	static const struct xl_arg odd[] = {
		{ "hello", "Hello World!" }, { "q", "it's" }, { "b", "a\\b" }, { "e", "" },
		{ "d", "say \"hi\"" }, { "n", "two\nlines\tand a tab" }, { "plain", "a,b:c/d@e=f%g+h.i" },
	};
	const char *files[] = { "it's a\nfile.img" };
	struct xl_spec spec = { "q", "/srv/o'brien", 32, files, 1, NULL, 0, odd, 7, NULL };
	char line[512];
	char *text;

	(void)state;
	text = written(&spec, false);
	line_of(text, "kernel", line, sizeof(line));
	assert_string_equal(line, "kernel = '/srv/o\\'brien/q.xen'");
	line_of(text, "disk", line, sizeof(line));
	assert_string_equal(line, "disk = [ 'format=raw, vdev=xvda, access=rw, target=/srv/o\\'brien/it\\'s a\\nfile.img' ]");
	line_of(text, "extra", line, sizeof(line));
	assert_string_equal(line, "extra = '--hello=\"Hello World!\" --q=\"it\\'s\" --b=\"a\\\\\\\\b\" --e= "
				  "--d=\"say \\\\\"hi\\\\\"\" --n=\"two\\nlines\tand a tab\" --plain=a,b:c/d@e=f%g+h.i'");
	free(text);
	text = written(&spec, true);
	line_of(text, "disk", line, sizeof(line));
	assert_string_equal(line, "disk = [ 'format=raw, vdev=xvda, access=rw, target=@BLOCK:it\\'s a\\nfile.img@' ]");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(detects_bridges),
		cmocka_unit_test(detection_without_sysfs),
		cmocka_unit_test(xl_per_host),
		cmocka_unit_test(xl_minimal),
		cmocka_unit_test(xl_many_disks),
		cmocka_unit_test(xl_quoting),
	};

	return cmocka_run_group_tests(tests, make_scratch, remove_scratch);
}
