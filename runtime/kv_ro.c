/* kv_ro.c: the kv_ro interface: normalises keys, clips reads to a value's size, reads whole values. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kv_ro_impl.h"

#define MAX_KEY 4096

/* Writes key without leading, trailing or doubled '/' and without "." into out. Returns 0 or -EINVAL (".." or too long). */
static int normalise(const char *key, char out[MAX_KEY])
{
	size_t n = 0;

	while (*key) {
		size_t len;
		while (*key == '/')
			key++;
		len = strcspn(key, "/");
		if (len == 2 && key[0] == '.' && key[1] == '.')
			return -EINVAL;
		if (len > 0 && !(len == 1 && key[0] == '.')) {
			if (n + len + 2 > MAX_KEY)
				return -EINVAL;
			if (n)
				out[n++] = '/';
			memcpy(out + n, key, len);
			n += len;
		}
		key += len;
	}
	out[n] = '\0';
	return 0;
}

int kiln_kv_ro_stat(struct kiln_kv_ro *kv, const char *key, enum kiln_kv_kind *kind, uint64_t *size)
{
	char norm[MAX_KEY];
	uint64_t ignored;
	int rc = normalise(key, norm);

	return rc < 0 ? rc : kv->ops->stat(kv, norm, kind, size ? size : &ignored);
}

int kiln_kv_ro_size(struct kiln_kv_ro *kv, const char *key, uint64_t *size)
{
	enum kiln_kv_kind kind;
	int rc = kiln_kv_ro_stat(kv, key, &kind, size);

	if (rc == 0 && kind == KILN_KV_DICTIONARY)
		return -EISDIR;
	return rc;
}

int kiln_kv_ro_read(struct kiln_kv_ro *kv, const char *key, uint64_t offset, void *buf, size_t len,
		    size_t *nread)
{
	char norm[MAX_KEY];
	int rc;

	*nread = 0;
	rc = normalise(key, norm);
	return rc < 0 ? rc : kv->ops->read(kv, norm, offset, buf, len, nread);
}

int kiln_kv_ro_get(struct kiln_kv_ro *kv, const char *key, char **value, size_t *len)
{
	uint64_t size;
	size_t n;
	char *buf;
	int rc;

	*value = NULL;
	*len = 0;
	rc = kiln_kv_ro_size(kv, key, &size);
	if (rc < 0)
		return rc;
	if (size >= SIZE_MAX)
		return -EFBIG;
	buf = malloc((size_t)size + 1);
	if (!buf)
		return size > (1u << 30) ? -EFBIG : -ENOMEM;
	rc = kiln_kv_ro_read(kv, key, 0, buf, (size_t)size, &n);
	if (rc == 0 && n != size)
		rc = -EIO; /* the value changed size under us */
	if (rc < 0) {
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*value = buf;
	*len = n;
	return 0;
}

int kiln_kv_ro_list(struct kiln_kv_ro *kv, const char *key, kiln_kv_list_fn fn, void *arg)
{
	char norm[MAX_KEY];
	enum kiln_kv_kind kind;
	uint64_t size;
	int rc = normalise(key, norm);

	if (rc == 0)
		rc = kv->ops->stat(kv, norm, &kind, &size);
	if (rc < 0)
		return rc;
	if (kind != KILN_KV_DICTIONARY)
		return -ENOTDIR;
	return kv->ops->list(kv, norm, fn, arg);
}
