/* fat_dir.h: decoding FAT directory entries: 8.3 names, VFAT long names, what each entry is. */
#ifndef KILN_FAT_DIR_H
#define KILN_FAT_DIR_H

#include <stdbool.h>
#include <stdint.h>

#define FAT_DIRENT_SIZE 32
#define FAT_LFN_MAX_PARTS 20                   /* 20 entries of 13 UTF-16 units: 260 */
#define FAT_LFN_UNITS (FAT_LFN_MAX_PARTS * 13)
#define FAT_NAME_MAX (FAT_LFN_UNITS * 3 + 1)   /* UTF-8 of the longest long name, with its NUL */

/* One file or directory, decoded. */
struct fat_entry {
	char name[FAT_NAME_MAX]; /* UTF-8, NUL-terminated; never empty, ".", ".." or holding '/' */
	bool long_name;          /* name is the VFAT long name; else the 8.3 name (match it ignoring case) */
	bool dir;
	uint32_t cluster;        /* the first cluster, 0 for an empty file */
	uint32_t size;           /* bytes, for a file */
};

/* The long name being gathered from the entries before a short one; zero it to start. */
struct fat_lfn {
	uint16_t units[FAT_LFN_UNITS];
	uint8_t parts;    /* how many entries the name has (0: none under way) */
	uint8_t next;     /* the sequence number expected next; 0 once all parts are in */
	uint8_t checksum; /* of the 8.3 name they belong to */
};

enum fat_dir_step {
	FAT_DIR_END,   /* the end-of-directory marker: no entries follow */
	FAT_DIR_SKIP,  /* a long name part, a deleted entry, a volume label, "." or "..", an invalid name */
	FAT_DIR_ENTRY, /* a file or directory: *out is filled */
};

/*
 * Decodes the next FAT_DIRENT_SIZE bytes of a directory, raw, with lfn carrying long-name
 * parts from one call to the next. fat32 says whether the cluster's high 16 bits count.
 */
enum fat_dir_step fat_dir_decode(struct fat_lfn *lfn, const uint8_t *raw, bool fat32, struct fat_entry *out);

/* Whether a key component names the entry: its long name exactly, else its 8.3 name ignoring ASCII case. */
bool fat_dir_matches(const struct fat_entry *e, const char *component, size_t len);

#endif
