# test_dhcp.sh: the DHCP client (tests/examples/dhcp_client) against dnsmasq on a tap in a namespace of its own: lease, options, renewals, rebinding, refusal, release.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/netns.sh"

build_example "$KILN_SRC/tests/examples/dhcp_client" "dhcp_client"
top=$PWD
ns=kiln-dhcp-$$
netns_new "$ns"
netns_tap "$ns"

# No server: four discovers, then the start function fails.
ip netns exec "$ns" ./dhcp_client >out 2>err
expect_status "no DHCP server: exits 1" $? 1
expect_match "no DHCP server: says it timed out" "$(cat err)" "*the start function failed: Connection timed out*"

# start_dnsmasq ADDR LOG: dnsmasq giving the one address ADDR, logging to LOG; sets dnsmasq to its pid.
# A 2-minute lease (its minimum) with T1/T2 of 3 and 6 s, so that renewals come quickly; --no-ping:
# it offers at once instead of pinging the address first; authoritative: it refuses what it does not know.
start_dnsmasq() {
	netns_spawn "$ns" dnsmasq.out "$2" dnsmasq --no-daemon --port=0 --interface=tap0 --bind-interfaces --no-resolv \
		--no-hosts --no-ping --dhcp-leasefile="$top/leases" --dhcp-range="$1,$1,255.255.255.0,2m" \
		--dhcp-option=option:router,10.0.0.1 --dhcp-option=option:dns-server,10.0.0.53,10.0.0.54 \
		--dhcp-option=option:T1,3 --dhcp-option=option:T2,6 --log-dhcp --dhcp-authoritative
	dnsmasq=$SPAWNED
}
start_dnsmasq 10.0.0.50 dnsmasq.log
wait_listen "$ns" udp 67
expect_status "dnsmasq listens" $? 0

netns_spawn "$ns" out err ./dhcp_client --renewals=2
client=$SPAWNED
wait_lines out 1
lease="10.0.0.50 netmask 255.255.255.0 router 10.0.0.1 dns 10.0.0.53 (2) server 10.0.0.1 lease 120 s"
expect_eq "bound: the offered address, netmask, router, DNS, server and lease" "$(cat out)" "bound: $lease"
ip netns exec "$ns" ping -c 1 -W 2 10.0.0.50 >ping_out 2>&1
expect_match "Linux pings the leased address" "$(cat ping_out)" "*1 packets transmitted, 1 received*"
mac=$(sed -n 's/.*plugging into tap0 with mac \([0-9a-f:]*\)$/\1/p' err)
expect_match "dnsmasq leased 10.0.0.50 to the unikernel's MAC" "$(cat leases)" "* $mac 10.0.0.50 *"
wait "$client"
expect_status "two renewals seen, the lease released, the stack freed: exits 0" $? 0
expect_eq "each renewal shown" "$(cat out)" "bound: $lease
renewed: $lease
renewed: $lease"
# Under load a discover or a request may be sent again (a new exchange): repeated lines are counted once.
expect_eq "the DHCP log lines" "$(log_lines err | grep DHCP | uniq)" "INF [DHCP] offer received: 10.0.0.50 from 10.0.0.1
INF [DHCP] bound to 10.0.0.50 nm 255.255.255.0 gw [10.0.0.1], lease 120 s
INF [DHCP] renewed 10.0.0.50 nm 255.255.255.0 gw [10.0.0.1], lease 120 s
INF [DHCP] released 10.0.0.50"
expect_eq "two renewals logged" "$(grep -c 'DHCP\] renewed' err)" 2
expect_match "the address was announced" "$(cat err)" "*\\[ARP] sending gratuitous from 10.0.0.50*"
# dnsmasq's view: discovers and offers (more than one each if the client tried again), the offer
# requested and acknowledged, then renewals, each acknowledged; never a NAK.
seq=$(grep -o 'DHCP[A-Z]*(tap0)' dnsmasq.log | tr '\n' ' ')
expect_match "dnsmasq: discovers, then the offer requested and acknowledged" "$seq" \
	"DHCPDISCOVER(tap0) *DHCPOFFER(tap0) DHCPREQUEST(tap0) DHCPACK(tap0) *"
