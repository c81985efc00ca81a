# test_stackv4_peers.sh: TCP transfers between Linux and a stack (tests/examples/netpeer), verified by sha256, in namespaces of its own.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/netns.sh"

# summary FILE: its size and sha256 (a failed check then says whether bytes were lost or changed).
summary() { echo "$(wc -c <"$1") bytes, sha256 $(sha256sum <"$1" | cut -c1-64)"; }

# transfers LABEL NS ADDR MIB KIB: MIB MiB stored into the stack and fetched back, echoed through it,
# and 50 concurrent echo connections of KIB KiB each; every byte compared (sha256, cmp). Each nc has
# 100 s, so that a stalled connection fails the test rather than hangs it (its status is then 124).
transfers() {
	label=$1 ns=$2 addr=$3 mib=$4 kib=$5
	head -c "${mib}M" /dev/urandom >data
	want="$(summary data) nc: 0"
	ip netns exec "$ns" timeout 100 nc -N "$addr" 7001 <data
	wait_lines out 2
	expect_eq "$label: $mib MiB to the stack, all of it read" "$(sed -n 2p out)" "stored $((mib << 20)) bytes"
	ip netns exec "$ns" timeout 100 nc -d "$addr" 7002 >got
	rc=$?
	expect_eq "$label: $mib MiB from the stack, as sent" "$(summary got) nc: $rc" "$want"
	ip netns exec "$ns" timeout 100 nc -N "$addr" 7000 <data >got
	rc=$?
	expect_eq "$label: $mib MiB echoed both ways at once, as sent" "$(summary got) nc: $rc" "$want"
	i=0 pids=""
	while [ $i -lt 50 ]; do
		dd if=data of="part$i" bs="${kib}K" skip=$i count=1 2>/dev/null
		ip netns exec "$ns" timeout 100 nc -N "$addr" 7000 <"part$i" >"echo$i" &
		pids="$pids $!"
		i=$((i + 1))
	done
	for p in $pids; do wait "$p"; done
	bad=0
	i=0
	while [ $i -lt 50 ]; do
		cmp -s "part$i" "echo$i" || bad=$((bad + 1))
		i=$((i + 1))
	done
	expect_eq "$label: 50 concurrent connections of $kib KiB, each echoed exactly" "$bad different" "0 different"
	rm -f data got part* echo*
	sed -i 2d out
}

# clients LABEL NS ADDR LINUX_ADDR CMD...: a datagram echoed back by the netpeer running at ADDR, and
# one to a port it has not bound refused (an ICMP port unreachable); the netpeer is then stopped; netpeer (started as CMD) then opens connections: to a Linux listener at
# LINUX_ADDR, which hears "hello" and answers "world", and to a port where nothing listens.
clients() {
	label=$1 ns=$2 addr=$3 linux=$4
	shift 4
	expect_eq "$label: a datagram echoed back" \
		"$(printf 'udp echo' | ip netns exec "$ns" timeout 10 nc -u -w1 "$addr" 7000)" "udp echo"
	expect_eq "$label: a datagram to a port no one has bound is refused" "$(ip netns exec "$ns" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
s.connect((sys.argv[1], 7009))
s.send(b"anyone?")
try:
	print("answered", s.recv(100))
except ConnectionRefusedError:
	print("refused")
except socket.timeout:
	print("no answer in 5 s")' "$addr")" "refused"
	kill "$SPAWNED" && wait "$SPAWNED" 2>/dev/null
	printf world | ip netns exec "$ns" timeout 20 nc -N -l "$linux" 9000 >heard &
	listener=$!
	wait_listen "$ns" tcp 9000
	netns_spawn "$ns" out err "$@" --connect="$linux:9000"
	wait_lines out 2
	wait "$listener"
	expect_eq "$label: a connection it opens: what each side read" "$(cat heard) / $(sed -n 2p out)" \
		"hello / connect $linux:9000: read 5 \"world\""
	kill "$SPAWNED" && wait "$SPAWNED" 2>/dev/null
	netns_spawn "$ns" out err "$@" --connect="$linux:9001"
	wait_lines out 2
	expect_eq "$label: a connection refused is an error value" "$(sed -n 2p out)" \
		"connect $linux:9001: Connection refused"
}

