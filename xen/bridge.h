/* bridge.h: finds the bridge a xen guest's network devices join on the build host, from sysfs. */
#ifndef KILN_XEN_BRIDGE_H
#define KILN_XEN_BRIDGE_H

#include <stdbool.h>
#include <stddef.h>

/* The names looked for first, in order of preference (NULL-terminated); the first is the default. */
extern const char *const xen_bridge_preferred[];

/*
 * Looks in sysfs_net_root (/sys/class/net, or a fake tree in tests) for the bridge to attach
 * guests to: xenbr0, br0, virbr0 in that order, then any other Linux bridge (the first by name).
 * A Linux bridge is a folder <name>/ with a bridge/ folder inside. A preferred name that is not a
 * Linux bridge is an Open vSwitch bridge when the Open vSwitch datapath (ovs-system) is there too:
 * sysfs has no other mark of an OVS bridge's internal port, so OVS bridges under other names are
 * not recognised.
 * Writes the name to out (len bytes) and whether it is Open vSwitch to *ovs. Returns 0, -ENOENT
 * when none was found (out is then the default, xenbr0, and *ovs false), or -ENAMETOOLONG.
 */
int xen_bridge_detect(const char *sysfs_net_root, char *out, size_t len, bool *ovs);

#endif
