/* artifacts.c: storing build outputs under their SHA-256 (GnuTLS), written once through a temporary name. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gnutls/crypto.h>

#include "artifacts.h"

int artifact_path(const char *home, const char *sha256, char *path, size_t size)
{
	if (strlen(sha256) != 64 || strspn(sha256, "0123456789abcdef") != 64)
		return -EINVAL;
	if ((size_t)snprintf(path, size, "%s/artifacts/sha256/%.2s/%s", home, sha256, sha256 + 2) >= size)
		return -ENAMETOOLONG;
	return 0;
}

/* mkdir -p of PATH's parent folders. */
static int make_parents(char *path)
{
	for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		int rc = mkdir(path, 0755) < 0 && errno != EEXIST ? -errno : 0;
		*p = '/';
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Copies IN to OUT while hashing it into sha256 (hex); *size gets the bytes copied. */
static int copy_hashing(int in, int out, char sha256[65], long long *size)
{
	gnutls_hash_hd_t h;
	unsigned char digest[32], buf[65536];
	ssize_t n;
	int rc = 0;

	if (gnutls_hash_init(&h, GNUTLS_DIG_SHA256) < 0)
		return -EIO;
	*size = 0;
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		*size += n;
		if (*size > ARTIFACT_MAX_BYTES) {
			rc = -EFBIG;
			break;
		}
		gnutls_hash(h, buf, (size_t)n);
		for (ssize_t done = 0, w; done < n; done += w) {
			w = write(out, buf + done, (size_t)(n - done));
			if (w < 0) {
				rc = -errno;
				break;
			}
		}
		if (rc < 0)
			break;
	}
	if (n < 0 && rc == 0)
		rc = -errno;
	gnutls_hash_deinit(h, digest);
	for (int i = 0; i < 32; i++)
		sprintf(sha256 + 2 * i, "%02x", digest[i]);
	return rc;
}

int artifact_store(const char *home, int dir_fd, const char *name, char sha256[65], long long *size)
{
	char tmp[PATH_MAX], final[PATH_MAX];
	struct stat st;
	int in, out = -1, rc;

	in = openat(dir_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (in < 0)
		return errno == ELOOP ? -EINVAL : -errno;
	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode)) {
		rc = -EINVAL;
		goto cleanup;
	}
	if (snprintf(tmp, sizeof(tmp), "%s/artifacts/tmp/XXXXXX", home) >= (int)sizeof(tmp)) {
		rc = -ENAMETOOLONG;
		goto cleanup;
	}
	rc = make_parents(tmp);
	if (rc < 0)
		goto cleanup;
	out = mkostemp(tmp, O_CLOEXEC);
	if (out < 0) {
		rc = -errno;
		goto cleanup;
	}
	rc = copy_hashing(in, out, sha256, size);
	if (rc == 0 && (fchmod(out, 0444) < 0 || fsync(out) < 0))
		rc = -errno;
	if (rc == 0)
		rc = artifact_path(home, sha256, final, sizeof(final));
	if (rc == 0)
		rc = make_parents(final);
	/* The same content stored before is the same file: keep it. */
	if (rc == 0 && rename(tmp, final) < 0)
		rc = -errno;
cleanup:
	if (out >= 0) {
		close(out);
		unlink(tmp);
	}
	close(in);
	return rc;
}
