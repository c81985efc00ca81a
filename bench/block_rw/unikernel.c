/* unikernel.c: reads or writes (--mode) the whole block device in 1 MiB requests and prints the bytes moved. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "start_gen.h"

#define CHUNK (1024 * 1024)

int block_rw_start(struct kiln_console *c, struct kiln_block *b)
{
	static unsigned char buf[CHUNK];
	struct kiln_block_info info;
	int write = strcmp(key_gen_mode(), "write") == 0;
	uint64_t per_chunk, sector;
	int rc = 0;

	kiln_block_info(b, &info);
	per_chunk = CHUNK / info.sector_size;
	memset(buf, 0xa5, sizeof(buf));
	for (sector = 0; rc == 0 && sector + per_chunk <= info.sectors; sector += per_chunk)
		rc = write ? kiln_block_write(b, sector, buf, CHUNK) : kiln_block_read(b, sector, buf, CHUNK);
	if (rc < 0)
		return rc;
	return kiln_console_logf(c, "%s %llu bytes", write ? "wrote" : "read",
				 (unsigned long long)(sector * info.sector_size));
}
