/* config_network.c: the network implementations of config.c: default_network and generic_stackv4 (--net, --dhcp, --ipv4, --ipv4-gateway). */
#include <errno.h>

#include <kiln/stackv4.h>

#include "config_internal.h"

static const char *const net_choices[] = { "socket", "direct", NULL };

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

static int check_cidr(const char *value)
{
	uint32_t addr;
	unsigned prefix;

	return kiln_ipv4_parse_cidr(value, &addr, &prefix);
}

static int check_gateway(const char *value)
{
	uint32_t addr;

	return *value ? kiln_ipv4_parse(value, &addr) : 0;
}

/* The direct stack's keys, shared by every generic_stackv4 as MirageOS's: --dhcp, --ipv4, --ipv4-gateway. */
static kiln_key_list *direct_keys(const char *file, int line)
{
	static kiln_key_list *keys;

	if (!keys) {
		kiln_key *dhcp = kiln_key_bool_at(file, line, "dhcp", false,
						  "Whether the direct stack takes its address from DHCP (else --ipv4).");
		kiln_key *ipv4 = kiln_key_string_at(file, line, "ipv4", "10.0.0.2/24",
						    "The direct stack's static address and prefix length.");
		kiln_key *gateway = kiln_key_string_at(file, line, "ipv4-gateway", "10.0.0.1",
						       "The direct stack's gateway with a static address (\"\": none).");
		ipv4->metavar = "ADDR/PREFIX";
		ipv4->check = check_cidr;
		gateway->metavar = "ADDR";
		gateway->check = check_gateway;
		keys = kiln_keys_at(file, line, (kiln_key *[]){ dhcp, ipv4, gateway, NULL });
	}
	return keys;
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
	kiln_impl *direct = impl_new(file, line, KILN_STACKV4, "direct_stackv4", "kiln_stackv4_direct_connect");

	if (!net || net->kind != KILN_NETWORK) {
		config_error(file, line, "kiln_generic_stackv4: %s is not a network implementation "
			     "(use kiln_default_network())", net ? net->name : "NULL");
	}
	socket->unix_only = true;
	socket->unix_only_hint = "(it uses the host's kernel sockets): configure with --net direct";
	direct->dep = net;
	direct->xen_missing = net ? net->xen_missing : NULL;
	direct->keys = direct_keys(file, line);
	impl->choice_key = net_key(file, line);
	impl->choices = config_alloc(2 * sizeof(*impl->choices));
	impl->choices[0] = socket;
	impl->choices[1] = direct;
	return impl;
}
