#!/bin/sh
# test_xen_deploy.sh: the xen deploy backend (libxl) under its supervisor, on real Xen (under QEMU TCG): in dom0,
# xen_deploy_probe deploys hello (keys on the command line, poweroff read as exit 0, console from xenconsoled's
# log, reattach by domain name), hello with a key it does not know (a crash: failed) and sleeper (xl reboot: a
# new domain at once; stopped: a shutdown request, which the runtime acknowledges and honours by powering off,
# saying so on its console);
# then, in a second boot, control_scenario.sh sends xl's requests to sleeper: suspend, reboot, shutdown -w.
. "$KILN_SRC/tests/lib.sh"

HARNESS="$KILN_SRC/tests/xen/xen-harness"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kiln-xen-deploy.XXXXXX")

skip() {
	echo "# skipped: $1"
	rm -rf "$WORK"
	exit 0
}

# As test_real_xen.sh: the default variant only (the probe runs in dom0, which has no sanitizer runtime).
case "$KILN_BUILD" in */san | */san/) skip "the real-Xen tests run in the default variant only" ;; esac
[ "$(id -u)" = 0 ] || "$KILN_SRC/tests/xen/dom0-image" --cached >/dev/null 2>&1 ||
	skip "no cached dom0 image, and building one needs root (tests/xen/dom0-image)"
command -v qemu-system-x86_64 >/dev/null || skip "no qemu-system-x86_64"

# build_xen DIR NAME: DIR (under KILN_SRC) configured for xen and built in $WORK/NAME.
build_xen() {
	d=$(scratch_copy "$KILN_SRC/$1")
	mv "$d" "$WORK/$2"
	(cd "$WORK/$2" && "$KILN" configure -t xen && make -s) >"$WORK/$2.build" 2>&1
	expect_status "$2: configures and builds for xen" $? 0
}
build_xen examples/hello hello
build_xen tests/xen/sleeper sleeper
# The probe runs in dom0 (Debian's libxenlight there): built with the host's plain compiler, no sanitizer.
src=$KILN_SRC
# shellcheck disable=SC2046 # pkg-config's flags are words
cc -std=c11 -D_GNU_SOURCE -O2 -o "$WORK/xen_deploy_probe" "$src/tests/xen/xen_deploy_probe.c" "$src/xen/backend_xen.c" \
	"$src/xen/xl_domain.c" "$src/xen/deploy_dir.c" "$src/xen/deploy_backend.c" "$src/xen/backend_unix.c" \
	"$src/xen/deploy_supervisor.c" "$src/xen/xl_config.c" "$src/xen/bridge.c" "$src/builder/generated.c" \
	$(pkg-config --cflags --libs xenlight xlutil xentoollog) -lpthread 2>"$WORK/probe.build"
expect_status "the probe builds" $? 0

h="$WORK/hello/hello" s="$WORK/sleeper/sleeper"
"$HARNESS" run --out "$WORK/out" --timeout 240 --stage "$h.xen" --xl "$h.xl" --stage "$s.xen" --xl "$s.xl" \
	--run "$WORK/xen_deploy_probe" "$h.xen" "$h.xl" "$s.xen" "$s.xl" --end >"$WORK/results" 2>"$WORK/harness.log"
expect_status "real Xen: one boot ran the probe" $? 0
probe=$(tr -d '\r' <"$WORK/out/qemu.log" | grep -a '^KILN-DEPLOY \|^KILN-XEN-RUN-END' |
	sed 's/last line: [0-9]*-[0-9]*-[0-9]* [0-9]*:[0-9]*[.][0-9]*: /last line: TIME: /')
expect_eq "the xen backend deploys, reattaches, reads the end, the console, and stops" "$probe" \
	"KILN-DEPLOY available=1 reason=
KILN-DEPLOY hello-started state=running exit=-1 active=1 reason=
KILN-DEPLOY reattach same-domid=1
KILN-DEPLOY hello-ended state=exited exit=0 active=0 reason=the domain shut down (poweroff)
KILN-DEPLOY console-path /var/log/xen/console/guest-hello-7.log
KILN-DEPLOY console: Hi from libxl
KILN-DEPLOY console: Hi from libxl
KILN-DEPLOY console: Hi from libxl
KILN-DEPLOY console: Hi from libxl
KILN-DEPLOY bad-key-ended state=failed exit=-1 active=0 reason=the domain shut down (crash)
KILN-DEPLOY sleeper-running state=running exit=-1 active=1 reason=
KILN-DEPLOY xl reboot: 0
KILN-DEPLOY sleeper-rebooted state=running exit=-1 active=1 reason=started again: it asked to reboot
KILN-DEPLOY a new domain: 1
KILN-DEPLOY sleeper-stopped state=stopped exit=0 active=0 reason=stopped on request: the domain shut down (poweroff)
KILN-DEPLOY console-path /var/log/xen/console/guest-sleeper-8.log
KILN-DEPLOY console's last line: TIME: INF [xen-control] the toolstack asks for 'poweroff': powering off
KILN-DEPLOY destroy rc=0
KILN-DEPLOY done
KILN-XEN-RUN-END status=0"

# xl's own requests to a running guest, in a second boot: suspend is refused, reboot and poweroff honoured.
"$HARNESS" run --out "$WORK/out2" --timeout 240 --stage "$s.xen" --xl "$s.xl" \
	--run "$KILN_SRC/tests/xen/control_scenario.sh" "$s.xl" --end >"$WORK/results2" 2>"$WORK/harness2.log"
expect_status "real Xen: one boot ran the control scenario" $? 0
scenario=$(tr -d '\r' <"$WORK/out2/qemu.log" | grep -a '^KILN-CONTROL \|^KILN-XEN-RUN-END')
expect_eq "xl suspend is refused, xl reboot restarts the guest, xl shutdown -w powers it off" "$scenario" \
	"KILN-CONTROL after suspend: running=yes
KILN-CONTROL xl reboot: 0
KILN-CONTROL after reboot: a new domain=yes
KILN-CONTROL xl shutdown -w: 0
KILN-CONTROL after shutdown: gone=yes
KILN-CONTROL console: sleeper up
KILN-CONTROL console: TIME: WRN [xen-control] the toolstack asks for 'suspend', which kiln does not do
KILN-CONTROL console: TIME: INF [xen-control] the toolstack asks for 'reboot': rebooting
KILN-CONTROL console: sleeper up
KILN-CONTROL console: TIME: INF [xen-control] the toolstack asks for 'poweroff': powering off
KILN-XEN-RUN-END status=0"
[ "$T_FAILED" = 0 ] && rm -rf "$WORK"
[ "$T_FAILED" = 0 ] || echo "# kept $WORK"
t_done
