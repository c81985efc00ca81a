# test_sandbox.sh: kiln fetch-build's sandbox: no network, no writes outside the build folder (not even by remounting), no capabilities, timeout, log cap, no leftovers.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/builder/git_repo.sh"

top=$(mktemp -d "${TMPDIR:-/tmp}/kiln-test.XXXXXX")
repo="$top/repo"
escape="$(cd "$KILN_BUILD" && pwd)/sandbox-escape.$$"
# A file on the root file system's own mount (the sandbox binds kiln's build folder apart).
root_escape="/var/tmp/kiln-sandbox-escape.$$"

if ! msg=$(bwrap --unshare-net --unshare-pid --die-with-parent --ro-bind / / --proc /proc --dev /dev true 2>&1); then
	t_not_ok "bubblewrap can create namespaces here (run the suite as root or allow user namespaces)" "$msg"
	rm -rf "$top"
	t_done
fi

# A listening socket outside, which the sandboxed config.c must not reach.
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
print(s.getsockname()[1], flush=True); time.sleep(120)' >"$top/port" &
listener=$!
while [ ! -s "$top/port" ]; do sleep 0.1; done
port=$(cat "$top/port")

# config_c DIR BODY: a config.c in $repo/DIR whose main runs BODY.
config_c() {
	mkdir -p "$repo/$1"
	printf '%s\n' "/* config.c: a misbehaving build for test_sandbox.sh. */" "#include <arpa/inet.h>" "#include <errno.h>" \
		"#include <stdio.h>" "#include <string.h>" "#include <sys/mount.h>" "#include <sys/socket.h>" "#include <unistd.h>" \
		"int main(void)" "{" "$2" "}" >"$repo/$1/config.c"
}
config_c net "struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons($port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	inet_pton(AF_INET, \"127.0.0.1\", &a.sin_addr);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0) { puts(\"NET: connected\"); return 0; }
	printf(\"NET: connect failed: %s\\n\", strerror(errno)); return 1;"
config_c write "FILE *f = fopen(\"$escape\", \"w\");
	if (f) { puts(\"WRITE: wrote outside\"); fclose(f); return 0; }
	printf(\"WRITE: fopen failed: %s\\n\", strerror(errno));
	return fopen(\"inside\", \"w\") ? 1 : 2;"
# Root inside the sandbox (as when the service runs as root) must hold no capability to undo it.
config_c remount "char line[256];
	FILE *st = fopen(\"/proc/self/status\", \"r\");
	while (st && fgets(line, sizeof(line), st))
		if (strncmp(line, \"Cap\", 3) == 0 || strncmp(line, \"NoNewPrivs\", 10) == 0) fputs(line, stdout);
	if (mount(NULL, \"/\", NULL, MS_REMOUNT | MS_BIND, NULL) < 0)
		printf(\"REMOUNT: mount failed: %s\\n\", strerror(errno));
	FILE *f = fopen(\"$root_escape\", \"w\");
	if (f) { puts(\"REMOUNT: wrote outside\"); fclose(f); return 0; }
	printf(\"REMOUNT: fopen failed: %s\\n\", strerror(errno));
	return 1;"
config_c loop "if (fork() == 0) setsid();
	for (;;) sleep(1);"
config_c spam "for (;;) puts(\"spam spam spam spam spam spam spam spam spam spam spam spam\");"
git_commit "$repo" "misbehaving builds"

# sandboxed NAME DIR ARGS...: fetch-build of $repo's DIR into $top/out-DIR.
sandboxed() {
	name=$1 dir=$2
	shift 2
	# shellcheck disable=SC2086
	run_kiln fetch-build "$repo" --path "$dir" --cache "$top/cache" --out "$top/out-$dir" $SAN_OPTS "$@"
	expect_status "$name: the build fails" "$status" 1
	log=$(cat "$top/out-$dir/build.log")
}

expect_match "outside the sandbox the listener is reachable" \
	"$(python3 -c "import socket; socket.create_connection(('127.0.0.1', $port)); print('reached')")" "reached"
sandboxed "network" net
expect_match "network: connect() to the listener fails inside (a loopback of its own)" "$log" "*NET: connect failed: *"

sandboxed "write outside" write
expect_match "write outside: refused, read-only file system" "$log" "*WRITE: fopen failed: Read-only file system*"
expect_eq "write outside: no file appeared" "$([ -e "$escape" ] && echo yes)" ""
expect_eq "write outside: a write in the build folder works" "$(ls "$top/out-write/src/write/inside")" \
	"$top/out-write/src/write/inside"

sandboxed "remount" remount
# (the bounding set stays, but with no_new_privs no exec can raise the others to it)
expect_eq "remount: the build holds no capabilities and cannot gain any" \
	"$(echo "$log" | grep '^Cap[PEA]\|^NoNewPrivs')" "CapPrm:	0000000000000000
CapEff:	0000000000000000
CapAmb:	0000000000000000
NoNewPrivs:	1"
expect_match "remount: remounting / read-write is refused" "$log" "*REMOUNT: mount failed: Operation not permitted*"
expect_match "remount: the write outside still fails" "$log" "*REMOUNT: fopen failed: Read-only file system*"
expect_eq "remount: no file appeared" "$([ -e "$root_escape" ] && echo yes)" ""

cd "$top" || exit 1
# shellcheck disable=SC2086
run_timed "$KILN" fetch-build "$repo" --path loop --cache "$top/cache" --out "$top/out-loop" --timeout 2 $SAN_OPTS
expect_status "endless loop: the build fails" "$STATUS" 1
expect_at_least_ms "endless loop: ran until the timeout" 2000
expect_match "endless loop: killed by the timeout" "$(cat out)" "*build: killed after the 2 s timeout*"

sandboxed "endless output" spam --timeout 3 --log-cap 10000
expect_match "endless output: the cap is reported" "$out" "*build: the log reached its cap of 10000 bytes*"
expect_match "endless output: the log ends with the marker" "$(tail -1 "$top/out-spam/build.log")" \
	"[[]kiln: log truncated here*"
size=$(wc -c <"$top/out-spam/build.log")
expect_eq "endless output: the log is the cap plus the marker" "$size" \
	"$((10000 + $(printf '\n[kiln: log truncated here: the build printed more than the log cap]\n' | wc -c)))"

left=$(for p in /proc/[0-9]*; do readlink "$p/cwd"; done 2>/dev/null | grep -c "^$top/out-")
expect_eq "no process is left behind in the build folders" "$left" 0

kill "$listener"
rm -rf "$top" "$escape" "$root_escape"
t_done
