/* fat_dir.c: FAT directory entries: 8.3 names (code page 437, NT case bits), VFAT long names (UTF-16LE, checksummed). */
#include <string.h>

#include "fat_dir.h"

#define ATTR_VOLUME_ID 0x08
#define ATTR_DIRECTORY 0x10
#define ATTR_LONG_NAME 0x0F      /* read-only, hidden, system and volume id together */
#define ATTR_LONG_NAME_MASK 0x3F
#define LFN_LAST 0x40            /* in a long name part's sequence byte: the name's last part (stored first) */
#define LFN_SEQ_MASK 0x1F
#define DELETED 0xE5
#define KANJI_E5 0x05            /* a first byte 0xE5 that is not a deletion mark */
#define NT_LOWER_BASE 0x08       /* byte 12: the 8.3 base name is shown in lower case */
#define NT_LOWER_EXT 0x10

/* Code page 437 from 0x80 up, the OEM code page 8.3 names are decoded with (as Linux does by default). */
static const uint16_t cp437_high[128] = {
	0xC7, 0xFC, 0xE9, 0xE2, 0xE4, 0xE0, 0xE5, 0xE7, 0xEA, 0xEB, 0xE8, 0xEF, 0xEE, 0xEC, 0xC4, 0xC5,
	0xC9, 0xE6, 0xC6, 0xF4, 0xF6, 0xF2, 0xFB, 0xF9, 0xFF, 0xD6, 0xDC, 0xA2, 0xA3, 0xA5, 0x20A7, 0x192,
	0xE1, 0xED, 0xF3, 0xFA, 0xF1, 0xD1, 0xAA, 0xBA, 0xBF, 0x2310, 0xAC, 0xBD, 0xBC, 0xA1, 0xAB, 0xBB,
	0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557,
	0x255D, 0x255C, 0x255B, 0x2510, 0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,
	0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567, 0x2568, 0x2564, 0x2565, 0x2559,
	0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
	0x3B1, 0xDF, 0x393, 0x3C0, 0x3A3, 0x3C3, 0xB5, 0x3C4, 0x3A6, 0x398, 0x3A9, 0x3B4, 0x221E, 0x3C6,
	0x3B5, 0x2229, 0x2261, 0xB1, 0x2265, 0x2264, 0x2320, 0x2321, 0xF7, 0x2248, 0xB0, 0x2219, 0xB7,
	0x221A, 0x207F, 0xB2, 0x25A0, 0xA0,
};

/* Where a long name part keeps its 13 UTF-16 units. */
static const uint8_t lfn_offsets[13] = { 1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30 };

