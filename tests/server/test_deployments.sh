#!/bin/sh
# test_deployments.sh: deployments end to end against a real server: the built hello deployed with the unix
# backend says Hello World! four times on its console (text and SSE); stop, start, restart, restart on
# failure, keys, delete, pagination, scopes, metrics, and every refusal with its exact error.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/server/lib_server.sh"
trap 'deploy_cleanup; server_cleanup' EXIT
sse="python3 $KILN_SRC/tests/server/sse_client.py"
four_hellos=$(printf 'Hello World!\nHello World!\nHello World!\nHello World!')

repo="$top/repo"
sleeper_repo "$repo"
start_server KILN_BOOTSTRAP_TOKEN=$admin -- --workers 1
api POST /api/v1/apps "{\"name\": \"hello\", \"repo\": \"$repo\"}"
api POST /api/v1/apps "{\"name\": \"sleeper\", \"repo\": \"$repo\", \"path\": \"sleeper\"}"
api POST /api/v1/apps "{\"name\": \"broken\", \"repo\": \"$repo\", \"path\": \"nowhere\"}"
api POST /api/v1/apps/hello/builds
wait_build 1
api POST /api/v1/apps/sleeper/builds
wait_build 2
api POST /api/v1/apps/broken/builds
wait_build 3
api POST /api/v1/apps "{\"name\": \"hello-xen\", \"repo\": \"$repo\", \"target\": \"xen\"}"
api POST /api/v1/apps/hello-xen/builds
wait_build 4
expect_eq "four builds: hello, sleeper, broken (failed), hello for xen" \
	"$(for b in 1 2 3 4; do api GET /api/v1/builds/$b; field 'j["status"]'; done | tr '\n' ' ')" "succeeded succeeded failed succeeded "

# The backends this host offers.
api GET /api/v1/backends
expect_eq "GET backends: unix is there" "$code $(field '[(b["name"], b["available"]) for b in j]')" \
	"200 [('unix', True), ('xen', $(field 'j[1]["available"]'))]"
xen_reason=$(field 'j[1].get("reason", "")')
if [ "$(field 'j[1]["available"]')" = False ]; then
	expect_match "xen: not available, and why in words" "$xen_reason" \
		"Xen is not available here: libxl cannot open a context (*); the service must run in a Xen dom0, with the hypervisor and xenfs up"
	send "POST deployments: xen where it is not available: 409 with the reason" 409 "$(err "$xen_reason")" \
		POST /api/v1/deployments '{"build": 1, "backend": "xen"}'
else
	t_ok "xen: available # SKIP this host runs Xen"
fi

# Refusals, each with its exact error.
send "no build: 400" 400 "$(err "'build' must be a build id (a positive integer)")" POST /api/v1/deployments '{}'
send "build as a string: 400" 400 "$(err "'build' must be a build id (a positive integer)")" \
	POST /api/v1/deployments '{"build": "1"}'
send "an unknown field: 400" 400 "$(err "unknown field 'image' (build, backend, restart, keys)")" \
	POST /api/v1/deployments '{"build": 1, "image": "/bin/sh"}'
send "an unknown backend: 400" 400 "$(err "no backend 'kvm' (unix, xen)")" \
	POST /api/v1/deployments '{"build": 1, "backend": "kvm"}'
send "a wrong restart policy: 400" 400 "$(err "'restart' must be never or on-failure")" \
	POST /api/v1/deployments '{"build": 1, "restart": "always"}'
send "keys not an object: 400" 400 "$(err "'keys' must be an object of strings")" \
	POST /api/v1/deployments '{"build": 1, "keys": ["hello"]}'
send "a key the build does not have: 400" 400 "$(err "build 1 has no boot key 'nope' (kiln describe lists them)")" \
	POST /api/v1/deployments '{"build": 1, "keys": {"nope": "x"}}'
send "a key that is no string: 400" 400 "$(err "key 'hello': values are strings")" \
	POST /api/v1/deployments '{"build": 1, "keys": {"hello": 3}}'
send "a build that does not exist: 400" 400 "$(err "there is no build 99")" POST /api/v1/deployments '{"build": 99}'
send "a xen build on the unix backend: 400" 400 "$(err "build 4 is a xen build: the unix backend runs unix builds")" \
	POST /api/v1/deployments '{"build": 4, "backend": "unix"}'
send "a failed build: 409" 409 "$(err "build 3 is failed: only a succeeded build can be deployed")" \
	POST /api/v1/deployments '{"build": 3}'
send "malformed JSON: 400" 400 "$(err "malformed JSON: '[' or '{' expected near 'nope' (line 1, column 4)")" \
	POST /api/v1/deployments 'nope'