top=$(scratch_copy "$KILN_SRC/tests/examples/netpeer")
cd "$top" || exit 1
"$KILN" configure -t unix --net socket >/dev/null && make -s >/dev/null 2>&1
expect_status "netpeer --net socket: configures and builds" $? 0
ns=kiln-sv4p-$$
netns_new "$ns"
netns_spawn "$ns" out err ./netpeer
wait_lines out 1
expect_eq "socket: ready" "$(cat out)" "ready on 0.0.0.0"
transfers socket "$ns" 127.0.0.1 100 256
clients socket "$ns" 127.0.0.1 127.0.0.1 ./netpeer
kill "$SPAWNED" && wait "$SPAWNED" 2>/dev/null

# The direct stack on a tap device, Linux's side 10.0.0.1/24.
"$KILN" configure -t unix --net direct >/dev/null && make -s >/dev/null 2>&1
expect_status "netpeer --net direct: configures and builds" $? 0
netns_unikernel kiln-sv4q-$$ kpd$$ ./netpeer
ns=kiln-sv4q-$$
expect_eq "direct: ready" "$(cat out)" "ready on 10.0.0.2"
transfers direct "$ns" 10.0.0.2 100 256
# The tap has offloads on: Linux handed over TCP segments longer than the MTU whole (the device
# counts them and logs the first), and the transfers above verified every byte of them.
expect_eq "direct: Linux handed over segments longer than the MTU" \
	"$(grep -c 'longer than the MTU: the host hands over large segments' err)" 1
clients direct "$ns" 10.0.0.2 10.0.0.1 ./netpeer --interface kpd$$
kill "$SPAWNED" && wait "$SPAWNED" 2>/dev/null

# The same over an impaired link, as netem would make it (this kernel has no sch_netem):
# impaired_link relays frames between the unikernel's tap and a tap of its own where Linux is
# 10.0.0.1, losing 5% of them each way, delaying the rest 5 ms and letting 10% overtake. Kiln's
# TCP has no SACK; through this link it moves about 300 KB/s, as Linux does with SACK and
# timestamps off (4 MiB: 12 to 16 s; Linux 19 s), so 4 MiB here, and 50 connections of 16 KiB.
cc -O2 -o impaired_link "$KILN_SRC/tests/examples/impaired_link.c"
ns=kiln-sv4i-$$ tap=kpi$$ linux=kpl$$
netns_new "$ns"
ip -n "$ns" tuntap add dev "$tap" mode tap
ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$tap.disable_ipv6=1"
# No ARP on the unikernel's tap: Linux would answer the unikernel's who-has 10.0.0.1 there too,
# with that interface's MAC, at once; when that answer came last, the unikernel's frames went to a
# MAC the relay's far side drops, and every transfer stalled until the ARP entry expired.
ip -n "$ns" link set "$tap" arp off
ip -n "$ns" link set "$tap" up
netns_spawn "$ns" link.out link.err ./impaired_link "$tap" "$linux" 5 5 10 "$$"
wait_lines link.out 1
ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$linux.disable_ipv6=1"
ip -n "$ns" addr add 10.0.0.1/24 dev "$linux"
ip -n "$ns" link set "$linux" up
netns_spawn "$ns" out err ./netpeer --interface "$tap"
wait_lines out 1
expect_eq "impaired: ready" "$(cat out)" "ready on 10.0.0.2"
# Linux's side knows the unikernel's MAC for good: its ARP gives up after three unanswered tries,
# which a lossy, loaded link can cost it (then "No route to host", as CI saw once). The
# unikernel's own ARP retries until it is answered.
mac=$(sed -n 's/.*plugging into .* with mac \([0-9a-f:]*\).*/\1/p' err)
ip -n "$ns" neigh replace 10.0.0.2 lladdr "$mac" dev "$linux" nud permanent
expect_status "impaired: Linux's side has the unikernel's MAC ($mac) for 10.0.0.2" $? 0
transfers impaired "$ns" 10.0.0.2 4 16
expect_eq "impaired: 10.0.0.1 has one MAC for the unikernel, the far side's" \
	"$(sed -n 's/.*updating 10[.]0[.]0[.]1 -> //p' err | sort -u)" "$(ip netns exec "$ns" cat "/sys/class/net/$linux/address")"

# On a failure the folder stays, and the last unikernel's own log is shown (its TCP says why a transfer stalled).
if [ "$T_FAILED" = 0 ]; then
	cd / && rm -rf "$top"
else
	tail -30 err | sed 's/^/# netpeer: /'
	echo "# kept $top"
fi
t_done
