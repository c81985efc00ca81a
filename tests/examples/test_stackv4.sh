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

cd / && rm -rf "$top"
t_done