static uint32_t le16(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Appends code point cp (below 0x110000) to out at *n as UTF-8. */
static void put_utf8(char *out, size_t *n, uint32_t cp)
{
	if (cp < 0x80) {
		out[(*n)++] = (char)cp;
	} else if (cp < 0x800) {
		out[(*n)++] = (char)(0xC0 | cp >> 6);
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		out[(*n)++] = (char)(0xE0 | cp >> 12);
		out[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		out[(*n)++] = (char)(0xF0 | cp >> 18);
		out[(*n)++] = (char)(0x80 | (cp >> 12 & 0x3F));
		out[(*n)++] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[(*n)++] = (char)(0x80 | (cp & 0x3F));
	}
}

/* The checksum of an 8.3 name that its long name parts carry. */
static uint8_t short_checksum(const uint8_t *raw)
{
	uint8_t sum = 0;

	for (int i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + raw[i]);
	return sum;
}

/* Appends len bytes of a space-padded 8.3 field; false when a byte cannot be in a name. */
static bool put_short_field(char *out, size_t *n, const uint8_t *field, size_t len, bool lower)
{
	while (len > 0 && field[len - 1] == ' ')
		len--;
	for (size_t i = 0; i < len; i++) {
		uint8_t c = field[i];
		if (c < 0x20 || c == '/')
			return false;
		if (c >= 0x80)
			put_utf8(out, n, cp437_high[c - 0x80]);
		else
			out[(*n)++] = lower ? ascii_lower((char)c) : (char)c;
	}
	return true;
}

/* "BASE.EXT" (or "BASE") from the entry's 11 name bytes; false for an invalid name. */
static bool decode_short(const uint8_t *raw, char *out)
{
	uint8_t base[8];
	size_t n = 0, ext_at;

	memcpy(base, raw, sizeof(base));
	if (base[0] == KANJI_E5)
		base[0] = DELETED;
	if (base[0] == ' ' || !put_short_field(out, &n, base, 8, raw[12] & NT_LOWER_BASE))
		return false;
	ext_at = n;
	out[n++] = '.';
	if (!put_short_field(out, &n, raw + 8, 3, raw[12] & NT_LOWER_EXT))
		return false;
	if (n == ext_at + 1)
		n = ext_at; /* no extension, no dot */
	out[n] = '\0';
	return true;
}

/* The gathered long name as UTF-8; false when it is empty or not valid UTF-16 or holds '/'. */
static bool decode_long(const struct fat_lfn *lfn, char *out)
{
	size_t count = (size_t)lfn->parts * 13, n = 0;

	for (size_t i = 0; i < count && lfn->units[i]; i++) {
		uint32_t cp = lfn->units[i];
		if (cp >= 0xDC00 && cp < 0xE000)
			return false; /* a low surrogate first */
		if (cp >= 0xD800 && cp < 0xDC00) {
			uint32_t low = i + 1 < count ? lfn->units[i + 1] : 0;
			if (low < 0xDC00 || low >= 0xE000)
				return false;
			cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
			i++;
		}
		if (cp == '/')
			return false;
		put_utf8(out, &n, cp);
	}
	out[n] = '\0';
	return n > 0;
}

/* Takes in one long name part; an out-of-order or foreign part drops the name gathered so far. */
static void lfn_part(struct fat_lfn *lfn, const uint8_t *raw)
{
	unsigned seq = raw[0] & LFN_SEQ_MASK;

	if (seq == 0 || seq > FAT_LFN_MAX_PARTS || (raw[0] & ~(LFN_LAST | LFN_SEQ_MASK))) {
		lfn->parts = 0;
		return;
	}
	if (raw[0] & LFN_LAST) {
		lfn->parts = (uint8_t)seq;
		lfn->checksum = raw[13];
	} else if (lfn->parts == 0 || lfn->next != seq || raw[13] != lfn->checksum) {
		lfn->parts = 0;
		return;
	}
	for (unsigned k = 0; k < 13; k++)
		lfn->units[(seq - 1) * 13 + k] = (uint16_t)le16(raw + lfn_offsets[k]);
	lfn->next = (uint8_t)(seq - 1);
}

static bool usable(const char *name)
{
	return strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

enum fat_dir_step fat_dir_decode(struct fat_lfn *lfn, const uint8_t *raw, bool fat32, struct fat_entry *out)
{
	uint8_t attr = raw[11];
	bool have_long;

	if (raw[0] == 0 || raw[0] == DELETED) {
		lfn->parts = 0;
		return raw[0] == 0 ? FAT_DIR_END : FAT_DIR_SKIP;
	}
	if ((attr & ATTR_LONG_NAME_MASK) == ATTR_LONG_NAME) {
		lfn_part(lfn, raw);
		return FAT_DIR_SKIP;
	}
	have_long = lfn->parts && lfn->next == 0 && lfn->checksum == short_checksum(raw);
	out->long_name = have_long && decode_long(lfn, out->name) && usable(out->name);
	lfn->parts = 0;
	if (attr & ATTR_VOLUME_ID)
		return FAT_DIR_SKIP;
	if (!out->long_name && !(decode_short(raw, out->name) && usable(out->name)))
		return FAT_DIR_SKIP;
	out->dir = attr & ATTR_DIRECTORY;
	out->cluster = le16(raw + 26) | (fat32 ? le16(raw + 20) << 16 : 0);
	out->size = le16(raw + 28) | le16(raw + 30) << 16;
	return FAT_DIR_ENTRY;
}

bool fat_dir_matches(const struct fat_entry *e, const char *component, size_t len)
{
	if (strlen(e->name) != len)
		return false;
	if (e->long_name)
		return memcmp(e->name, component, len) == 0;
	for (size_t i = 0; i < len; i++) {
		if (ascii_lower(e->name[i]) != ascii_lower(component[i]))
			return false;
	}
	return true;
}
