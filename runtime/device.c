/* device.c: a registry of connected devices so they are released (fds closed, memory freed) at the end. */
#include <errno.h>
#include <stdlib.h>

#include "device.h"

struct owned {
	void *dev;
	void (*release)(void *dev);
};

static struct owned *owned; /* owned array */
static size_t nowned, cap;

int kiln_device_own(void *dev, void (*release)(void *dev))
{
	if (nowned == cap) {
		size_t n = cap ? cap * 2 : 8;
		struct owned *grown = realloc(owned, n * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		owned = grown;
		cap = n;
	}
	owned[nowned++] = (struct owned){ dev, release };
	return 0;
}

void kiln_device_disown(void *dev)
{
	for (size_t i = nowned; i-- > 0;) {
		if (owned[i].dev == dev) {
			owned[i] = owned[--nowned];
			return;
		}
	}
}

void kiln_devices_release(void)
{
	while (nowned > 0) {
		nowned--;
		owned[nowned].release(owned[nowned].dev);
	}
	free(owned);
	owned = NULL;
	cap = 0;
}
