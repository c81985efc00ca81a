# tests/netns.sh: sourced by network tests after lib.sh: namespaces of their own, and waiting for a listener.
# Every name includes the test's pid so that tests running in parallel never collide; netns_cleanup
# (run by the EXIT trap set here) kills what the test started in them and deletes them.

NETNS_LIST=""
NETNS_PIDS=""

netns_cleanup() {
	for p in $NETNS_PIDS; do kill "$p" 2>/dev/null; done
	for p in $NETNS_PIDS; do wait "$p" 2>/dev/null; done
	for n in $NETNS_LIST; do ip netns del "$n" 2>/dev/null; done
}
trap netns_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# netns_new NAME: creates the namespace NAME with its loopback up.
netns_new() {
	ip netns add "$1" || return 1
	NETNS_LIST="$NETNS_LIST $1"
	ip -n "$1" link set lo up
}

# netns_spawn NS OUT ERR CMD...: starts CMD in NS in the background, stdout to OUT, stderr to ERR (new files);
# sets SPAWNED to its pid (killed at exit).
netns_spawn() {
	ns=$1 o=$2 e=$3
	shift 3
	rm -f "$o" "$e" # so that waiting for its lines never reads an earlier run's
	ip netns exec "$ns" "$@" >"$o" 2>"$e" &
	SPAWNED=$!
	NETNS_PIDS="$NETNS_PIDS $SPAWNED"
}

# wait_listen NS tcp|udp PORT: waits up to 10 s until a socket listens on PORT in NS. Returns 1 if none did.
wait_listen() {
	i=0
	while [ $i -lt 100 ]; do
		[ -n "$(ip netns exec "$1" ss -Hln"$(echo "$2" | cut -c1)" "sport = :$3" 2>/dev/null)" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# wait_lines FILE N: waits up to 10 s until FILE has at least N lines. Returns 1 if it did not.
wait_lines() {
	i=0
	while [ $i -lt 100 ]; do
		[ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# wait_grep FILE TEXT: waits up to 10 s until FILE holds the fixed string TEXT. Returns 1 if it did not.
wait_grep() {
	i=0
	while [ $i -lt 100 ]; do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# netns_tap NS [TAP [ADDR/PREFIX]]: a tap device TAP (default tap0) in NS for a unikernel's direct
# stack, Linux's side of it addressed ADDR/PREFIX (default 10.0.0.1/24) and up, without IPv6 (whose
# chatter would only be noise).
netns_tap() {
	ip -n "$1" tuntap add dev "${2:-tap0}" mode tap || return 1
	ip netns exec "$1" sysctl -qw "net.ipv6.conf.${2:-tap0}.disable_ipv6=1"
	ip -n "$1" addr add "${3:-10.0.0.1/24}" dev "${2:-tap0}" && ip -n "$1" link set "${2:-tap0}" up
}

# log_lines FILE: a unikernel's log lines without their dates, MAC addresses as MAC.
log_lines() {
	sed -e 's/^[0-9-]* [0-9:.]*: //' -e 's/[0-9a-f][0-9a-f]\(:[0-9a-f][0-9a-f]\)\{5\}/MAC/g' "$1"
}

# netns_unikernel NS TAP CMD...: the namespace NS with the tap device TAP, Linux's side 10.0.0.1/24
# (the seed's setup), and CMD started in it on TAP (--interface TAP), its stdout in ./out and stderr
# in ./err; waits for its first line.
netns_unikernel() {
	uk_ns=$1 uk_tap=$2
	shift 2
	netns_new "$uk_ns" && netns_tap "$uk_ns" "$uk_tap" 10.0.0.1/24 || return 1
	netns_spawn "$uk_ns" out err "$@" --interface "$uk_tap"
	wait_lines out 1
}
