# test_stackv4.sh: examples/stackv4 against Linux peers (nc) inside namespaces of its own: the seed's exact lines.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/netns.sh"

# nc's source ports are chosen (-p) so that the lines printed can be checked exactly; each TCP
# connection gets a port of its own, as a closed one lingers in TIME_WAIT.

# seed_lines PEER LOCAL SRC_PORT: the lines the seed shows for one UDP datagram and one TCP
# connection from PEER, the datagram from port SRC_PORT and the connection from SRC_PORT + 1.
seed_lines() {
	printf '%s\n%s\n%s' "UDP $1.$3 > $2.53: \"hello udp world\"" "TCP $1.$(($3 + 1)) > _.8080" \
		'read: 15 "hello tcp world"'
}

# send_hellos NS ADDR SRC_PORT: the seed's two nc commands, from namespace NS to ADDR.
send_hellos() {
	printf 'hello udp world' | ip netns exec "$1" nc -unw1 -p "$3" "$2" 53
	printf 'hello tcp world' | ip netns exec "$1" nc -nw1 -p $(($3 + 1)) "$2" 8080
}

build_example "$KILN_SRC/examples/stackv4" "stackv4 (socket)"
top=$PWD

# The socket stack, on the namespace's loopback.
ns=kiln-sv4s-$$
netns_new "$ns"
netns_spawn "$ns" out err ./stackv4
wait_listen "$ns" udp 53 && wait_listen "$ns" tcp 8080
expect_status "socket: listens on UDP 53 and TCP 8080" $? 0
send_hellos "$ns" 127.0.0.1 40000
wait_lines out 4
expect_eq "socket: the seed's lines, 0.0.0.0 as its address" "$(cat out)" \
	"$(printf 'IP address: 0.0.0.0\n'; seed_lines 127.0.0.1 0.0.0.0 40000)"

# A connection closed without data is read as the end of the stream.
ip netns exec "$ns" nc -nz -p 40002 127.0.0.1 8080
wait_lines out 6
expect_eq "socket: a connection without data reads eof" "$(tail -n 2 out)" \
	"$(printf 'TCP 127.0.0.1.40002 > _.8080\nread: eof')"

# Many connections at once, each in its own fiber: every one is read.
i=0
while [ $i -lt 50 ]; do
	printf 'conn %02d' $i | ip netns exec "$ns" nc -nw2 127.0.0.1 8080 &
	i=$((i + 1))
done
wait_lines out 106
expect_eq "socket: 50 concurrent connections, each read" "$(grep '^read: 7 "conn' out | sort)" \
	"$(i=0; while [ $i -lt 50 ]; do printf 'read: 7 "conn %02d"\n' $i; i=$((i + 1)); done)"

# A second instance cannot have the ports: the start function's error is the exit status.
ip netns exec "$ns" ./stackv4 >out2 2>err2
expect_status "socket: ports in use: exits 1" $? 1
expect_match "socket: ports in use: says why" "$(cat err2)" "*the start function failed: Address already in use*"

