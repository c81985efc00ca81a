#!/bin/sh
# test_load.sh: a bounded wrk load (2 threads, 20 connections, 3 s each) on the API and /healthz while three
# builds of one repository run at once: every answer is a 200, the server counted every request wrk saw
# answered, the builds all succeed, and the server stops cleanly afterwards. No timing is asserted (figures are in make bench).
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/server/lib_server.sh"
trap server_cleanup EXIT

command -v wrk >/dev/null || { t_not_ok "wrk is installed (make deps-test)"; t_done; }
repo="$top/repo"
hello_repo "$repo"
start_server KILN_BOOTSTRAP_TOKEN=$admin -- --workers 3
api POST /api/v1/apps "{\"name\": \"hello\", \"repo\": \"$repo\"}"
# Three builds of one repository at once: their fetches into the one mirror take turns (flock).
for i in 1 2 3; do api POST /api/v1/apps/hello/builds; done

# load NAME PATH [WRK_ARGS...]: 3 s of wrk on PATH; leaves wrk's report in $top/NAME and its count in $done.
load() {
	n=$1 p=$2
	shift 2
	wrk -t2 -c20 -d3s "$@" "$base$p" >"$top/$n" 2>&1
	expect_status "wrk $n: runs" $? 0
	done=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$top/$n")
	expect_match "wrk $n: answered requests" "$done" "[1-9]*"
	expect_eq "wrk $n: no errors, no status but 200" "$(grep -E 'Non-2xx|Socket errors' "$top/$n")" ""
}
load apps /api/v1/apps/hello -H "Authorization: Bearer $admin"
apps_done=$done
load healthz /healthz
health_done=$done

req GET /metrics
counted=$(printf '%s\n' "$body" | sed -n 's/^kiln_http_requests_total{method="GET",status="200"} //p')
# The server may have answered a request or two per connection that wrk cut off at its deadline.
extra=$((counted - apps_done - health_done))
[ "$extra" -ge 0 ] && [ "$extra" -le 100 ] && t_ok "metrics count the requests wrk saw answered ($counted)" ||
	t_not_ok "metrics count the requests wrk saw answered" "counted $counted, wrk saw $apps_done + $health_done"
for i in 1 2 3; do
	wait_build $i
	expect_eq "build $i, run meanwhile beside the others, succeeded" "$(field 'j["status"]')" "succeeded"
done
check "the server still answers" 200 '{"status": "ok"}' GET /healthz
stop_server "server after the load"
t_done
