/* config_network.c: the network implementations of config.c: default_network and generic_stackv4 (--net, --dhcp, --ipv4, --ipv4-gateway). */
#include <errno.h>

#include <kiln/stackv4.h>

#include "config_internal.h"

static const char *const net_choices[] = { "socket", NULL };

kiln_impl *kiln_default_network_at(const char *file, int line)
{
	static kiln_key *interface;
	kiln_impl *impl = impl_new(file, line, KILN_NETWORK, "default_network", "kiln_netif_tap_connect");

	if (!interface)
		interface = kiln_key_string_at(file, line, "interface", "tap0",
					       "The tap interface default_network uses (unix).");
	impl->keys = kiln_keys_at(file, line, (kiln_key *[]){ interface, NULL });
	impl->xen_missing = "netfront";
	return impl;
}

/* The one --net key every generic_stackv4 shares, as MirageOS's. */
static kiln_key *net_key(const char *file, int line)
{
	static kiln_key *key;

	if (!key) {
		key = kiln_key_string_at(file, line, "net", "socket",
					 "The network stack generic_stackv4 uses: socket (the host's kernel sockets; "
					 "unix only) or direct (Kiln's own stack on the network device). "
					 "Default: socket on unix, direct on xen.");
		key->configure_only = true;
		key->choices = net_choices;
		key->xen_default = "direct";
	}
	return key;
}

kiln_impl *kiln_generic_stackv4_at(const char *file, int line, kiln_impl *net)
{
	kiln_impl *impl = impl_new(file, line, KILN_STACKV4, "generic_stackv4", NULL);
	kiln_impl *socket = impl_new(file, line, KILN_STACKV4, "socket_stackv4", "kiln_stackv4_socket_connect");

	if (!net || net->kind != KILN_NETWORK) {
		config_error(file, line, "kiln_generic_stackv4: %s is not a network implementation "
			     "(use kiln_default_network())", net ? net->name : "NULL");
	}
	socket->unix_only = true;
	socket->unix_only_hint = "(it uses the host's kernel sockets): configure with --net direct";
	impl->choice_key = net_key(file, line);
	impl->choices = config_alloc(1 * sizeof(*impl->choices));
	impl->choices[0] = socket;
	return impl;
}
