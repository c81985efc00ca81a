/* config_storage.c: the storage implementations of config.c: block_of_file and the kv_ro stores (crunch, direct, FAT, generic). */
#include <stdio.h>

#include "config_internal.h"

static const char *const kv_ro_choices[] = { "crunch", "fat", "direct", NULL };

static kiln_impl *with_path(kiln_impl *impl, const char *what, const char *path)
{
	if (!path || !*path) {
		config_error(impl->file, impl->line, "%s: the %s is missing", impl->name, what);
		path = "(null)";
	}
	impl->path = config_strdup(path);
	return impl;
}

kiln_impl *kiln_block_of_file_at(const char *file, int line, const char *path)
{
	kiln_impl *impl = impl_new(file, line, KILN_BLOCK, "block_of_file", "kiln_block_of_file_connect");

	impl->xen_missing = "blkfront";
	return with_path(impl, "file name", path);
}

kiln_impl *kiln_crunch_at(const char *file, int line, const char *dir)
{
	kiln_impl *impl = impl_new(file, line, KILN_KV_RO, "crunch", "kiln_crunch_connect");

	impl->crunched = true;
	return with_path(impl, "directory", dir);
}

kiln_impl *kiln_direct_kv_ro_at(const char *file, int line, const char *dir)
{
	kiln_impl *impl = impl_new(file, line, KILN_KV_RO, "direct_kv_ro", "kiln_direct_kv_ro_connect");

	impl->unix_only = true;
	return with_path(impl, "directory", dir);
}

kiln_impl *kiln_fat_kv_ro_at(const char *file, int line, const char *dir)
{
	static int images;
	char image[32];
	kiln_impl *impl = impl_new(file, line, KILN_KV_RO, "fat_kv_ro", "kiln_fat_kv_ro_connect");

	/* The image is fat<N>.img, made from dir by the unikernel's make-fat<N>-image.sh. */
	snprintf(image, sizeof(image), "fat%d.img", ++images);
	impl->dep = kiln_block_of_file_at(file, line, image);
	impl->xen_missing = impl->dep->xen_missing;
	return with_path(impl, "directory", dir);
}

/* The one --kv_ro key every generic_kv_ro shares, as MirageOS's. */
static kiln_key *kv_ro_key(const char *file, int line)
{
	static kiln_key *key;

	if (!key) {
		key = kiln_key_string_at(file, line, "kv_ro", "direct",
					 "The key/value store generic_kv_ro uses: crunch (compiled in), fat (a FAT "
					 "image), direct (the host directory; unix only). Default: direct on unix, crunch on xen.");
		key->configure_only = true;
		key->choices = kv_ro_choices;
		key->xen_default = "crunch";
	}
	return key;
}

kiln_impl *kiln_generic_kv_ro_at(const char *file, int line, const char *dir)
{
	kiln_impl *impl = impl_new(file, line, KILN_KV_RO, "generic_kv_ro", NULL);

	impl->choice_key = kv_ro_key(file, line);
	impl->choices = config_alloc(3 * sizeof(*impl->choices));
	impl->choices[0] = kiln_crunch_at(file, line, dir);
	impl->choices[1] = kiln_fat_kv_ro_at(file, line, dir);
	impl->choices[2] = kiln_direct_kv_ro_at(file, line, dir);
	return with_path(impl, "directory", dir);
}