check_admin "an unknown deployment: 404" 404 "$(err "no deployment 7")" GET /api/v1/deployments/7
check_admin "a deployment id that is no number: 404" 404 "$(err "no deployment 'abc'")" GET /api/v1/deployments/abc
check_admin "stop of an unknown deployment: 404" 404 "$(err "no deployment 7")" POST /api/v1/deployments/7/stop
check_admin "its console: 404" 404 "$(err "no deployment 7")" GET /api/v1/deployments/7/console
api GET /api/v1/deployments
expect_eq "nothing deployed by the refusals" "$code $body" '200 {"items":[],"next":null}'

# Scopes: read reads, deploy deploys.
run_kiln token create --home "$home" --scope read
reader=$out
run_kiln token create --home "$home" --scope deploy
deployer=$out
check "a read token cannot deploy: 403" 403 "$(err "this token lacks the scope this request needs")" \
	POST /api/v1/deployments -H "Authorization: Bearer $reader" -H "Content-Type: $json" --data-binary '{"build": 1}'
check "no token: 401" 401 "$(err "an 'Authorization: Bearer TOKEN' header is required")" GET /api/v1/deployments

# hello, deployed with a deploy token: starting at once, then running, then exited 0.
req POST /api/v1/deployments -H "Authorization: Bearer $deployer" -H "Content-Type: $json" --data-binary '{"build": 1}'
expect_eq "POST deployments: 201, starting" \
	"$code $(field '[j[k] for k in ("id", "build", "app", "backend", "desired", "state", "exit_code", "reason", "restart", "keys", "stopped_at")]')" \
	"201 [1, 1, 'hello', 'unix', 'running', 'starting', None, None, 'never', {}, None]"
$sse "$base/api/v1/deployments/1/console" "$reader" >"$top/sse1"
expect_eq "console SSE: Hello World! four times, then the end when it exits" "$(cat "$top/sse1")" \
	"id=13 data=Hello World!
id=26 data=Hello World!
id=39 data=Hello World!
id=52 data=Hello World!
event=end
streams ended: 1 of 1"
wait_deploy 1 exited
expect_eq "hello exited 0" "$(field '[j[k] for k in ("state", "exit_code", "reason", "pid")]')" \
	"['exited', 0, 'exited with status 0', None]"
expect_eq "its times are in order" "$(field 'j["created_at"] <= j["started_at"] <= j["stopped_at"]')" "True"
req GET /api/v1/deployments/1/console -H "Authorization: Bearer $reader"
expect_eq "console text: Hello World! four times" "$code $body" "200 $four_hellos"
$sse "$base/api/v1/deployments/1/console" "$reader" --last-event-id 26 >"$top/sse2"
expect_eq "console SSE resumes after Last-Event-ID" "$(cat "$top/sse2")" \
	"id=39 data=Hello World!
id=52 data=Hello World!
event=end
streams ended: 1 of 1"

# Boot keys reach the unikernel.
api POST /api/v1/deployments '{"build": 1, "keys": {"hello": "Hi, it'"'"'s me"}}'
wait_deploy 2 exited
api GET /api/v1/deployments/2/console
expect_eq "a key reaches the unikernel" "$body" "$(printf "Hi, it's me\nHi, it's me\nHi, it's me\nHi, it's me")"

# sleeper runs until stopped: SIGTERM, the stream ends, the state says why.
api POST /api/v1/deployments '{"build": 2, "keys": {"tick_ms": "50"}}'
wait_deploy 3 running
pid1=$(field 'j["pid"]')
expect_eq "sleeper runs, its pid shown" "$(kill -0 "$pid1" && echo alive)" "alive"
$sse "$base/api/v1/deployments/3/console" "$admin" >"$top/sse3" &
ssepid=$!
check_admin "start while it runs: 409" 409 "$(err "deployment 3 is running already (restart restarts it)")" \
	POST /api/v1/deployments/3/start
api POST /api/v1/deployments/3/stop
expect_eq "stop: 202, desired stopped" "$code $(field 'j["desired"]')" "202 stopped"
wait_deploy 3 stopped
expect_eq "stopped by SIGTERM" "$(field '[j[k] for k in ("desired", "state", "exit_code", "reason", "pid")]')" \
	"['stopped', 'stopped', 143, 'stopped on request: killed by signal 15 (Terminated)', None]"
wait "$ssepid"
expect_match "the console stream said up and ticked, then ended at the stop" "$(cat "$top/sse3")" \
	"id=11 data=sleeper up
id=16 data=tick
*data=tick
event=end
streams ended: 1 of 1"
expect_eq "the process is gone" "$(kill -0 "$pid1" 2>/dev/null || echo gone)" "gone"

