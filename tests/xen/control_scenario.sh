#!/bin/sh
# control_scenario.sh: run in a Xen dom0 by test_xen_deploy.sh: xl's requests to a running kiln guest (SLEEPER.XL):
# a suspend it refuses (and keeps running), a reboot (xl restarts it), then a poweroff that xl shutdown -w waits for.
xl_file=$1
log=/var/log/xen/console/guest-sleeper.log

# until_console N PATTERN: waits (60 s at most) until the console log has N lines matching PATTERN.
until_console() {
	i=0
	while [ "$(grep -c "$2" "$log" 2>/dev/null)" -lt "$1" ]; do
		i=$((i + 1))
		[ $i -le 600 ] || { echo "KILN-CONTROL timeout waiting for $1 x '$2'"; return 1; }
		sleep 0.1
	done
}

domid() { xl domid sleeper 2>/dev/null; }

xl create "$xl_file" >/dev/null 2>&1 && until_console 1 'sleeper up' || exit 1
first=$(domid)
xenstore-write "/local/domain/$first/control/shutdown" suspend
until_console 1 "asks for 'suspend'" || exit 1
sleep 1
echo "KILN-CONTROL after suspend: running=$([ "$(domid)" = "$first" ] && echo yes || echo no)"
xl reboot sleeper >/dev/null 2>&1
echo "KILN-CONTROL xl reboot: $?"
until_console 2 'sleeper up' || exit 1
echo "KILN-CONTROL after reboot: a new domain=$([ -n "$(domid)" ] && [ "$(domid)" != "$first" ] && echo yes || echo no)"
xl shutdown -w sleeper >/dev/null 2>&1
echo "KILN-CONTROL xl shutdown -w: $?"
sleep 1
echo "KILN-CONTROL after shutdown: gone=$(domid >/dev/null && echo no || echo yes)"
# The console without the ticks and the log lines' times.
grep -v '^tick' "$log" | sed 's/^[0-9]*-[0-9]*-[0-9]* [0-9]*:[0-9]*[.][0-9]*: /TIME: /; s/^/KILN-CONTROL console: /'
