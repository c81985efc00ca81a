/* test_backend_xen.c: the xen deploy backend where it can run without Xen: availability, its errors, and .xl to libxl config. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../xen/deploy_backend.h"
#include "../../xen/xl_config.h"
#include "../../xen/xl_domain.h"

static char scratch[] = "/tmp/kiln-backend-xen-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(scratch) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[64];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", scratch);
	return system(cmd) == 0 ? 0 : -1;
}

/* Writes TEXT to scratch/NAME; returns the path (static, until the next call). */
static const char *write_file(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", scratch, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* Writes the .xl kiln configure writes for SPEC to scratch/NAME. */
static const char *write_xl(const char *name, const struct xl_spec *spec)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", scratch, name);
	f = fopen(path, "w");
	assert_non_null(f);
	xl_write(spec, false, f);
	fclose(f);
	return path;
}

/* Where libxl cannot open a context, the backend says so in words and every operation refuses. */
static void availability(void **state)
{
	const struct kiln_deploy_backend *xen = deploy_backend_find("xen");
	struct deploy_spec spec = { .id = 1, .home = scratch, .name = "hello" };
	struct deploy_handle h = { .pid = 5 };
	struct deploy_status st;
	char reason[512], err[512], path[256];
	bool available;

	(void)state;
	assert_ptr_equal(xen, &deploy_backend_xen);
	assert_ptr_equal(deploy_backend_find("unix"), &deploy_backend_unix);
	assert_null(deploy_backend_find("kvm"));
	available = xen->available(reason, sizeof(reason));
	if (available) {
		print_message("# libxl opened a context: this host runs Xen; the refusals are not exercised\n");
		assert_string_equal(reason, "");
		return;
	}
	/* e.g. "Xen is not available here: libxl cannot open a context (Could not obtain handle on
	 * privileged command interface: No such file or directory; cannot open libxc handle: No such
	 * file or directory); the service must run in a Xen dom0, with the hypervisor and xenfs up" */
	print_message("# %s\n", reason);
	assert_int_equal(strncmp(reason, "Xen is not available here: libxl cannot open a context (", 56), 0);
	assert_non_null(strstr(reason, "cannot open libxc handle"));
	assert_null(strstr(reason, "libxl.c:")); /* no source locations */
	assert_non_null(strstr(reason, "); the service must run in a Xen dom0, with the hypervisor and xenfs up"));
	assert_int_equal(xen->start(&spec, &h, err, sizeof(err)), -ENODEV);
	assert_string_equal(err, reason);
	assert_int_equal(xen->stop(&spec, &h, false, err, sizeof(err)), -ENODEV);
	assert_int_equal(xen->poll(&spec, &h, &st, err, sizeof(err)), -ENODEV);
	assert_int_equal(xen->reattach(&spec, &h, &st, err, sizeof(err)), -ENODEV);
	assert_int_equal(xen->destroy(&spec, &h, err, sizeof(err)), -ENODEV);
	assert_string_equal(err, reason);
	/* the unix backend is always there */
	assert_true(deploy_backend_unix.available(reason, sizeof(reason)));
	assert_string_equal(reason, "");
	/* the console is xenconsoled's log of the domain */
	assert_int_equal(xen->console_path(&spec, path, sizeof(path)), 0);
	assert_string_equal(path, "/var/log/xen/console/guest-hello-1.log");
}

