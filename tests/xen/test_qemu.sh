# test_qemu.sh: xen images booted by plain QEMU (-kernel, microvm, no Xen): each example prints exactly its
# unix output on COM1 and exits with its status through isa-debug-exit; keys from the command line; the libc subset
# against glibc (libc_check); a crash report.
. "$KILN_SRC/tests/lib.sh"

build=$(cd "$KILN_BUILD" && pwd -P)
case "$build" in
*/san)
	echo "# skipped: xen images are built and booted in the default variant only (never sanitized)"
	t_done
	;;
esac
if ! command -v qemu-system-x86_64 >/dev/null; then
	t_not_ok "qemu-system-x86_64 is installed (make deps)"
	t_done
fi
top=$(mktemp -d "${TMPDIR:-/tmp}/kiln-xen-qemu.XXXXXX")
export PKG_CONFIG_PATH="$build/lib/pkgconfig"

# xen_image DIR NAME [KEY VALUE...]: $top/NAME.xen from `kiln configure -t xen [--KEY VALUE...] && make`, and
# $top/NAME, the unix build of the same sources, for comparison; each in a scratch copy of DIR.
xen_image() {
	dir=$1
	name=$2
	shift 2
	x=$(scratch_copy "$dir")
	u=$(scratch_copy "$dir")
	if (cd "$x" && "$KILN" configure -t xen "$@" >/dev/null && make -s >/dev/null &&
		cp "$(sed -n 's/^NAME := //p' Makefile).xen" "$top/$name.xen" &&
		cd "$u" && "$KILN" configure -t unix "$@" >/dev/null && make -s >/dev/null &&
		cp "$(sed -n 's/^NAME := //p' Makefile)" "$top/$name") >"$top/$name.build" 2>&1; then
		t_ok "$name: configure -t xen${*:+ $*} && make builds $name.xen"
	else
		t_not_ok "$name: configure -t xen${*:+ $*} && make builds $name.xen" "$(cat "$top/$name.build")"
	fi
	rm -rf "$x" "$u"
}

xen_image "$KILN_SRC/examples/noop" noop
xen_image "$KILN_SRC/examples/console" console
xen_image "$KILN_SRC/examples/hello" hello
xen_image "$KILN_SRC/examples/hello" hello-hi --hello Hi
xen_image "$KILN_SRC/examples/kv_ro_crunch" kv_ro_crunch
xen_image "$KILN_SRC/tests/xen/crash_null" crash_null
xen_image "$KILN_SRC/tests/xen/libc_check" libc_check

QEMU="qemu-system-x86_64 -M microvm -m 32 -nographic -nodefaults -serial stdio -no-reboot -device isa-debug-exit"
# KVM when it can run the guests (some hosts' KVM cannot: it emulates guest code and fails on SSE); else TCG.
accel="-accel tcg"
if [ -w /dev/kvm ]; then
	timeout 20 $QEMU -enable-kvm -cpu host -kernel "$top/noop.xen" >"$top/probe" 2>&1 </dev/null
	if [ $? -eq 1 ] && [ ! -s "$top/probe" ]; then
		accel="-enable-kvm -cpu host"
	else
		echo "# KVM cannot run the guests here ($(head -1 "$top/probe")): using TCG"
	fi
fi

