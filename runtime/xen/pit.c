/* pit.c: the i8254 PIT, used once at boot to measure the TSC's frequency when no hypervisor gives it. */
#include <errno.h>

#include "cpu.h"
#include "pit.h"

#define PIT_HZ 1193182u
#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIT_CH0_RATE_GENERATOR 0x34 /* channel 0, low then high byte, mode 2, binary */
#define PIT_CH0_LATCH 0x00
#define MEASURE_TICKS (PIT_HZ / 1000) /* 1 ms */
#define RUNS 5
#define GIVE_UP_TSC (1ull << 36)    /* tens of seconds at any clock rate: the PIT is not there */

static uint16_t read_counter(void)
{
	uint8_t lo, hi;

	cpu_outb(PIT_CMD, PIT_CH0_LATCH);
	lo = cpu_inb(PIT_CH0);
	hi = cpu_inb(PIT_CH0);
	return (uint16_t)(hi << 8 | lo);
}

/* One measurement: TSC ticks over MEASURE_TICKS of the PIT. Returns the frequency, or 0. */
static uint64_t measure(void)
{
	uint64_t t0, t1;
	uint32_t elapsed = 0;
	uint16_t prev, now;

	prev = read_counter();
	t0 = cpu_rdtsc();
	while (elapsed < MEASURE_TICKS) {
		now = read_counter();
		elapsed += (uint16_t)(prev - now);
		prev = now;
		if (cpu_rdtsc() - t0 > GIVE_UP_TSC)
			return 0;
	}
	t1 = cpu_rdtsc();
	return (t1 - t0) * PIT_HZ / elapsed;
}

int kiln_xen_pit_tsc_hz(uint64_t *hz)
{
	uint64_t runs[RUNS];

	/* Channel 0 counts down from 65535 over and over (55 ms a round); we read it as it goes. */
	cpu_outb(PIT_CMD, PIT_CH0_RATE_GENERATOR);
	cpu_outb(PIT_CH0, 0xff);
	cpu_outb(PIT_CH0, 0xff);
	/* A vCPU descheduled for a whole round would miss a wrap and skew one run: take the median. */
	for (int i = 0; i < RUNS; i++) {
		uint64_t v = measure();
		int j = i;
		if (!v)
			return -ENODEV;
		for (; j > 0 && runs[j - 1] > v; j--)
			runs[j] = runs[j - 1];
		runs[j] = v;
	}
	*hz = runs[RUNS / 2];
	return 0;
}