/* A build's .xl with two disks, a network and a boot key becomes the deployment's domain. */
static void config_from_xl(void **state)
{
	static const char *const disks[] = { "disk.img", "/var/lib/kiln/shared.img" };
	static const char *const networks[] = { "service" };
	static const struct xl_arg args[] = { { "count", "3" } };
	struct xl_spec web = { "web", "/build/7/src", 64, disks, 2, networks, 1, args, 1, "/nonexistent" };
	static const struct deploy_key keys[] = { { "hello", "Hi there" }, { "count", "5" } };
	static const struct deploy_file files[] = { { "disk.img", "/artifacts/disk", false } };
	struct deploy_spec spec = { .id = 12, .home = scratch, .name = "web", .keys = keys, .nkeys = 2,
				    .files = files, .nfiles = 1 };
	libxl_domain_config cfg;
	char err[256] = "";

	(void)state;
	spec.xl = write_xl("web.xl", &web);
	libxl_domain_config_init(&cfg);
	assert_int_equal(xl_domain_config(&spec, "/home/kiln/deployments/12", &cfg, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_int_equal(cfg.c_info.type, LIBXL_DOMAIN_TYPE_PVH);
	assert_string_equal(cfg.c_info.name, "web-12");
	assert_int_equal(cfg.b_info.type, LIBXL_DOMAIN_TYPE_PVH);
	assert_int_equal(cfg.b_info.max_memkb, 64 * 1024);
	assert_int_equal(cfg.b_info.target_memkb, 64 * 1024);
	assert_string_equal(cfg.b_info.kernel, "/home/kiln/deployments/12/web");
	/* the build's keys, then the deployment's: the guest keeps the last --count */
	assert_string_equal(cfg.b_info.cmdline, "--count=3 --hello=\"Hi there\" --count=5");
	assert_int_equal(cfg.on_poweroff, LIBXL_ACTION_ON_SHUTDOWN_PRESERVE);
	assert_int_equal(cfg.on_crash, LIBXL_ACTION_ON_SHUTDOWN_PRESERVE);
	assert_int_equal(cfg.num_disks, 2);
	assert_string_equal(cfg.disks[0].vdev, "xvda");
	assert_string_equal(cfg.disks[0].pdev_path, "/home/kiln/deployments/12/disk.img");
	assert_int_equal(cfg.disks[0].format, LIBXL_DISK_FORMAT_RAW);
	assert_true(cfg.disks[0].readwrite);
	assert_string_equal(cfg.disks[1].vdev, "xvdb");
	assert_string_equal(cfg.disks[1].pdev_path, "/var/lib/kiln/shared.img"); /* outside the build: kept */
	assert_int_equal(cfg.num_nics, 1);
	assert_string_equal(cfg.nics[0].bridge, "xenbr0");
	libxl_domain_config_dispose(&cfg);
}

/* A vif with a MAC and a script, as an operator may write it in config.c's place. */
static void config_vif_options(void **state)
{
	struct deploy_spec spec = { .id = 3, .home = scratch, .name = "n" };
	libxl_domain_config cfg;
	char err[256] = "";
	static const unsigned char mac[6] = { 0x00, 0x16, 0x3e, 0x01, 0x02, 0xab };

	(void)state;
	spec.xl = write_file("n.xl", "name = 'n'\nkernel = '/b/n.xen'\ntype = 'pvh'\nmemory = 16\n"
				     "vif = [ 'script=vif-openvswitch,bridge=br1,mac=00:16:3e:01:02:ab' ]\n");
	libxl_domain_config_init(&cfg);
	assert_int_equal(xl_domain_config(&spec, "/run/3", &cfg, err, sizeof(err)), 0);
	assert_string_equal(cfg.b_info.cmdline, "");
	assert_int_equal(cfg.b_info.max_memkb, 16 * 1024);
	assert_string_equal(cfg.nics[0].bridge, "br1");
	assert_string_equal(cfg.nics[0].script, "vif-openvswitch");
	assert_memory_equal(cfg.nics[0].mac, mac, 6);
	libxl_domain_config_dispose(&cfg);
}

/* What the backend cannot boot is refused with a message naming the file and the reason. */
static void config_errors(void **state)
{
	static const struct {
		const char *xl, *message;
	} cases[] = {
		{ "name = 'h'\ntype = 'hvm'\n", "h.xl: type 'hvm': kiln's unikernels are PVH guests" },
		{ "name = 'h'\nvif = [ 'bridge=br0,rate=10Mb/s' ]\n",
		  "vif 'bridge=br0,rate=10Mb/s': kiln's xen backend reads bridge=, script= and mac= only" },
		{ "name = 'h'\ndisk = [ 'vdev=xvda,format=nonsense,target=/x' ]\n",
		  "h.xl: disk 0 ('vdev=xvda,format=nonsense,target=/x') is not a disk xl understands" },
		{ "name = 'h\n", "h.xl:" },
	};
	struct deploy_spec spec = { .id = 1, .home = scratch, .name = "h" };
	char err[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		libxl_domain_config cfg;
		const char *at;

		spec.xl = write_file("h.xl", cases[i].xl);
		err[0] = '\0';
		libxl_domain_config_init(&cfg);
		assert_true(xl_domain_config(&spec, "/run/1", &cfg, err, sizeof(err)) < 0);
		libxl_domain_config_dispose(&cfg);
		at = strstr(err, cases[i].message);
		if (!at)
			fail_msg("case %zu: '%s' does not say '%s'", i, err, cases[i].message);
	}
	spec.xl = "/nonexistent/h.xl";
	assert_int_equal(xl_domain_config(&spec, "/run/1", &(libxl_domain_config){ 0 }, err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "cannot read /nonexistent/h.xl: No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(availability),
		cmocka_unit_test(config_from_xl),
		cmocka_unit_test(config_vif_options),
		cmocka_unit_test(config_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