# boot NAME IMAGE [CMDLINE]: boots IMAGE in the background: $top/NAME.out gets COM1, NAME.status the
# guest's exit status (QEMU exits with 2 * status + 1), NAME.ms the wall time.
boot() {
	(
		t0=$(date +%s%N)
		if [ $# -ge 3 ]; then
			timeout 60 $QEMU $accel -kernel "$2" -append "$3" >"$top/$1.out" 2>"$top/$1.err" </dev/null
		else
			timeout 60 $QEMU $accel -kernel "$2" >"$top/$1.out" 2>"$top/$1.err" </dev/null
		fi
		s=$?
		echo $((($(date +%s%N) - t0) / 1000000)) >"$top/$1.ms"
		if [ $((s % 2)) -eq 1 ]; then echo $(((s - 1) / 2)); else echo "qemu-$s"; fi >"$top/$1.status"
	) &
}
# unix NAME ARGS...: the unix build of NAME, in the background, its stdout in $top/NAME.unix.
unix() {
	n=$1
	shift
	("$top/$n" "$@" >"$top/$n.unix" 2>/dev/null) &
}

# Every run at once: most of the time goes to the guests' sleeps.
boot noop "$top/noop.xen"
boot console "$top/console.xen"
boot hello "$top/hello.xen"
boot hello-bye "$top/hello.xen" "--hello=Bye"
boot hello-quoted "$top/hello.xen" "--hello 'Good day'"
boot hello-hi "$top/hello-hi.xen"
boot kv_ro_crunch "$top/kv_ro_crunch.xen"
boot help "$top/hello.xen" "--help"
boot bad "$top/hello.xen" "--nope=1"
boot debug "$top/noop.xen" "--logs=xen:debug"
boot crash "$top/crash_null.xen"
boot libc_check "$top/libc_check.xen"
unix console
unix hello
unix kv_ro_crunch
unix libc_check
wait

four() { printf '%s\n%s\n%s\n%s' "$1" "$1" "$1" "$1"; }
out() { cat "$top/$1.out"; }
status() { cat "$top/$1.status"; }

expect_eq "noop: prints nothing, exits 0" "$(out noop)|$(status noop)" "|0"
expect_eq "console: hello and world four times, exits 0" "$(out console)|$(status console)" \
	"$(printf 'hello\nworld\nhello\nworld\nhello\nworld\nhello\nworld')|0"
expect_eq "hello: Hello World! four times, exits 0" "$(out hello)|$(status hello)" "$(four 'Hello World!')|0"
ELAPSED_MS=$(cat "$top/hello.ms")
expect_at_least_ms "hello: the guest really sleeps a second between lines" 3990
expect_eq "hello: -append '--hello=Bye' overrides the key" "$(out hello-bye)|$(status hello-bye)" "$(four Bye)|0"
expect_eq "hello: a quoted value on the command line (--hello 'Good day')" "$(out hello-quoted)" "$(four 'Good day')"
expect_eq "hello: configure -t xen --hello Hi makes Hi the default" "$(out hello-hi)" "$(four Hi)"
expect_eq "kv_ro_crunch: YES! ten times, exits 0" "$(out kv_ro_crunch)|$(status kv_ro_crunch)" \
	"$(printf 'YES!\n%.0s' 1 2 3 4 5 6 7 8 9 10)|0"
for n in console hello kv_ro_crunch libc_check; do
	expect_eq "$n: the serial output is exactly the unix binary's stdout" "$(out $n)" "$(cat "$top/$n.unix")"
done
# libc_check prints what printf, strto*, strerror and the string functions give, and runs the heap.
expect_match "libc_check: runs to the end, exits 0" "$(out libc_check)|$(status libc_check)" \
	"*heap: 4000 rounds, every block intact, 0 failed allocations|0"
expect_match "hello: --help prints the usage and exits 0" "$(out help)|$(status help)" \
	"Usage: hello *--hello=STRING*How to say hello. (default: Hello World!)*|0"
expect_eq "hello: an unknown option is reported and exits 2" "$(out bad)|$(status bad)" \
	"hello: unknown option '--nope' (try --help)|2"
expect_match "noop: --logs=xen:debug reports the boot" "$(out debug)" \
	"*DBG \[xen\] no Xen; console: COM1*DBG \[xen\] clock: *, TSC at * kHz; booted in * us (PVH entry to platform init)*"

# The crash: a page fault at address 0, reported with the faulting code's address, and QEMU's
# exit status 255 (the crash status 127).
expect_eq "crash_null: crashes (status 127)" "$(status crash)" 127
expect_match "crash_null: the report names the page fault" "$(out crash)" \
	"*\*\*\* kiln: crash: exception 14 (page fault), error code 0x2, in fiber \"main\"*cr2 0x0000000000000000*backtrace:*"
rip=$(sed -n 's/^  rip \(0x[0-9a-f]*\) .*/\1/p' "$top/crash.out")
expect_eq "crash_null: rip is in crash_null_start" "$(addr2line -f -e "$top/crash_null.xen" "$rip" 2>&1 | head -1)" \
	crash_null_start

rm -rf "$top"
t_done
