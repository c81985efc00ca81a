/* serial.h: the COM1 UART (16550 at port 0x3f8), the console when there is no Xen. */
#ifndef KILN_XEN_SERIAL_H
#define KILN_XEN_SERIAL_H

#include <stddef.h>

/* Sets COM1 to 115200 baud, 8N1, FIFOs on. */
void kiln_xen_serial_init(void);

/* Writes len bytes, waiting for the transmitter as it goes. */
void kiln_xen_serial_write(const void *buf, size_t len);

#endif
