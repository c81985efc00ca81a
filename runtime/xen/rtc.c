/* rtc.c: the CMOS real-time clock, the wall clock's start when there is no Xen. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "cpu.h"
#include "rtc.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define REG_STATUS_A 0x0a
#define REG_STATUS_B 0x0b
#define REG_CENTURY 0x32
#define STATUS_A_UPDATING 0x80
#define STATUS_B_24H 0x02
#define STATUS_B_BINARY 0x04
#define HOUR_PM 0x80

enum { SEC, MIN, HOUR, DAY, MONTH, YEAR, CENTURY, NFIELDS };
static const uint8_t regs[NFIELDS] = { 0x00, 0x02, 0x04, 0x07, 0x08, 0x09, REG_CENTURY };

static uint8_t cmos(uint8_t reg)
{
	cpu_outb(CMOS_INDEX, reg);
	return cpu_inb(CMOS_DATA);
}

/* One reading of the fields, taken when no update is under way (or false if one never ends). */
static bool read_fields(uint8_t f[NFIELDS])
{
	int tries = 100000;

	while (cmos(REG_STATUS_A) & STATUS_A_UPDATING) {
		if (--tries == 0)
			return false;
	}
	for (int i = 0; i < NFIELDS; i++)
		f[i] = cmos(regs[i]);
	return true;
}

static unsigned from_bcd(uint8_t v)
{
	return (v >> 4) * 10u + (v & 0x0f);
}

/* Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + (int64_t)doe - 719468;
}

int kiln_xen_rtc_read(int64_t *sec)
{
	uint8_t a[NFIELDS], b[NFIELDS], status;
	unsigned v[NFIELDS];
	bool pm;

	status = cmos(REG_STATUS_B);
	if (status == 0xff)
		return -ENODEV; /* nothing answers at the CMOS ports */
	/* Read until two readings agree, so no field comes from either side of an update. */
	do {
		if (!read_fields(a) || !read_fields(b))
			return -ENODEV;
	} while (memcmp(a, b, sizeof(a)) != 0);
	pm = !(status & STATUS_B_24H) && (a[HOUR] & HOUR_PM);
	a[HOUR] &= (uint8_t)~HOUR_PM;
	for (int i = 0; i < NFIELDS; i++)
		v[i] = (status & STATUS_B_BINARY) ? a[i] : from_bcd(a[i]);
	if (!(status & STATUS_B_24H))
		v[HOUR] = v[HOUR] % 12 + (pm ? 12 : 0);
	if (v[MONTH] < 1 || v[MONTH] > 12 || v[DAY] < 1 || v[DAY] > 31)
		return -ENODEV;
	*sec = days_from_civil((int64_t)(v[CENTURY] ? v[CENTURY] : 20) * 100 + v[YEAR], v[MONTH], v[DAY]) * 86400 +
	       v[HOUR] * 3600 + v[MIN] * 60 + v[SEC];
	return 0;
}
