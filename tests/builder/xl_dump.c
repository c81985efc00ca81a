/* xl_dump.c: prints what Xen's own parser (libxlutil) reads from an xl file, for test_configure_xen.sh. */
#include <stdio.h>
#include <string.h>

#include <libxl.h>
#include <libxlutil.h>

static void dump_string(const XLU_Config *cfg, const char *name)
{
	const char *value;

	if (xlu_cfg_get_string(cfg, name, &value, 1) == 0)
		printf("%s: %s\n", name, value);
}

/* Each disk as libxl reads its spec. */
static int dump_disks(XLU_Config *cfg)
{
	XLU_ConfigList *list;
	const char *spec;
	int n = 0;

	if (xlu_cfg_get_list(cfg, "disk", &list, &n, 1) != 0)
		return 0;
	for (int i = 0; i < n && (spec = xlu_cfg_get_listitem(list, i)); i++) {
		libxl_device_disk disk;
		int rc;

		libxl_device_disk_init(&disk);
		rc = xlu_disk_parse(cfg, 1, &spec, &disk);
		if (rc == 0)
			printf("disk %d: vdev=%s format=%s access=%s target=%s\n", i, disk.vdev,
			       libxl_disk_format_to_string(disk.format), disk.readwrite ? "rw" : "ro", disk.pdev_path);
		libxl_device_disk_dispose(&disk);
		if (rc != 0)
			return -1;
	}
	return 0;
}

static void dump_vifs(const XLU_Config *cfg)
{
	XLU_ConfigList *list;
	const char *spec;
	int n = 0;

	if (xlu_cfg_get_list(cfg, "vif", &list, &n, 1) != 0)
		return;
	for (int i = 0; i < n && (spec = xlu_cfg_get_listitem(list, i)); i++)
		printf("vif %d: %s\n", i, spec);
}

int main(int argc, char **argv)
{
	XLU_Config *cfg;
	long memory;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "Usage: xl_dump FILE.xl\n");
		return 2;
	}
	cfg = xlu_cfg_init(stderr, argv[1]);
	if (!cfg)
		return 1;
	rc = xlu_cfg_readfile(cfg, argv[1]);
	if (rc == 0) {
		dump_string(cfg, "name");
		dump_string(cfg, "kernel");
		dump_string(cfg, "type");
		if (xlu_cfg_get_long(cfg, "memory", &memory, 1) == 0)
			printf("memory: %ld\n", memory);
		dump_string(cfg, "on_crash");
		rc = dump_disks(cfg);
		dump_vifs(cfg);
		dump_string(cfg, "extra");
	}
	xlu_cfg_destroy(cfg);
	return rc == 0 ? 0 : 1;
}
