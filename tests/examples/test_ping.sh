# test_ping.sh: examples/ping on a tap device in a namespace of its own, Linux (10.0.0.1) as the peer: ARP, echo, fragments.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/netns.sh"

build_example "$KILN_SRC/examples/ping" "ping"
top=$PWD
ns=kiln-ping-$$
netns_new "$ns"

# No tap yet: the error says how to make one.
ip netns exec "$ns" ./ping >out 2>err
expect_status "without tap0: exits 1" $? 1
expect_match "without tap0: says how to create it" "$(cat err)" \
	"*\\[netif] tap0: no such interface; create it with \`ip tuntap add tap0 mode tap\`*"
ip netns exec "$ns" ./ping --interface=lo >out 2>err
expect_match "--interface=lo: not a tap" "$(cat err)" "*\\[netif] lo: not a tap interface*"

# A tap owned by root: another user may not open it, and is told how to have one of its own.
ip -n "$ns" tuntap add tap0 mode tap user 0
bin=$(mktemp -d "${TMPDIR:-/tmp}/kiln-ping-bin.XXXXXX") && chmod 755 "$bin" && cp ping "$bin/"
ip netns exec "$ns" setpriv --reuid=65534 --regid=65534 --clear-groups "$bin/ping" >out 2>err
expect_status "a tap owned by root, as nobody: exits 1" $? 1
expect_match "a tap owned by root, as nobody: says how to have one" "$(cat err)" \
	"*\\[netif] tap0: permission denied; run as root or recreate the tap owned by you: *"
rm -rf "$bin"

# Down on the host: a warning says so; the unikernel runs and answers once the host brings it up.
ip -n "$ns" addr add 10.0.0.1/24 dev tap0
netns_spawn "$ns" out err ./ping
wait_lines out 1
expect_match "tap0 down: a warning says how to bring it up" "$(cat err)" \
	"*WRN \\[netif] tap0 is down on the host: nothing gets through until \`ip link set tap0 up\`*"
ip -n "$ns" link set tap0 up
ip netns exec "$ns" ping -c 1 -W 2 10.0.0.2 >ping_out 2>&1
expect_match "tap0 down, then up: answers" "$(cat ping_out)" "*1 packets transmitted, 1 received*"
kill "$SPAWNED" && wait "$SPAWNED" 2>/dev/null
ip -n "$ns" neigh flush dev tap0

netns_spawn "$ns" out err ./ping
wait_lines out 1
ip netns exec "$ns" ping -c 3 -i 0.2 -W 2 10.0.0.2 >ping_out 2>&1
expect_match "Linux's ping gets 3 replies (TTL 64)" "$(cat ping_out)" \
	"*64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 *3 packets transmitted, 3 received, 0% packet loss*"
wait_lines out 4
expect_eq "the unikernel shows each echo request" "$(cat out)" "IP address: 10.0.0.2
echo request from 10.0.0.1: seq 1, 56 bytes
echo request from 10.0.0.1: seq 2, 56 bytes
echo request from 10.0.0.1: seq 3, 56 bytes"
expect_eq "the log: the device, the address, ARP as the seed shows" "$(log_lines err)" \
	"INF [netif] plugging into tap0 with mac MAC
INF [IPv4] 10.0.0.2 nm 255.255.255.0 gw 10.0.0.1
INF [ARP] sending gratuitous from 10.0.0.2
INF [ARP] responding to: who-has 10.0.0.2?
INF [ARP] transmitting probe -> 10.0.0.1
INF [ARP] updating 10.0.0.1 -> MAC"
mac=$(sed -n 's/.*plugging into tap0 with mac \([0-9a-f:]*\)$/\1/p' err)
expect_match "the who-has answer gave Linux the unikernel's MAC" "$(ip -n "$ns" neigh show 10.0.0.2)" \
	"10.0.0.2 dev tap0 lladdr $mac *"
expect_match "ARP learnt Linux's MAC (the one it has)" "$(cat err)" \
	"*updating 10.0.0.1 -> $(ip -n "$ns" link show tap0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')*"

# 3000 bytes do not fit a 1500-byte frame: Linux fragments the request, the unikernel reassembles
# it and fragments its reply, which Linux reassembles and checks.
ip netns exec "$ns" ping -c 1 -s 3000 -W 2 10.0.0.2 >ping_out 2>&1
expect_match "a 3000-byte echo: fragmented both ways, answered" "$(cat ping_out)" \
	"*3008 bytes from 10.0.0.2: icmp_seq=1*1 packets transmitted, 1 received*"
wait_lines out 5
expect_eq "the unikernel saw the whole 3000 bytes" "$(tail -n 1 out)" "echo request from 10.0.0.1: seq 1, 3000 bytes"

# Another address from the keys; the gateway outside the subnet is refused.
kill "$SPAWNED" && wait "$SPAWNED" 2>/dev/null
netns_spawn "$ns" out err ./ping --ipv4=10.0.0.7/24 --ipv4-gateway=none --arp-timeout=1
wait_lines out 1
ip netns exec "$ns" ping -c 1 -W 2 10.0.0.7 >ping_out 2>&1
expect_match "--ipv4=10.0.0.7/24: answers there" "$(cat ping_out)" "*1 packets transmitted, 1 received*"
expect_match "--ipv4-gateway=none: no gateway" "$(cat err)" "*\\[IPv4] 10.0.0.7 nm 255.255.255.0 gw none*"
# The seed's last line: the answer ages out of the cache (after 1 s here, --arp-timeout).
wait_grep err "timeout 10.0.0.1"
expect_eq "--arp-timeout=1: the peer's entry times out, as the seed shows" \
	"$(log_lines err | grep -E '\[ARP\] (updating|timeout)')" "INF [ARP] updating 10.0.0.1 -> MAC
INF [ARP] timeout 10.0.0.1"
kill "$SPAWNED" && wait "$SPAWNED" 2>/dev/null
ip netns exec "$ns" ./ping --ipv4=10.0.0.7/24 --ipv4-gateway=192.168.1.1 >out 2>err
expect_status "a gateway outside the subnet: exits 1" $? 1

# Configuration: xen has no network device yet.
"$KILN" configure -t xen >/dev/null 2>err
expect_status "configure -t xen: fails" $? 1
expect_match "configure -t xen: needs netfront" "$(cat err)" "*netfront*"

cd / && rm -rf "$top"
t_done