# In colour on a terminal (script gives it one): red, green, yellow as the seed.
kill "$SPAWNED" && wait "$SPAWNED" 2>/dev/null
script -qfc "ip netns exec $ns ./stackv4 2>/dev/null" /dev/null >tty_out 2>/dev/null &
NETNS_PIDS="$NETNS_PIDS $!"
wait_listen "$ns" udp 53 && wait_listen "$ns" tcp 8080
send_hellos "$ns" 127.0.0.1 40010
wait_lines tty_out 4
esc=$(printf '\033')
expect_eq "socket: on a terminal, in the seed's colours" "$(tr -d '\r' <tty_out)" \
	"$(printf 'IP address: 0.0.0.0\n'; seed_lines 127.0.0.1 0.0.0.0 40010 | sed -e "1s/.*/$esc[31m&$esc[m/" \
		-e "2s/.*/$esc[32m&$esc[m/" -e "3s/.*/$esc[33m&$esc[m/")"

# Configuration: the keys in the help, and xen refused with the reason.
expect_match "configure --help lists --net" "$("$KILN" configure --help)" "*--net=socket*"
"$KILN" configure -t xen --net socket >/dev/null 2>err
expect_status "configure -t xen --net socket: fails" $? 1
expect_match "configure -t xen --net socket: says the socket stack is unix only" "$(cat err)" \
	"*config.c:6: error: socket_stackv4 is only available on the unix target (it uses the host's kernel sockets): configure with --net direct*"

# The direct stack on a tap device in a namespace, Linux's side 10.0.0.1/24 (the seed's setup).
"$KILN" configure -t unix --net direct >/dev/null && make -s >/dev/null 2>&1
expect_status "stackv4 --net direct: configures and builds" $? 0
ns=kiln-sv4d-$$ tap=ksv4d$$
netns_unikernel "$ns" "$tap" ./stackv4
expect_eq "direct static: the default address" "$(cat out)" "IP address: 10.0.0.2"
expect_match "direct static: Linux pings it" "$(ip netns exec "$ns" ping -c 3 -i 0.2 -W 2 10.0.0.2)" \
	"*3 packets transmitted, 3 received, 0% packet loss*"
send_hellos "$ns" 10.0.0.2 40100
wait_lines out 4
expect_eq "direct static: the seed's lines" "$(sed 1d out)" "$(seed_lines 10.0.0.1 10.0.0.2 40100)"
kill "$SPAWNED" && wait "$SPAWNED" 2>/dev/null

# The address given at boot, the gateway left out.
netns_spawn "$ns" out err ./stackv4 --interface "$tap" --ipv4=10.0.0.7/24 --ipv4-gateway=
wait_lines out 1
send_hellos "$ns" 10.0.0.7 40110
wait_lines out 4
expect_eq "direct static --ipv4 at boot: the seed's lines" "$(cat out)" \
	"$(printf 'IP address: 10.0.0.7\n'; seed_lines 10.0.0.1 10.0.0.7 40110)"
kill "$SPAWNED" && wait "$SPAWNED" 2>/dev/null

# Bad addresses are refused at boot and at configure time, with the form expected.
ip netns exec "$ns" ./stackv4 --interface "$tap" --ipv4 10.0.0.300/24 >out2 2>err2
expect_status "direct: --ipv4 10.0.0.300/24 at boot: exits 1" $? 1
expect_match "direct: --ipv4 10.0.0.300/24 at boot: says why" "$(cat err2)" \
	"*--ipv4 '10.0.0.300/24' is not ADDR/PREFIX*cannot connect device direct_stackv4: Invalid argument*"
ip netns exec "$ns" ./stackv4 --interface "$tap" --ipv4-gateway 10.1.0.1 >out2 2>err2
expect_match "direct: a gateway outside the subnet is refused" "$(cat err2)" \
	"*--ipv4-gateway 10.1.0.1 is not in 10.0.0.2/24's subnet*"
"$KILN" configure -t unix --net direct --ipv4 10.0.0.2 >/dev/null 2>err2
expect_status "configure --ipv4 without a prefix: fails" $? 1
expect_match "configure --ipv4 without a prefix: says the form" "$(cat err2)" \
	"*invalid value '10.0.0.2' for --ipv4: expected ADDR/PREFIX*"
expect_match "configure --help lists --net, --dhcp, --ipv4 and --ipv4-gateway" "$("$KILN" configure --help)" \
	"*--net=socket|direct*--dhcp=true|false*--ipv4=ADDR/PREFIX*(default: 10.0.0.2/24)*--ipv4-gateway=ADDR*(default: 10.0.0.1)*"

# DHCP from dnsmasq on Linux's side: the stack takes the one address offered, configured at configure time.
ip netns exec "$ns" dnsmasq --keep-in-foreground --no-resolv --port=0 --interface="$tap" --bind-interfaces \
	--dhcp-range=10.0.0.100,10.0.0.100,255.255.255.0,2m --dhcp-option=3,10.0.0.1 \
	--dhcp-leasefile="$top/leases" --pid-file="$top/dnsmasq.pid" 2>"$top/dnsmasq.err" &
NETNS_PIDS="$NETNS_PIDS $!"
"$KILN" configure -t unix --net direct --dhcp true >/dev/null && make -s >/dev/null 2>&1
expect_status "stackv4 --net direct --dhcp true: configures and builds" $? 0
netns_spawn "$ns" out err ./stackv4 --interface "$tap"
wait_lines out 1
expect_eq "direct DHCP: the address offered" "$(cat out)" "IP address: 10.0.0.100"
send_hellos "$ns" 10.0.0.100 40120
wait_lines out 4
expect_eq "direct DHCP: the seed's lines" "$(sed 1d out)" "$(seed_lines 10.0.0.1 10.0.0.100 40120)"
expect_match "direct DHCP: dnsmasq leased it" "$(cat "$top/leases")" "* 10.0.0.100 *"
kill "$SPAWNED" && wait "$SPAWNED" 2>/dev/null

# Without a DHCP server (a second tap, where dnsmasq does not listen) the boot fails once the
# client gives up, every layer's fiber ended; and a missing tap device is named with the fix.
netns_tap "$ns" ksv4n$$ 10.0.1.1/24
ip netns exec "$ns" ./stackv4 --interface ksv4n$$ >out2 2>err2
expect_status "direct DHCP without a server: exits 1" $? 1
expect_match "direct DHCP without a server: says so" "$(cat err2)" \
	"*DHCP found no lease: Connection timed out*cannot connect device direct_stackv4: Connection timed out*"
ip netns exec "$ns" ./stackv4 --interface nosuch$$ >out2 2>err2
expect_status "direct on a missing tap device: exits 1" $? 1
expect_match "direct on a missing tap device: says how to make it" "$(cat err2)" \
	"*no such interface; create it with \`ip tuntap add nosuch$$ mode tap\`*cannot connect device default_network: No such device*"
netns_spawn "$ns" out err ./stackv4 --interface "$tap" --dhcp false
wait_lines out 1
expect_eq "direct: --dhcp false at boot takes the static address again" "$(cat out)" "IP address: 10.0.0.2"

# xen has no netfront yet: configure says so.
"$KILN" configure -t xen >/dev/null 2>err2
expect_match "configure -t xen (direct by default): says what is missing" "$(cat err2)" \
	"*config.c:6: error: direct_stackv4 is not available on xen yet (needs netfront)*"

cd / && rm -rf "$top"
t_done
