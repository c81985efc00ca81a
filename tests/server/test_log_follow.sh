#!/bin/sh
# test_log_follow.sh: a build's log as text and as a live event stream (new lines, Last-Event-ID, the end,
# keepalives, hundreds of followers on a few threads), the producer simulated by writing the log file and its end marker.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/server/lib_server.sh"
trap server_cleanup EXIT
sse="python3 $KILN_SRC/tests/server/sse_client.py"

start_server KILN_BOOTSTRAP_TOKEN=$admin
# Builds 7 to 9, over already, whose logs the test writes itself.
python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for i in (7, 8, 9):
    db.execute("INSERT INTO builds (id, app, status, ref, trigger, triggered_by, repo, path, target, keys, created_at)"
               " VALUES (?, \"a\", \"succeeded\", \"main\", \"api\", \"test\", \"/r\", \".\", \"unix\", \"{}\", \"now\")", (i,))
db.commit()' "$home/kiln.db"
mkdir -p "$home/logs"
# A follower of an idle log from the start to the end of the test: it gets a keepalive after 15 s.
log3="$home/logs/build-9.log"
echo waiting >"$log3"
$sse "$base/api/v1/builds/9/log" "$admin" --ready "$top/ready3" >"$top/sse3" &
idle_follower=$!
until [ -e "$top/ready3" ]; do sleep 0.05; done
idle_since=$(date +%s) # from its response headers: the server's 15 s count starts no earlier
log="$home/logs/build-7.log"
printf 'line one\nline two\r\n' >"$log"

req GET /api/v1/builds/7/log -H "Authorization: Bearer $admin"
expect_eq "the log as text" "$code $body" "200 $(printf 'line one\nline two\r')"
expect_match "text/plain" "$(curl -s -D - -o /dev/null -H "Authorization: Bearer $admin" "$base/api/v1/builds/7/log")" \
	"*Content-Type: text/plain; charset=utf-8*"
check_admin "a build without a log: 404" 404 "$(err "build 8 has no log yet")" GET /api/v1/builds/8/log
check_admin "not a build id: 404" 404 "$(err "no build 'x1'")" GET /api/v1/builds/x1/log
check_admin "an unknown build: 404" 404 "$(err "no build 10")" GET /api/v1/builds/10/log
check "the log needs a token" 401 "$(err "an 'Authorization: Bearer TOKEN' header is required")" GET /api/v1/builds/7/log
check_admin "a nested unknown route: 404" 404 "$(err "no route /api/v1/builds/7/log/x")" GET /api/v1/builds/7/log/x
check_admin "POST on the log: 405" 405 "$(err "POST is not allowed on /api/v1/builds/7/log (allowed: GET)")" \
	POST /api/v1/builds/7/log

# A follower sees what is there, then lines as they are written (a partial line only once complete),
# and the end once the producer marks the log finished.
$sse "$base/api/v1/builds/7/log" "$admin" --ready "$top/ready1" >"$top/sse1" &
follower=$!
until [ -e "$top/ready1" ]; do sleep 0.05; done
printf 'line three\npart' >>"$log"
sleep 0.5
printf 'ial\nlast, unterminated' >>"$log"
sleep 0.5
touch "$log.end"
wait $follower
expect_eq "SSE: every line with its end offset as id, then the end" "$(cat "$top/sse1")" "id=9 data=line one
id=19 data=line two
id=30 data=line three
id=38 data=partial
id=56 data=last, unterminated
event=end
streams ended: 1 of 1"

# A reconnecting client resumes after the last id it saw; a finished log ends at once.
expect_eq "SSE: Last-Event-ID resumes after that byte" \
	"$($sse "$base/api/v1/builds/7/log" "$admin" --last-event-id 30)" "id=38 data=partial
id=56 data=last, unterminated
event=end
streams ended: 1 of 1"
expect_eq "SSE: a Last-Event-ID past the end starts over" \
	"$($sse "$base/api/v1/builds/7/log" "$admin" --last-event-id 999 | head -1)" "id=9 data=line one"

# A finished log of many reads: the lines that straddle two reads go out whole too.
python3 -c 'import sys; sys.stdout.write("".join("line %d of a log longer than one read\n" % i for i in range(1000)))' >"$log"
$sse "$base/api/v1/builds/7/log" "$admin" | grep '^id=' >"$top/sse-long"
expect_eq "SSE: 1,000 lines over several reads, each one event, whole" \
	"$(wc -l <"$top/sse-long") $(grep -vc '^id=[0-9]* data=line [0-9]* of a log longer than one read$' "$top/sse-long")" "1000 0"

# Hundreds of followers of a growing log: each gets the new line and the end; the server keeps a
# handful of threads (idle streams are suspended connections, not threads).
log2="$home/logs/build-8.log"
: >"$log2"
$sse "$base/api/v1/builds/8/log" "$admin" --streams 300 --ready "$top/ready2" >"$top/sse2" &
follower=$!
until [ -e "$top/ready2" ]; do sleep 0.1; done
sleep 0.5
threads=$(ls "/proc/$pid/task" | wc -l)
[ "$threads" -le 8 ] && t_ok "300 followers, $threads server threads" ||
	t_not_ok "300 followers on few threads" "$threads threads"
echo "built" >>"$log2"
touch "$log2.end"
wait $follower
expect_eq "300 followers all get the line and the end" "$(cat "$top/sse2")" "id=6 data=built
event=end
streams ended: 300 of 300"

# The idle follower, 17 s after its stream began (2 s of slack for a loaded machine), has had one
# keepalive; when the server stops it gets its end and the server exits cleanly.
left=$((17 - ($(date +%s) - idle_since)))
[ "$left" -gt 0 ] && sleep "$left"
stop_server "server with a follower"
wait $idle_follower
expect_eq "an idle stream gets a keepalive; a shutdown ends it" "$(cat "$top/sse3")" "id=8 data=waiting
comment=keepalive
event=end
streams ended: 1 of 1"
t_done
