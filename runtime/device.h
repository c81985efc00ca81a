/* device.h: the devices the runtime owns once connected, released when the unikernel ends. */
#ifndef KILN_DEVICE_H
#define KILN_DEVICE_H

/*
 * Takes ownership of dev: release(dev) is called by kiln_devices_release().
 * Returns 0, or -ENOMEM, in which case the caller still owns dev and must free it.
 */
int kiln_device_own(void *dev, void (*release)(void *dev));

/* Gives dev back to its caller (who disconnects it early): the runtime no longer releases it. */
void kiln_device_disown(void *dev);

/* Releases every owned device, the last connected first. */
void kiln_devices_release(void);

#endif
