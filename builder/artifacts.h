/* artifacts.h: the content-addressed store of build artifacts: HOME/artifacts/sha256/<2 hex>/<62 hex>, read-only files. */
#ifndef KILN_ARTIFACTS_H
#define KILN_ARTIFACTS_H

#include <stddef.h>

/* The largest artifact kept (a build making a bigger file fails). */
#define ARTIFACT_MAX_BYTES (512LL << 20)

/*
 * Copies the regular file NAME of folder DIR_FD (never through a symbolic link) into HOME's store,
 * under its SHA-256, written as 64 hex digits to sha256 (65 bytes), with its size in *size.
 * Returns 0, -ENOENT when there is no such file, -EINVAL when it is not a regular file, -EFBIG over
 * ARTIFACT_MAX_BYTES, or another negative errno.
 */
int artifact_store(const char *home, int dir_fd, const char *name, char sha256[65], long long *size);

/* Writes the store's path of the artifact with that SHA-256 (64 lowercase hex digits) to PATH (SIZE
 * bytes). Returns 0, -EINVAL for a malformed sha256, or -ENAMETOOLONG. */
int artifact_path(const char *home, const char *sha256, char *path, size_t size);

#endif
