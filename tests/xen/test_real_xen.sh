#!/bin/sh
# test_real_xen.sh: noop, console, hello and kv_ro_crunch built for xen and run as PVH guests on real Xen (under QEMU TCG), in one boot: exact console logs and shutdown reasons.
# The first run builds the dom0 image (about a minute, as root); later runs reuse it (tests/xen/README.md).
. "$KILN_SRC/tests/lib.sh"

HARNESS="$KILN_SRC/tests/xen/xen-harness"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kiln-real-xen.XXXXXX")
GUESTS=""

skip() {
	echo "# skipped: $1"
	rm -rf "$WORK"
	exit 0
}

# Runs only in the default variant: the guests do not depend on the host build's sanitizers, and
# one boot of Xen under TCG is the expensive part of the suite.
check_variant() {
	case "$KILN_BUILD" in
	*/san | */san/) skip "the real-Xen test runs in the default variant only" ;;
	esac
}

check_xen_target() {
	d=$(scratch_copy "$KILN_SRC/examples/hello")
	(cd "$d" && "$KILN" configure -t xen) >/dev/null 2>&1 || skip "kiln configure -t xen is not available"
	(cd "$d" && make -s) >/dev/null 2>&1 && [ -f "$d/hello.xen" ] ||
		skip "kiln configure -t xen works, but make does not produce hello.xen yet"
	rm -rf "$d"
}

check_dom0_image() {
	[ "$(id -u)" = 0 ] && return
	"$KILN_SRC/tests/xen/dom0-image" --cached >/dev/null 2>&1 ||
		skip "no cached dom0 image, and building one needs root (tests/xen/dom0-image)"
}

# build_guest EXAMPLE NAME: configures and builds examples/EXAMPLE for xen in a scratch copy;
# adds NAME.xen and NAME.xl to the guests of the boot.
build_guest() {
	d=$(scratch_copy "$KILN_SRC/examples/$1")
	mv "$d" "$WORK/$1"
	d="$WORK/$1"
	(cd "$d" && "$KILN" configure -t xen && make -s) >"$WORK/$1.build" 2>&1
	expect_status "$1: configures and builds for xen" $? 0
	if [ -f "$d/$2.xen" ] && [ -f "$d/$2.xl" ]; then
		GUESTS="$GUESTS --guest $d/$2.xen --xl $d/$2.xl"
	else
		t_not_ok "$1: $2.xen and $2.xl exist" "$(tail -20 "$WORK/$1.build")"
	fi
}

# hello_variant NAME EXTRA: hello.xen again, as domain NAME, with EXTRA as its boot command line.
hello_variant() {
	[ -f "$WORK/hello/hello.xen" ] || return 0
	sed -e "s/^[[:space:]]*name[[:space:]]*=.*/name = '$1'/" -e '/^[[:space:]]*extra[[:space:]]*=/d' \
		"$WORK/hello/hello.xl" >"$WORK/$1.xl"
	echo "extra = '$2'" >>"$WORK/$1.xl"
	GUESTS="$GUESTS --guest $WORK/hello/hello.xen --xl $WORK/$1.xl"
}

run_boot() {
	# Guests sleep at most 4 s; the limits only bound a hang (the suite allows 300 s per test).
	# shellcheck disable=SC2086
	"$HARNESS" run --out "$WORK/out" --guest-timeout 45 --timeout 200 $GUESTS >"$WORK/results" 2>"$WORK/harness.log"
	status=$?
	if [ $status -eq 0 ]; then
		t_ok "real Xen: one boot ran every guest"
	else
		t_not_ok "real Xen: one boot ran every guest" "xen-harness exited with status $status" \
			"$(tail -40 "$WORK/harness.log")"
	fi
	return $status
}

# expect_console NAME EXPECTED: the guest's console log is exactly EXPECTED (every byte).
expect_console() {
	if [ -z "$2" ]; then : >"$WORK/expected"; else printf '%s\n' "$2" >"$WORK/expected"; fi
	if cmp -s "$WORK/expected" "$WORK/out/$1.console"; then
		t_ok "$1: the console log is exactly the unix output"
	else
		t_not_ok "$1: the console log is exactly the unix output" \
			"$(diff "$WORK/expected" "$WORK/out/$1.console" | head -30)"
	fi
}

# expect_reason NAME REASON: the shutdown reason; if it differs, what dom0 and Xen printed meanwhile.
expect_reason() {
	actual=$(cat "$WORK/out/$1.reason" 2>/dev/null)
	if [ "$actual" = "$2" ]; then
		t_ok "$1: shuts down with reason $2"
	else
		t_not_ok "$1: shuts down with reason $2" "reason: ${actual:-(none)}" \
			"$(tail -30 "$WORK/out/$1.dom0" 2>/dev/null)"
	fi
}

repeat() { i=0; while [ $i -lt "$1" ]; do echo "$2"; i=$((i + 1)); done; }

check_variant
check_xen_target
check_dom0_image
build_guest noop noop
build_guest console console
build_guest hello hello
build_guest kv_ro_crunch kv_ro
# A key hello does not know: the unikernel exits with a failure, which the runtime reports as a crash.
hello_variant hello_fail '--no-such-key=1'
# The platform's debug log: xenstore reads, a transaction, a watch, and a grant, on real Xen.
hello_variant hello_debug '--logs=xen:debug --hello=Bye'
if run_boot; then
	expect_reason noop poweroff
	expect_console noop ""
	expect_reason console poweroff
	expect_console console "$(repeat 4 "hello
world")"
	expect_reason hello poweroff
	expect_console hello "$(repeat 4 'Hello World!')"
	expect_reason kv_ro poweroff
	expect_console kv_ro "$(repeat 10 'YES!')"
	expect_reason hello_fail crash
	expect_match "hello_fail: the console names the unknown key" \
		"$(cat "$WORK/out/hello_fail.console")" "*no-such-key*"
	expect_reason hello_debug poweroff
	debug=$(cat "$WORK/out/hello_debug.console")
	expect_eq "hello_debug: the boot command line sets the key" "$(echo "$debug" | grep -v ' DBG ')" \
		"$(repeat 4 Bye)"
	expect_match "hello_debug: xenstore reads its name and domid, writes in a transaction, sees its watch" \
		"$debug" '*xenstore: name "hello_debug", domid [0-9]*, [0-9]* entries in /local/domain/[0-9]*; wrote data/kiln in transaction [1-9]*; watch fired for *data/kiln*'
	expect_match "hello_debug: a page granted to domain 0 and the grant ended" "$debug" \
		"*grant table: * frames; page * granted to domain 0 as ref * and ended: Success*"
fi
[ "$T_FAILED" = 0 ] && rm -rf "$WORK"
[ "$T_FAILED" = 0 ] || echo "# kept $WORK"
t_done