# start, restart: a new process each time, the log going on.
api POST /api/v1/deployments/3/start
expect_eq "start: 202, starting" "$code $(field '[j["desired"], j["state"]]')" "202 ['running', 'starting']"
wait_deploy 3 running
pid2=$(field 'j["pid"]')
api POST /api/v1/deployments/3/restart
expect_eq "restart: 202" "$code" "202"
i=0
while wait_deploy 3 running && [ "$(field 'j["pid"]')" = "$pid2" ] && [ $i -lt 300 ]; do i=$((i + 1)); sleep 0.1; done
pid3=$(field 'j["pid"]')
expect_eq "three runs, three processes" "$(test "$pid1" != "$pid2" && test "$pid2" != "$pid3" && test "$pid1" != "$pid3" && echo distinct)" "distinct"
i=0
until [ "$(api GET /api/v1/deployments/3/console && printf '%s\n' "$body" | grep -c '^sleeper up$')" = 3 ] || [ $i -gt 300 ]; do
	i=$((i + 1)); sleep 0.1
done
expect_eq "the console kept every run: sleeper up three times" \
	"$(api GET /api/v1/deployments/3/console && printf '%s\n' "$body" | grep -c '^sleeper up$')" 3

# restart on-failure: a unikernel that fails at once is restarted, with a growing delay.
api POST /api/v1/deployments '{"build": 2, "restart": "on-failure", "keys": {"fail": "true"}}'
i=0
until api GET /api/v1/deployments/4 && case "$(field 'j["reason"]')" in *"failure 2 in a row"*) true ;; *) false ;; esac; do
	i=$((i + 1))
	[ $i -gt 300 ] && break
	sleep 0.05
done
expect_eq "on-failure: failed, restarting after 1000 ms the second time" \
	"$(field '[j[k] for k in ("state", "exit_code", "reason")]')" \
	"['failed', 1, 'exited with status 1; restarting in 1000 ms (failure 2 in a row)']"
api POST /api/v1/deployments/4/stop
wait_deploy 4 stopped
# Usually it is waiting to restart when the stop comes; it may be running again (and fail before the
# SIGTERM reaches it).
expect_match "a stop while it fails and restarts ends the restarts" "$(field 'j["reason"]')" "stopped on request*"
req GET /api/v1/deployments/4/console -H "Authorization: Bearer $admin"
ups=$(printf '%s\n' "$body" | grep -c '^sleeper up$')
expect_eq "it ran at least twice" "$(test "$ups" -ge 2 && echo yes)" "yes"

# Lists: newest first, paginated, by app.
api GET "/api/v1/deployments?limit=2"
expect_eq "list: two, then the next page" "$(field '[[d["id"] for d in j["items"]], j["next"]]')" "[[4, 3], '?limit=2&before=3']"
api GET "/api/v1/deployments?limit=2&before=3"
expect_eq "list: the next page" "$(field '[[d["id"] for d in j["items"]], j["next"]]')" "[[2, 1], None]"
api GET "/api/v1/deployments?app=sleeper&limit=1"
expect_eq "list by app keeps the app in next" "$(field '[[d["id"] for d in j["items"]], j["next"]]')" \
	"[[4], '?app=sleeper&limit=1&before=4']"
check_admin "list: a bad app name: 400" 400 "$(err "'app' must be an app name")" GET "/api/v1/deployments?app=No%20Such"
check_admin "list: a bad limit: 400" 400 "$(err "'limit' must be a number from 1 to 200")" GET "/api/v1/deployments?limit=0"

# Metrics: deployments by state.
expect_eq "metrics: deployments by state" "$(curl -s "$base/metrics" | grep '^kiln_deployments')" \
	'kiln_deployments{state="starting"} 0
kiln_deployments{state="running"} 1
kiln_deployments{state="stopped"} 1
kiln_deployments{state="exited"} 2
kiln_deployments{state="failed"} 0'

# DELETE: ended at once, folder and log gone.
api DELETE /api/v1/deployments/3
expect_eq "delete: 202" "$code $body" '202 {"deleted":3}'
i=0
while [ -e "$home/deployments/3" ] && [ $i -lt 300 ]; do i=$((i + 1)); sleep 0.1; done
expect_eq "its folder and log are removed, its process gone" \
	"$(ls "$home/deployments" | tr '\n' ' ')$(ls "$home/logs" | grep -c deploy-3)$(kill -0 "$pid3" 2>/dev/null || echo ' gone')" "1 2 4 0 gone"
check_admin "a deleted deployment: 404" 404 "$(err "no deployment 3")" GET /api/v1/deployments/3

req GET /api/v1/openapi.json
expect_eq "openapi.json describes the deployment routes" \
	"$(printf '%s' "$body" | python3 -c 'import json, sys; print(sorted(p for p in json.load(sys.stdin)["paths"] if "deploy" in p or "backends" in p))')" \
	"['/api/v1/backends', '/api/v1/deployments', '/api/v1/deployments/{id}', '/api/v1/deployments/{id}/console', '/api/v1/deployments/{id}/restart', '/api/v1/deployments/{id}/start', '/api/v1/deployments/{id}/stop']"

stop_server "deployments server"
t_done
