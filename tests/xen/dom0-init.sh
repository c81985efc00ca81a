#!/bin/sh
# dom0-init.sh: /init.sh of the test dom0: starts Xen's daemons, runs the guests listed in /scenario, prints their results on hvc0, powers off.
#
# /scenario (appended to the cached initramfs by xen-harness) holds:
#   settings   sourced: GUEST_TIMEOUT (seconds a guest may run before it counts as hung)
#   guests     one guest per line: NAME XL-FILE (in the order they run)
# Results go to the console (hvc0, forwarded by Xen to the serial port), one block per guest:
#   KILN-XEN-GUEST NAME
#   KILN-XEN-CONSOLE-BEGIN NAME
#   <xenconsoled's guest-NAME.log, base64>
#   KILN-XEN-CONSOLE-END NAME bytes=N cksum=C
#   KILN-XEN-RESULT NAME reason=poweroff|reboot|suspend|crash|watchdog|soft_reset|timeout|gone|create-failed
# then KILN-XEN-DONE (or KILN-XEN-ERROR MESSAGE when dom0 itself could not get ready).
# No `set -e`: this is PID 1, and its exiting would panic the kernel instead of powering off.
set -u
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
CONSOLE_LOGS=/var/log/xen/console
MODULES="xenfs xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xen-blkback xen-netback bridge tun"
GUEST_TIMEOUT=60

say() { echo "kiln-dom0: $*"; }

power_off() {
	sync
	echo o >/proc/sysrq-trigger
	sleep 30
}

fatal() {
	echo "KILN-XEN-ERROR $*"
	power_off
}

mount_filesystems() {
	mount -t proc proc /proc && mount -t sysfs sysfs /sys && mount -t devtmpfs devtmpfs /dev ||
		fatal "cannot mount proc, sys or devtmpfs"
	mkdir -p /dev/pts /dev/shm
	mount -t devpts devpts /dev/pts
	mount -t tmpfs tmpfs /run
	mount -t tmpfs tmpfs /tmp
}

load_modules() {
	for m in $MODULES; do
		modprobe "$m" || say "warning: modprobe $m failed"
	done
	mount -t xenfs xenfs /proc/xen || fatal "cannot mount xenfs on /proc/xen"
	grep -q control_d /proc/xen/capabilities || fatal "not running as Xen's dom0"
}

start_daemons() {
	XEN_BIN=/usr/lib/xen-$(cat /sys/hypervisor/version/major).$(cat /sys/hypervisor/version/minor)/bin
	[ -x "$XEN_BIN/xl" ] || fatal "no Xen tools in $XEN_BIN for this hypervisor"
	mkdir -p /run/xen /run/xenstored /var/lib/xen /var/log/xen "$CONSOLE_LOGS"
	XENSTORED_ROOTDIR=/run/xenstored "$XEN_BIN/xenstored" --pid-file /run/xenstore.pid ||
		fatal "xenstored did not start"
	n=0
	until xenstore-read -s / >/dev/null 2>&1; do
		n=$((n + 1))
		[ $n -lt 100 ] || fatal "xenstored did not answer within 10 s"
		sleep 0.1
	done
	"$XEN_BIN/xen-init-dom0" >/dev/null || fatal "xen-init-dom0 failed"
	"$XEN_BIN/xenconsoled" --log=guest --log-dir="$CONSOLE_LOGS" --pid-file /run/xenconsoled.pid ||
		fatal "xenconsoled did not start"
}

# shutdown_reason NAME: the reason code xl's monitoring process logged for the domain, as a word
# (empty while the domain has not shut down). xl writes "Domain N has shut down, reason code R".
shutdown_reason() {
	code=$(sed -n 's/.*has shut down, reason code \([0-9]*\).*/\1/p' "/var/log/xen/xl-$1.log" 2>/dev/null | head -1)
	case "$code" in
	'') ;;
	0) echo poweroff ;;
	1) echo reboot ;;
	2) echo suspend ;;
	3) echo crash ;;
	4) echo watchdog ;;
	5) echo soft_reset ;;
	*) echo "code-$code" ;;
	esac
}

# wait_for_shutdown NAME: prints the shutdown reason; "timeout" after GUEST_TIMEOUT seconds, or
# "gone" if the domain disappeared without xl logging a reason.
wait_for_shutdown() {
	deadline=$(($(date +%s) + GUEST_TIMEOUT))
	gone=0
	while [ "$(date +%s)" -lt $deadline ]; do
		reason=$(shutdown_reason "$1")
		if [ -n "$reason" ]; then
			echo "$reason"
			return
		fi
		# A crashed domain kept by on_crash='preserve' shows "c" in xl list even if xl's log is late.
		case "$(xl list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }')" in
		*c*)
			echo crash
			return
			;;
		'')
			gone=$((gone + 1))
			if [ $gone -ge 10 ]; then
				echo gone
				return
			fi
			;;
		esac
		sleep 0.2
	done
	echo timeout
}

# wait_console_quiet NAME: xenconsoled may still be draining the ring; wait until the log stops growing.
wait_console_quiet() {
	log="$CONSOLE_LOGS/guest-$1.log"
	last=-1
	n=0
	while [ $n -lt 25 ]; do
		size=$(stat -c %s "$log" 2>/dev/null || echo 0)
		[ "$size" = "$last" ] && return
		last=$size
		sleep 0.2
		n=$((n + 1))
	done
}

print_console() {
	log="$CONSOLE_LOGS/guest-$1.log"
	[ -f "$log" ] || : >"$log"
	echo "KILN-XEN-CONSOLE-BEGIN $1"
	base64 -w 76 "$log"
	echo "KILN-XEN-CONSOLE-END $1 bytes=$(stat -c %s "$log") cksum=$(cksum <"$log" | cut -d' ' -f1)"
}

run_guest() {
	name=$1
	xl_file=$2
	echo "KILN-XEN-GUEST $name"
	start=$(date +%s)
	if xl create "$xl_file" >"/tmp/create-$name.log" 2>&1; then
		reason=$(wait_for_shutdown "$name")
	else
		reason=create-failed
		sed "s/^/kiln-dom0: xl create: /" "/tmp/create-$name.log"
	fi
	say "$name: $reason after $(($(date +%s) - start)) s"
	wait_console_quiet "$name"
	print_console "$name"
	xl destroy "$name" >/dev/null 2>&1
	echo "KILN-XEN-RESULT $name reason=$reason"
}

run_scenario() {
	[ -r /scenario/settings ] && . /scenario/settings
	[ -r /scenario/guests ] || fatal "no /scenario/guests in the initramfs"
	while read -r name xl_file; do
		[ -n "$name" ] && run_guest "$name" "$xl_file" </dev/null
	done </scenario/guests
	echo "KILN-XEN-DONE"
}

mount_filesystems
load_modules
# From here on only the scenario's lines should reach the console.
echo 1 >/proc/sys/kernel/printk
start_daemons
say "dom0 ready"
run_scenario
power_off