requests=$(grep -c 'DHCPREQUEST(tap0)' dnsmasq.log)
expect_eq "dnsmasq: every request acknowledged, none refused" \
	"$(grep -c 'DHCPACK(tap0)' dnsmasq.log) $(grep -c 'DHCPNAK' dnsmasq.log)" "$requests 0"
expect_match "dnsmasq: the request for the offer and two renewals, at least" "$requests" "[3-9]"
expect_match "dnsmasq: the lease released" "$(cat dnsmasq.log)" "*DHCPRELEASE(tap0) 10.0.0.50 $mac*"

# Rebinding: the server stops hearing unicast (its own address), so renewing with it fails until
# T2; then the client asks any server by broadcast, and the same one answers.
ip netns exec "$ns" iptables -A INPUT -i tap0 -p udp --dport 67 -d 10.0.0.1 -j DROP
netns_spawn "$ns" out err ./dhcp_client --renewals=1
client=$SPAWNED
wait "$client"
expect_status "rebinding: renewed, exits 0" $? 0
expect_eq "rebinding: the DHCP log lines" "$(log_lines err | grep DHCP | uniq)" "INF [DHCP] offer received: 10.0.0.50 from 10.0.0.1
INF [DHCP] bound to 10.0.0.50 nm 255.255.255.0 gw [10.0.0.1], lease 120 s
INF [DHCP] no answer from 10.0.0.1, rebinding
INF [DHCP] renewed 10.0.0.50 nm 255.255.255.0 gw [10.0.0.1], lease 120 s
INF [DHCP] released 10.0.0.50"
expect_match "rebinding: the unicast renewals were dropped" \
	"$(ip netns exec "$ns" iptables -L INPUT -v -n | grep DROP)" "* [1-9]* *DROP*"

# Refused: the server restarts with another range and no leases; the renewal gets a NAK, and the
# client drops the address, discovers again and binds the new one. (The rebinding client's release
# was dropped with the unicast: a fresh dnsmasq first.)
ip netns exec "$ns" iptables -D INPUT -i tap0 -p udp --dport 67 -d 10.0.0.1 -j DROP
kill "$dnsmasq" && wait "$dnsmasq" 2>/dev/null
rm -f leases
start_dnsmasq 10.0.0.50 dnsmasq.log
wait_listen "$ns" udp 67
netns_spawn "$ns" out err ./dhcp_client --renewals=1
client=$SPAWNED
wait_lines out 1
kill "$dnsmasq" && wait "$dnsmasq" 2>/dev/null
rm -f leases
start_dnsmasq 10.0.0.60 dnsmasq2.log
wait "$client"
expect_status "refused: bound again, renewed, exits 0" $? 0
expect_eq "refused: the new lease shown, then its renewal" "$(cut -d' ' -f1,2 out)" "bound: 10.0.0.50
bound: 10.0.0.60
renewed: 10.0.0.60"
expect_eq "refused: the DHCP log lines" "$(log_lines err | grep DHCP | uniq)" "INF [DHCP] offer received: 10.0.0.50 from 10.0.0.1
INF [DHCP] bound to 10.0.0.50 nm 255.255.255.0 gw [10.0.0.1], lease 120 s
INF [DHCP] lease of 10.0.0.50 refused
INF [DHCP] offer received: 10.0.0.60 from 10.0.0.1
INF [DHCP] bound to 10.0.0.60 nm 255.255.255.0 gw [10.0.0.1], lease 120 s
INF [DHCP] renewed 10.0.0.60 nm 255.255.255.0 gw [10.0.0.1], lease 120 s
INF [DHCP] released 10.0.0.60"
expect_match "refused: dnsmasq said no to 10.0.0.50" "$(cat dnsmasq2.log)" "*DHCPNAK(tap0) 10.0.0.50 *"

cd / && rm -rf "$top"
t_done
