#!/bin/sh
# test_build_failures.sh: builds that must fail, with a clear error field and the evidence in their log: a
# config.c that does not compile, one that reaches for the network or writes outside its folder (the sandbox
# stops both; nothing is written), a unikernel that does not compile, a path that leaves the repository
# through a symbolic link, a missing repository, an unknown commit, a build over its time limit.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/server/lib_server.sh"
trap 'kill $listener 2>/dev/null; rm -f "$escape"; server_cleanup' EXIT

repo="$top/repo"
escape="$(cd "$KILN_BUILD" && pwd)/build-escape.$$"
hello_repo "$repo"
start_server KILN_BOOTSTRAP_TOKEN=$admin

# A listening socket outside, which a sandboxed config.c must not reach.
python3 -c 'import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
print(s.getsockname()[1], flush=True); time.sleep(240)' >"$top/port" &
listener=$!
while [ ! -s "$top/port" ]; do sleep 0.1; done
net_port=$(cat "$top/port")

# config_c DIR BODY: a config.c in $repo/DIR whose main runs BODY.
config_c() {
	mkdir -p "$repo/$1"
	printf '%s\n' "/* config.c: a misbehaving build for test_build_failures.sh. */" "#include <arpa/inet.h>" \
		"#include <errno.h>" "#include <stdio.h>" "#include <string.h>" "#include <sys/socket.h>" \
		"#include <unistd.h>" "int main(void)" "{" "$2" "}" >"$repo/$1/config.c"
}
config_c broken "this is not C;"
config_c hang "for (;;)
		sleep(1);"
config_c net "struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons($net_port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	inet_pton(AF_INET, \"127.0.0.1\", &a.sin_addr);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0) { puts(\"NET: connected\"); return 0; }
	printf(\"NET: connect failed: %s\\n\", strerror(errno)); return 1;"
config_c write "FILE *f = fopen(\"$escape\", \"w\");
	if (f) { puts(\"WRITE: wrote outside\"); fclose(f); return 0; }
	printf(\"WRITE: fopen failed: %s\\n\", strerror(errno));
	return 1;"
mkdir -p "$repo/badc"
cp "$KILN_SRC/examples/hello/config.c" "$repo/badc/"
printf 'int hello_start(void) { return undeclared; }\n' >"$repo/badc/unikernel.c"
mkdir -p "$top/outside"
cp "$KILN_SRC/examples/hello/config.c" "$KILN_SRC/examples/hello/unikernel.c" "$top/outside/"
ln -s "$top/outside" "$repo/link"
git_commit "$repo" "misbehaving builds"

n=0
# fails NAME APP_JSON [BUILD_JSON]: creates the app, builds it; leaves the ended build in $body and its log in $log.
fails() {
	name=$1
	n=$((n + 1))
	api POST /api/v1/apps "$2"
	if [ $# -gt 2 ]; then api POST "/api/v1/apps/$(printf '%s' "$2" | jget 'j["name"]')/builds" "$3"
	else api POST "/api/v1/apps/$(printf '%s' "$2" | jget 'j["name"]')/builds"; fi
	wait_build "$n"
	log=$(cat "$home/logs/build-$n.log")
}
app() { printf '{"name": "%s", "repo": "%s", "path": "%s"}' "$1" "${3:-$repo}" "$2"; }
configure_failed="kiln configure -t unix failed (its error is in the log)"

fails "config.c does not compile" "$(app broken broken)"
expect_eq "$name: failed, configure named" "$(field '[j["status"], j["error"], j["artifacts"]]')" "['failed', '$configure_failed', []]"
expect_match "$name: the compiler's error is in the log" "$log" "*config.c:*error*"
expect_eq "$name: the log ends with the error" "$(tail -1 "$home/logs/build-$n.log")" "kiln: build failed: $configure_failed"

fails "config.c reaches for the network" "$(app net net)"
expect_eq "$name: failed" "$(field '[j["status"], j["error"]]')" "['failed', '$configure_failed']"
expect_match "$name: connect() failed inside the sandbox" "$log" "*NET: connect failed: *"

fails "config.c writes outside its folder" "$(app write write)"
expect_eq "$name: failed" "$(field '[j["status"], j["error"]]')" "['failed', '$configure_failed']"
expect_match "$name: refused, read-only file system" "$log" "*WRITE: fopen failed: Read-only file system*"
expect_eq "$name: nothing was written" "$([ -e "$escape" ] && echo written)" ""

fails "the unikernel does not compile" "$(app badc badc)"
expect_eq "$name: failed, make named" "$(field '[j["status"], j["error"]]')" \
	"['failed', 'make failed with exit status 2 (its errors are in the log)']"
expect_match "$name: the compiler's error is in the log" "$log" "*unikernel.c:*undeclared*"

fails "a path leaving the repository through a link" "$(app link link)"
expect_eq "$name: failed, before any build" "$(field '[j["status"], j["error"]]')" \
	"['failed', 'no folder link inside the repository']"
expect_eq "$name: nothing built outside" "$(ls "$top/outside")" "config.c
unikernel.c"

fails "a missing repository" "$(app gone . "$top/nosuch")"
expect_eq "$name: failed, says so" "$(field '[j["status"], j["error"]]')" \
	"['failed', '$top/nosuch: no repository at $top/nosuch: No such file or directory']"

fails "an unknown commit" "$(app hello .)" '{"commit": "0123456789abcdef0123456789abcdef01234567"}'
expect_eq "$name: failed, says so" "$(field 'j["status"] + " " + j["error"]')" \
	"failed $repo: no such revision: revspec '0123456789abcdef0123456789abcdef01234567' not found"
expect_eq "$name: no commit recorded" "$(field 'j["commit"]')" "None"

left=$(for p in /proc/[0-9]*; do readlink "$p/cwd"; done 2>/dev/null | grep -c "^$home/builds/")
expect_eq "no process is left in the build folders" "$left" 0
stop_server "server"

# A build over the wall-clock limit (kiln serve --build-timeout) is killed and fails.
start_server -- --build-timeout 2
fails "a configure that never ends" "$(app hang hang)"
expect_eq "$name: failed, killed at the limit" "$(field '[j["status"], j["error"], j["duration_ms"] >= 2000]')" \
	"['failed', 'the build ran over its 2 s limit and was killed', True]"
left=$(for p in /proc/[0-9]*; do readlink "$p/cwd"; done 2>/dev/null | grep -c "^$home/builds/")
expect_eq "$name: no process is left" "$left" 0
stop_server "server with --build-timeout"
t_done
