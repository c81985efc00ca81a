# tests/server/lib_server.sh: sourced (after tests/lib.sh) by the service's shell tests: a real kiln serve
# on a free port with a temporary home, and curl helpers that compare status and JSON bodies exactly.
# Sets: $top (scratch folder, removed by server_cleanup), $home, $port, $base, $admin (bootstrap token).

top=$(mktemp -d "${TMPDIR:-/tmp}/kiln-server.XXXXXX")
home="$top/home"
admin=bootstrap-admin-token
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
json=application/json
pid=

# start_server [ENV=VALUE...] [-- KILN_SERVE_ARGS...]: starts kiln serve on $port with $home (stderr in
# $top/serve.err); waits for /healthz.
start_server() {
	envs=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs="$envs $1"; shift; done
	[ $# -gt 0 ] && shift
	# shellcheck disable=SC2086
	env $envs "$KILN" serve --listen "127.0.0.1:$port" --home "$home" "$@" 2>>"$top/serve.err" &
	pid=$!
	i=0
	until curl -s -o /dev/null "$base/healthz"; do
		i=$((i + 1))
		[ $i -gt 150 ] && { t_not_ok "server starts" "$(cat "$top/serve.err")" "$(ss -ltnp | grep ":$port ")"; t_done; }
		sleep 0.1
	done
}

# stop_server NAME: SIGTERM, then a clean exit with no sanitizer report.
stop_server() {
	kill -TERM "$pid"
	wait "$pid"
	expect_status "$1: exits 0 on SIGTERM" $? 0
	log=$(cat "$top/serve.err")
	expect_match "$1: says it shuts down, no sanitizer report" "$log" "*shutting down*"
	case "$log" in *Sanitizer*) t_not_ok "$1: sanitizer report" "$log" ;; esac
	: >"$top/serve.err"
	pid=
}

# kill_server: SIGKILL, as a crash would.
kill_server() {
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	: >"$top/serve.err"
	pid=
}

# server_cleanup: kills a server still running and removes $top (for trap ... EXIT).
server_cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	rm -rf "$top"
}

# canon: a JSON document on stdin, printed with sorted keys (so bodies compare exactly).
canon() { python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin), sort_keys=True))' 2>&1; }

# jget EXPR: evaluates the python expression EXPR on the JSON document on stdin (bound to j).
jget() { python3 -c "import json, sys; j = json.load(sys.stdin); print($1)" 2>&1; }

# req METHOD PATH [CURL_ARGS...]: sets $code, $body and $headers (the reply's header lines).
req() {
	m=$1 p=$2
	shift 2
	rm -f "$top/body"
	code=$(curl -s -o "$top/body" -D "$top/headers" -w '%{http_code}' -X "$m" "$@" "$base$p")
	body=$(cat "$top/body" 2>/dev/null)
	headers=$(tr -d '\r' <"$top/headers")
}

# api METHOD PATH [JSON]: a request with the admin token (and a JSON body); sets $code and $body.
api() {
	if [ $# -gt 2 ]; then
		req "$1" "$2" -H "Authorization: Bearer $admin" -H "Content-Type: $json" --data-binary "$3"
	else
		req "$1" "$2" -H "Authorization: Bearer $admin"
	fi
}

# check NAME EXPECTED_CODE EXPECTED_JSON METHOD PATH [CURL_ARGS...]: status and body, exactly.
check() {
	name=$1 want_code=$2 want=$3
	shift 3
	req "$@"
	expect_eq "$name" "$code $(printf '%s' "$body" | canon)" "$want_code $(printf '%s' "$want" | canon)"
}

# The same with the admin token, and with a JSON body.
check_admin() { n=$1 c=$2 w=$3; shift 3; check "$n" "$c" "$w" "$@" -H "Authorization: Bearer $admin"; }
send() { n=$1 c=$2 w=$3 m=$4 p=$5 d=$6; check_admin "$n" "$c" "$w" "$m" "$p" -H "Content-Type: $json" --data-binary "$d"; }
err() { printf '{"error": "%s"}' "$1"; }

# field JSON_EXPR: jget on the last reply's $body.
field() { printf '%s' "$body" | jget "$1"; }

# wait_build ID: polls build ID until it is over (or 120 s pass); leaves the build in $body.
wait_build() {
	i=0
	while :; do
		api GET "/api/v1/builds/$1"
		case "$(field 'j["status"]')" in queued | running) ;; *) return 0 ;; esac
		i=$((i + 1))
		[ $i -gt 1200 ] && { t_not_ok "build $1 ends" "$body"; return 1; }
		sleep 0.1
	done
}

# wait_status ID STATUS: polls build ID until its status is STATUS (or 60 s pass).
wait_status() {
	i=0
	while api GET "/api/v1/builds/$1" && [ "$(field 'j["status"]')" != "$2" ]; do
		i=$((i + 1))
		[ $i -gt 600 ] && { t_not_ok "build $1 becomes $2" "$body"; return 1; }
		sleep 0.1
	done
}

# hello_repo DIR: a git repository (branch main) holding examples/hello; prints nothing.
hello_repo() {
	mkdir -p "$1"
	cp -R "$KILN_SRC/examples/hello/config.c" "$KILN_SRC/examples/hello/unikernel.c" "$1/"
	git -C "$1" init -q -b main
	git_commit "$1" "hello"
}

# git_commit DIR MESSAGE: commits everything in DIR.
git_commit() {
	git -C "$1" add -A && git -C "$1" -c user.name=kiln -c user.email=kiln@test commit -q -m "$2"
}

# wait_deploy ID STATE: polls deployment ID until its state is STATE (or 60 s pass); leaves it in $body.
wait_deploy() {
	i=0
	while api GET "/api/v1/deployments/$1" && [ "$(field 'j["state"]')" != "$2" ]; do
		i=$((i + 1))
		[ $i -gt 600 ] && { t_not_ok "deployment $1 becomes $2" "$body"; return 1; }
		sleep 0.1
	done
}

# deploy_cleanup: kills what deployments under $home still run (the unikernels run in their folders;
# their shims end with them). For trap ... EXIT, before server_cleanup.
deploy_cleanup() {
	for p in /proc/[0-9]*; do
		case "$(readlink "$p/cwd" 2>/dev/null)" in "$home"/deployments/*) kill -KILL "${p#/proc/}" 2>/dev/null ;; esac
	done
}

# sleeper_repo DIR: hello_repo DIR with tests/xen/sleeper (a unikernel that ticks until stopped) in sleeper/.
sleeper_repo() {
	hello_repo "$1"
	mkdir -p "$1/sleeper"
	cp "$KILN_SRC/tests/xen/sleeper/config.c" "$KILN_SRC/tests/xen/sleeper/unikernel.c" "$1/sleeper/"
	git_commit "$1" "sleeper"
}
