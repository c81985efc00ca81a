#!/bin/sh
# test_restart_builds.sh: kill -9 of the service at any moment, then a restart: running builds end interrupted
# (and retry works), queued builds still run, logs and artifacts are intact, no build process survives.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/server/lib_server.sh"
trap server_cleanup EXIT
sse="python3 $KILN_SRC/tests/server/sse_client.py"

repo="$top/repo"
hello_repo "$repo"
mkdir -p "$repo/hang"
printf '%s\n' '/* config.c: a configure that never ends, for the tests. */' '#include <unistd.h>' \
	'int main(void)' '{' '	for (;;)' '		sleep(1);' '}' >"$repo/hang/config.c"
git_commit "$repo" "hang"

# build_processes: how many processes work in the builds' folders (workers are in their checkout).
build_processes() { for p in /proc/[0-9]*; do readlink "$p/cwd"; done 2>/dev/null | grep -c "^$home/builds/"; }
# wait_no_build_processes NAME: they all go within 5 s.
wait_no_build_processes() {
	i=0
	while [ "$(build_processes)" -ne 0 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	expect_eq "$1" "$(build_processes)" 0
}

start_server KILN_BOOTSTRAP_TOKEN=$admin -- --workers 1
api POST /api/v1/apps "{\"name\": \"hello\", \"repo\": \"$repo\"}"
api POST /api/v1/apps "{\"name\": \"hang\", \"repo\": \"$repo\", \"path\": \"hang\"}"
api POST /api/v1/apps/hello/builds
wait_build 1
expect_eq "build 1 succeeds" "$(field 'j["status"]')" "succeeded"
sha1=$(field '[a["sha256"] for a in j["artifacts"] if a["name"] == "hello"][0]')
cp "$home/logs/build-1.log" "$top/log1"

# Build 2 hangs in configure; build 3 waits behind it; a follower watches build 2.
api POST /api/v1/apps/hang/builds
wait_status 2 running
until grep -q "configure -t unix && make" "$home/logs/build-2.log"; do sleep 0.1; done
api POST /api/v1/apps/hello/builds
expect_eq "build 3 is queued behind it" "$(field 'j["status"]')" "queued"
$sse "$base/api/v1/builds/2/log" "$admin" --ready "$top/ready" >"$top/sse-killed" &
follower=$!
until [ -e "$top/ready" ]; do sleep 0.05; done
expect_match "the hanging build has processes in its folder" "$(build_processes)" "[1-9]*"

kill_server
wait $follower
expect_match "the follower's stream breaks off without an end" "$(cat "$top/sse-killed")" "*streams ended: 0 of 1"
wait_no_build_processes "kill -9: the worker and its sandbox die with the service"
expect_eq "kill -9: build 3 is still queued in the database" \
	"$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT status FROM builds WHERE id = 3").fetchone()[0])' "$home/kiln.db")" \
	"queued"

start_server -- --workers 1
api GET /api/v1/builds/2
expect_eq "after the restart, the running build is interrupted" "$(field '[j["status"], j["error"], j["finished_at"] is not None]')" \
	"['interrupted', 'the service stopped while this build ran', True]"
expect_eq "its log says so, last" "$(tail -1 "$home/logs/build-2.log")" \
	"kiln: build interrupted: the service stopped while this build ran"
expect_match "its log kept what it had" "$(cat "$home/logs/build-2.log")" "*kiln: build 2 queued*commit: *configure -t unix && make*"
expect_match "a follower of it gets the whole log and the end" "$($sse "$base/api/v1/builds/2/log" "$admin")" \
	"id=* data=kiln: build 2 queued*data=kiln: build interrupted: the service stopped while this build ran
event=end
streams ended: 1 of 1"
wait_build 3
expect_eq "the queued build ran after the restart" "$(field 'j["status"]')" "succeeded"
curl -s -o "$top/hello" -H "Authorization: Bearer $admin" "$base/api/v1/builds/1/artifacts/hello"
expect_eq "build 1's artifact is intact" "$(sha256sum <"$top/hello" | cut -d' ' -f1)" "$sha1"
expect_eq "build 1's log is intact" "$(cat "$home/logs/build-1.log")" "$(cat "$top/log1")"
api POST /api/v1/builds/2/retry
expect_eq "retry the interrupted build" "$code $(field '[j["id"], j["app"], j["trigger"]]')" "201 [4, 'hang', 'retry']"
wait_status 4 running

# A graceful stop interrupts the running build too.
stop_server "SIGTERM with a build running"
wait_no_build_processes "SIGTERM: no build process is left"
start_server -- --workers 1
api GET /api/v1/builds/4
expect_eq "SIGTERM: the running build is interrupted" "$(field '[j["status"], j["error"]]')" \
	"['interrupted', 'the service stopped while this build ran']"

# kill -9 at any moment of a build: after each restart, nothing stays running, every build ends, and
# the artifacts of those that succeeded are there with the sha256 they list.
for delay in 0 0.05 0.1 0.15 0.2 0.3; do
	api POST /api/v1/apps/hello/builds
	sleep "$delay"
	kill_server
	wait_no_build_processes "kill -9 after ${delay}s: no build process survives"
	start_server -- --workers 1
done
api GET "/api/v1/apps/hello/builds?limit=200"
ids=$(field '" ".join(str(b["id"]) for b in j["items"])')
bad=
for id in $ids; do
	wait_build "$id"
	case "$(field 'j["status"]')" in
	succeeded)
		for a in $(field '" ".join(a["name"] + "=" + a["sha256"] for a in j["artifacts"])'); do
			got=$(curl -s -H "Authorization: Bearer $admin" "$base/api/v1/builds/$id/artifacts/${a%%=*}" | sha256sum | cut -d' ' -f1)
			[ "$got" = "${a#*=}" ] || bad="$bad $id:${a%%=*}"
		done ;;
	interrupted) ;;
	*) bad="$bad $id:$(field 'j["status"]')" ;;
	esac
done
expect_eq "kill -9 at any moment: every build succeeded or was interrupted, artifacts intact" "$bad" ""
expect_eq "the builds of the kill -9 loop are all there" "$ids" "10 9 8 7 6 5 3 1"
stop_server "last server"
t_done
