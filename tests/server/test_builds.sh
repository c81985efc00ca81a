#!/bin/sh
# test_builds.sh: builds end to end against a real server: an app from a local git repository holding the
# hello example is built by the worker pool; its log is followed (text and SSE), its artifacts downloaded
# and checked by sha256; explicit commits, keys, a xen build, pagination, cancel (queued and running), retry, metrics.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/server/lib_server.sh"
trap server_cleanup EXIT
sse="python3 $KILN_SRC/tests/server/sse_client.py"

repo="$top/repo"
hello_repo "$repo"
c1=$(git -C "$repo" rev-parse HEAD)
echo "A second commit." >"$repo/README"
git_commit "$repo" "readme"
c2=$(git -C "$repo" rev-parse HEAD)
# A unikernel whose configure never ends, to cancel and to interrupt.
mkdir -p "$repo/hang"
printf '%s\n' '/* config.c: a configure that never ends, for the tests. */' '#include <unistd.h>' \
	'int main(void)' '{' '	for (;;)' '		sleep(1);' '}' >"$repo/hang/config.c"
git_commit "$repo" "hang"
c3=$(git -C "$repo" rev-parse HEAD)

start_server KILN_BOOTSTRAP_TOKEN=$admin -- --workers 1
api POST /api/v1/apps "{\"name\": \"hello\", \"repo\": \"$repo\"}"
expect_eq "create the app" "$code" 201

# A build of the branch head: queued at once, then run by the worker.
api POST /api/v1/apps/hello/builds
expect_eq "POST builds: 201, queued, nothing resolved yet" \
	"$code $(field '[j[k] for k in ("id", "app", "status", "commit", "ref", "trigger", "triggered_by", "started_at", "finished_at", "duration_ms", "error", "artifacts")]')" \
	"201 [1, 'hello', 'queued', None, 'main', 'api', 'token:1', None, None, None, None, []]"
expect_match "created_at is RFC 3339 UTC" "$(field 'j["created_at"]')" \
	"20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]Z"
$sse "$base/api/v1/builds/1/log" "$admin" >"$top/sse1"
wait_build 1
expect_eq "the build succeeds with the head commit and two artifacts" \
	"$(field '[j[k] for k in ("status", "commit", "error")] + [a["name"] for a in j["artifacts"]]')" \
	"['succeeded', '$c3', None, 'hello', 'kiln.json']"
expect_eq "its times are in order" \
	"$(field 'j["created_at"] <= j["started_at"] <= j["finished_at"] and j["duration_ms"] >= 0')" "True"
build1=$body
sse_lines=$(grep -v '^streams ended' "$top/sse1")
expect_match "SSE: the fetch progress, the commit, the artifacts, then the end" "$sse_lines" \
	"id=* data=kiln: build 1 queued (api, by token:1)*data=fetch: * objects, * bytes*data=commit: $c3*data=artifact: hello sha256:* bytes*data=kiln: build succeeded
event=end"
req GET /api/v1/builds/1/log -H "Authorization: Bearer $admin"
expect_eq "the text log holds the lines the stream sent" "$body" \
	"$(printf '%s\n' "$sse_lines" | sed -n 's/^id=[0-9]* data=//p')"

# The artifacts, downloaded, hash to what the build lists.
for name in hello kiln.json; do
	curl -s -D "$top/headers" -o "$top/$name" -H "Authorization: Bearer $admin" "$base/api/v1/builds/1/artifacts/$name"
	listed=$(printf '%s' "$build1" | jget "[a['sha256'] + ' ' + str(a['size']) for a in j['artifacts'] if a['name'] == '$name'][0]")
	expect_eq "artifact $name: sha256 and size as listed" "$(sha256sum <"$top/$name" | cut -d' ' -f1) $(wc -c <"$top/$name")" "$listed"
done
expect_match "the binary is application/octet-stream" "$(curl -s -D - -o /dev/null -H "Authorization: Bearer $admin" \
	"$base/api/v1/builds/1/artifacts/hello")" "*Content-Type: application/octet-stream*"
expect_match "kiln.json is text" "$(cat "$top/headers")" "*Content-Type: text/plain; charset=utf-8*"
chmod +x "$top/hello" && timeout 10 "$top/hello" >"$top/hello.out" 2>&1
expect_eq "the downloaded binary runs" "$(head -1 "$top/hello.out")" "Hello World!"
sha=$(sha256sum <"$top/hello" | cut -d' ' -f1)
stored="$home/artifacts/sha256/$(echo "$sha" | cut -c1-2)/$(echo "$sha" | cut -c3-)"
expect_eq "stored content-addressed and read-only" "$(stat -c %A "$stored")" "-r--r--r--"
expect_eq "the work folder is gone after success" "$(ls "$home/builds")" ""

