/* serial.c: the COM1 UART (16550 at port 0x3f8), the console when there is no Xen. */
#include "cpu.h"
#include "serial.h"

#define COM1 0x3f8
#define REG_DATA 0     /* with DLAB: divisor low byte */
#define REG_IER 1      /* with DLAB: divisor high byte */
#define REG_FCR 2
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define LSR_THR_EMPTY 0x20

void kiln_xen_serial_init(void)
{
	cpu_outb(COM1 + REG_IER, 0);                /* no interrupts: output is polled */
	cpu_outb(COM1 + REG_LCR, LCR_DLAB);
	cpu_outb(COM1 + REG_DATA, 1);               /* divisor 1: 115200 baud */
	cpu_outb(COM1 + REG_IER, 0);
	cpu_outb(COM1 + REG_LCR, LCR_8N1);
	cpu_outb(COM1 + REG_FCR, 0x07);             /* FIFOs on and cleared */
	cpu_outb(COM1 + REG_MCR, 0x03);             /* DTR, RTS */
}

void kiln_xen_serial_write(const void *buf, size_t len)
{
	const unsigned char *p = buf;

	for (size_t i = 0; i < len; i++) {
		while (!(cpu_inb(COM1 + REG_LSR) & LSR_THR_EMPTY))
			;
		cpu_outb(COM1 + REG_DATA, p[i]);
	}
}
