#!/bin/sh
# test_deploy_restart.sh: kill -9 of the service with deployments running: the one still running is found
# again (same process, its console intact and still growing), the one that ended while the service was
# down is marked exited with its status, and a graceful stop of the service leaves deployments running.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/server/lib_server.sh"
trap 'deploy_cleanup; server_cleanup' EXIT

repo="$top/repo"
sleeper_repo "$repo"
start_server KILN_BOOTSTRAP_TOKEN=$admin -- --workers 1
api POST /api/v1/apps "{\"name\": \"hello\", \"repo\": \"$repo\"}"
api POST /api/v1/apps "{\"name\": \"sleeper\", \"repo\": \"$repo\", \"path\": \"sleeper\"}"
api POST /api/v1/apps/hello/builds
wait_build 1
api POST /api/v1/apps/sleeper/builds
wait_build 2

# console_lines ID: the number of lines of deployment ID's console log, read on disk.
console_lines() { wc -l <"$home/logs/deploy-$1.log"; }

api POST /api/v1/deployments '{"build": 2, "keys": {"tick_ms": "50"}}'
wait_deploy 1 running
sleeper_pid=$(field 'j["pid"]')
api POST /api/v1/deployments '{"build": 1}'
wait_deploy 2 running
hello_pid=$(field 'j["pid"]')
kill_server

# While the service is down: sleeper keeps writing its console; hello ends.
before=$(console_lines 1)
i=0
while [ "$(console_lines 1)" -le "$before" ] && [ $i -lt 300 ]; do i=$((i + 1)); sleep 0.1; done
expect_eq "the console grows while the service is down" "$(test "$(console_lines 1)" -gt "$before" && echo grows)" "grows"
i=0
while kill -0 "$hello_pid" 2>/dev/null && [ $i -lt 300 ]; do i=$((i + 1)); sleep 0.1; done
expect_eq "hello ends while the service is down" "$(kill -0 "$hello_pid" 2>/dev/null || echo ended)" "ended"
copy=$(cat "$home/logs/deploy-1.log")

start_server
api GET /api/v1/deployments/1
expect_eq "after the restart: sleeper found running, the same process" \
	"$(field '[j[k] for k in ("state", "pid", "exit_code", "reason")]')" "['running', $sleeper_pid, None, None]"
wait_deploy 2 exited
expect_eq "hello, which ended while the service was down, is marked exited with its status" \
	"$(field '[j[k] for k in ("state", "pid", "exit_code", "reason")]')" "['exited', None, 0, 'exited with status 0']"
api GET /api/v1/deployments/2/console
expect_eq "its console holds its four lines" "$body" \
	"$(printf 'Hello World!\nHello World!\nHello World!\nHello World!')"
api GET /api/v1/deployments/1/console
case "$body" in
"$copy"*) t_ok "sleeper's console is intact: what it held before the restart is its beginning" ;;
*) t_not_ok "sleeper's console is intact" "$(printf '%s' "$body" | head -5)" ;;
esac
n1=$(printf '%s\n' "$body" | wc -l)
i=0
while api GET /api/v1/deployments/1/console && [ "$(printf '%s\n' "$body" | wc -l)" -le "$n1" ] && [ $i -lt 300 ]; do
	i=$((i + 1)); sleep 0.1
done
expect_eq "and still growing, served by the new service" "$(test "$(printf '%s\n' "$body" | wc -l)" -gt "$n1" && echo grows)" "grows"

# A graceful stop of the service leaves it running too; then it stops on request, its status known
# though it is no child of this service.
stop_server "first restart"
expect_eq "SIGTERM to the service leaves the deployment running" "$(kill -0 "$sleeper_pid" && echo alive)" "alive"
start_server
api POST /api/v1/deployments/1/stop
wait_deploy 1 stopped
expect_eq "stopped by the service that found it again" "$(field '[j[k] for k in ("state", "exit_code", "reason")]')" \
	"['stopped', 143, 'stopped on request: killed by signal 15 (Terminated)']"
expect_eq "the process is gone" "$(kill -0 "$sleeper_pid" 2>/dev/null || echo gone)" "gone"

# A deployment whose shim was killed too (as by a reboot): failed, its status unknown.
api POST /api/v1/deployments/1/start
wait_deploy 1 running
dpid=$(field 'j["pid"]')
kill_server
shim=$(ps -o ppid= -p "$dpid" | tr -d ' ')
kill -KILL "$shim" "$dpid"
sleep 0.2
start_server
wait_deploy 1 failed
expect_eq "a deployment gone with its shim: failed, the status unknown" \
	"$(field '[j[k] for k in ("state", "exit_code", "reason")]')" \
	"['failed', None, 'its supervising process ended without recording an exit status (killed, or the host restarted)']"
stop_server "second restart"
t_done