# An explicit commit, and the app's keys passed to configure.
api PATCH /api/v1/apps/hello '{"keys": {"hello": "Bonjour"}}'
api POST /api/v1/apps/hello/builds "{\"commit\": \"$c1\"}"
expect_eq "POST builds with a commit: ref is that commit" "$code $(field 'j["ref"]')" "201 $c1"
wait_build 2
expect_eq "built from that commit" "$(field '[j["status"], j["commit"]]')" "['succeeded', '$c1']"
req GET /api/v1/builds/2/artifacts/kiln.json -H "Authorization: Bearer $admin"
expect_eq "the app's keys reached configure" "$(field '[k["value"] for k in j["keys"] if k["name"] == "hello"]')" \
	"['Bonjour']"
api POST /api/v1/apps/hello/builds "{\"commit\": \"$(echo "$c2" | cut -c1-10)\"}"
wait_build 3
expect_eq "a short commit id resolves" "$(field '[j["status"], j["commit"]]')" "['succeeded', '$c2']"

# Pagination, newest first.
api GET "/api/v1/apps/hello/builds?limit=2"
expect_eq "list: a page of 2 and the next" "$code $(field '[b["id"] for b in j["items"]], j["next"]')" \
	"200 [3, 2] ?limit=2&before=2"
api GET "/api/v1/apps/hello/builds?limit=2&before=2"
expect_eq "list: the last page" "$(field '[b["id"] for b in j["items"]], j["next"]')" "[1] None"
api GET "/api/v1/apps/hello/builds"
expect_eq "list: default page" "$(field '[b["id"] for b in j["items"]], j["next"]')" "[3, 2, 1] None"

# Cancel: a running build is killed with its whole process group; a queued one never starts.
api POST /api/v1/apps '{"name": "hang", "repo": "'"$repo"'", "path": "hang"}'
api POST /api/v1/apps/hang/builds
wait_status 4 running
until grep -q "configure -t unix && make" "$home/logs/build-4.log"; do sleep 0.1; done
api POST /api/v1/apps/hello/builds
expect_eq "with one worker busy, the next build waits" "$(field 'j["status"]')" "queued"
api POST /api/v1/builds/5/cancel
expect_eq "cancel a queued build: 200, cancelled at once" "$code $(field 'j["status"]')" "200 cancelled"
api GET /api/v1/builds/5
expect_eq "cancel a queued build: it never started" "$(field '[j["status"], j["error"], j["started_at"]]')" \
	"['cancelled', 'cancelled before it started', None]"
sleep 1
api POST /api/v1/builds/4/cancel
expect_eq "cancel a running build: 202" "$code $(field 'j["status"]')" "202 running"
wait_build 4
expect_eq "the running build ends cancelled" "$(field '[j["status"], j["error"]]')" \
	"['cancelled', 'cancelled while it ran']"
expect_eq "its log says so, last" "$(tail -1 "$home/logs/build-4.log")" "kiln: build cancelled: cancelled while it ran"
left=$(for p in /proc/[0-9]*; do readlink "$p/cwd"; done 2>/dev/null | grep -c "^$home/builds/")
expect_eq "no process is left in the build folders" "$left" 0
check_admin "cancel a finished build: 409" 409 "$(err "build 4 is already over (cancelled)")" POST /api/v1/builds/4/cancel

# Retry makes a new build of the same commit.
api POST /api/v1/builds/2/retry
expect_eq "retry: 201, a new build of the same commit" "$code $(field '[j["id"], j["ref"], j["trigger"], j["status"]]')" \
	"201 [6, '$c1', 'retry', 'queued']"
wait_build 6
expect_eq "the retry succeeds" "$(field '[j["status"], j["commit"]]')" "['succeeded', '$c1']"
api POST /api/v1/builds/4/retry
expect_eq "retry a cancelled build" "$code $(field '[j["id"], j["ref"], j["app"]]')" "201 [7, '$c3', 'hang']"
wait_status 7 running
check_admin "retry a running build: 409" 409 "$(err "build 7 is still queued or running")" POST /api/v1/builds/7/retry
api POST /api/v1/builds/7/cancel
wait_build 7
expect_eq "and cancel it" "$(field 'j["status"]')" "cancelled"

