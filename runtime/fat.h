/* fat.h: the FAT store (kv_ro_fat.c) beyond <kiln/kv_ro.h>: releasing one. */
#ifndef KILN_FAT_H
#define KILN_FAT_H

#include <kiln/kv_ro.h>

/* Frees a store made by kiln_fat_kv_ro_connect (and nothing else); the block device stays the caller's. NULL is ignored. */
void kiln_fat_kv_ro_disconnect(struct kiln_kv_ro *kv);

#endif
