# test_stackv4_peers.sh: TCP transfers between Linux and a stack (tests/examples/netpeer), verified by sha256, in namespaces of its own.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/netns.sh"

# transfers LABEL NS ADDR MIB: MIB MiB stored into the stack and fetched back, echoed through it,
# and 50 concurrent echo connections of 256 KiB each; every byte compared by sha256.
transfers() {
	label=$1 ns=$2 addr=$3 mib=$4
	head -c "${mib}M" /dev/urandom >data
	want=$(sha256sum <data)
	ip netns exec "$ns" nc -N "$addr" 7001 <data
	wait_lines out 2
	expect_eq "$label: $mib MiB to the stack, all of it read" "$(sed -n 2p out)" "stored $((mib << 20)) bytes"
	expect_eq "$label: $mib MiB from the stack, as sent" "$(ip netns exec "$ns" nc -d "$addr" 7002 | sha256sum)" "$want"
	expect_eq "$label: $mib MiB echoed both ways at once, as sent" \
		"$(ip netns exec "$ns" nc -N "$addr" 7000 <data | sha256sum)" "$want"
	i=0 pids=""
	while [ $i -lt 50 ]; do
		dd if=data of="part$i" bs=256K skip=$i count=1 2>/dev/null
		ip netns exec "$ns" nc -N "$addr" 7000 <"part$i" >"echo$i" &
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
	expect_eq "$label: 50 concurrent connections, each echoed exactly" "$bad different" "0 different"
	rm -f data part* echo*
	sed -i 2d out
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
transfers socket "$ns" 127.0.0.1 100

cd / && rm -rf "$top"
t_done