# A xen build keeps the image, its xl configurations and kiln.json; text ones are served as text.
api POST /api/v1/apps '{"name": "hello-xen", "repo": "'"$repo"'", "target": "xen"}'
api POST /api/v1/apps/hello-xen/builds
xen_id=$(field 'j["id"]')
wait_build "$xen_id"
expect_eq "xen: the image, the xl configurations and kiln.json" \
	"$(field '[j["status"]] + [a["name"] for a in j["artifacts"]]')" "['succeeded', 'hello.xen', 'hello.xl', 'hello.xl.in', 'kiln.json']"
expect_match "xen: hello.xl is text" "$(curl -s -D - -o "$top/hello.xl" -H "Authorization: Bearer $admin" \
	"$base/api/v1/builds/$xen_id/artifacts/hello.xl")" "*Content-Type: text/plain; charset=utf-8*"
expect_match "xen: hello.xl names the image" "$(cat "$top/hello.xl")" "*kernel*hello.xen*"
api DELETE /api/v1/apps/hello-xen
api GET "/api/v1/builds/$xen_id"
expect_eq "deleting the app keeps its builds" "$code $(field 'j["app"]')" "200 hello-xen"

# Bad requests.
send "build of an unknown app: 404" 404 "$(err "no app named 'nope'")" POST /api/v1/apps/nope/builds '{}'
send "unknown field: 400" 400 "$(err "unknown field 'branch'")" POST /api/v1/apps/hello/builds '{"branch": "x"}'
send "commit not a string: 400" 400 "$(err "'commit' must be a commit id: 7 to 40 lowercase hex digits")" \
	POST /api/v1/apps/hello/builds '{"commit": 12}'
send "commit not hex: 400" 400 "$(err "'commit' must be a commit id: 7 to 40 lowercase hex digits")" \
	POST /api/v1/apps/hello/builds '{"commit": "main; rm -rf /"}'
send "body not an object: 400" 400 "$(err "the body must be a JSON object")" POST /api/v1/apps/hello/builds '["x"]'
req POST /api/v1/apps/hello/builds -H "Authorization: Bearer $admin" -H "Content-Type: $json" --data-binary '{"commit": '
expect_match "malformed JSON: 400" "$code $body" '400 {"error":"malformed JSON: *"}'
check_admin "unknown build: 404" 404 "$(err "no build 999")" GET /api/v1/builds/999
check_admin "not a build id: 404" 404 "$(err "no build '1x'")" GET /api/v1/builds/1x
check_admin "log of an unknown build: 404" 404 "$(err "no build 999")" GET /api/v1/builds/999/log
check_admin "unknown artifact: 404" 404 "$(err "build 1 has no artifact 'passwd'")" GET /api/v1/builds/1/artifacts/passwd
check_admin "artifact path with ..: 404" 404 "$(err "no route /api/v1/builds/1/artifacts/../../x")" \
	GET /api/v1/builds/1/artifacts/../../x --path-as-is
check_admin "list of an unknown app: 404" 404 "$(err "no app named 'nope'")" GET /api/v1/apps/nope/builds
for q in limit=0 limit=201 limit=x; do
	check_admin "list ?$q: 400" 400 "$(err "'limit' must be a number from 1 to 200")" GET "/api/v1/apps/hello/builds?$q"
done
check_admin "list ?before=-1: 400" 400 "$(err "'before' must be a positive id")" GET "/api/v1/apps/hello/builds?before=-1"
check_admin "DELETE a build: 405" 405 "$(err "DELETE is not allowed on /api/v1/builds/1 (allowed: GET)")" \
	DELETE /api/v1/builds/1
run_kiln token create --home "$home" --scope read
check "a read token cannot build: 403" 403 "$(err "this token lacks the scope this request needs")" \
	POST /api/v1/apps/hello/builds -H "Authorization: Bearer $out"
check "nor cancel: 403" 403 "$(err "this token lacks the scope this request needs")" \
	POST /api/v1/builds/1/cancel -H "Authorization: Bearer $out"

req GET /metrics
expect_match "metrics: builds by status" "$body" \
	'*kiln_builds{status="queued"} 0*kiln_builds{status="running"} 0*kiln_builds{status="succeeded"} 5*kiln_builds{status="failed"} 0*kiln_builds{status="cancelled"} 3*'
expect_match "metrics: the queue and the durations" "$body" \
	'*kiln_build_queue_length 0*kiln_build_duration_seconds_bucket{le="+Inf"} 7*kiln_build_duration_seconds_count 7*'
stop_server "server"
t_done
