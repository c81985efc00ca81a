#!/bin/sh
# test_git_credentials.sh: an app whose repository is served over https behind basic auth (git-http-backend
# with a certificate made here), then over ssh by an sshd of its own on loopback: no credentials, wrong
# ones and the right ones; the credentials API.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/server/lib_server.sh"
git_pid=
sshd_pid=
trap '[ -n "$git_pid" ] && kill "$git_pid"; [ -n "$sshd_pid" ] && kill "$sshd_pid"; server_cleanup' EXIT

hello_repo "$top/work"
mkdir -p "$top/git" && git clone -q --bare "$top/work" "$top/git/hello.git"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -addext subjectAltName=DNS:localhost \
	-keyout "$top/key.pem" -out "$top/cert.pem" 2>/dev/null
python3 "$KILN_SRC/tests/server/git_https_server.py" "$top/cert.pem" "$top/key.pem" "$top/git" kiln s3cret \
	"$top/git.port" 2>"$top/git.log" &
git_pid=$!
i=0
while [ ! -s "$top/git.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
url="https://localhost:$(cat "$top/git.port")/hello.git"

# ssh host keys are checked against $HOME/.ssh/known_hosts: the server gets a home of its own. Under
# ASan, leaks are traced with the slow unwinder: libgit2 has no frame pointers, and tests/lsan.supp
# names the ssh transport's own leaks by a frame only a full trace shows.
mkdir -p "$top/user/.ssh"
start_server KILN_BOOTSTRAP_TOKEN=$admin KILN_GIT_CA_FILE="$top/cert.pem" HOME="$top/user" \
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:fast_unwind_on_malloc=0" -- --workers 1
api POST /api/v1/apps "{\"name\": \"hello\", \"repo\": \"$url\"}"
expect_eq "an app on an https repository" "$code" 201

# got: the status and the body with sorted keys; want CODE JSON: the same for what is expected.
got() { printf '%s %s' "$code" "$(printf '%s' "$body" | canon)"; }
want() { printf '%s %s' "$1" "$(printf '%s' "$2" | canon)"; }

# build_status: queues a build of hello and waits for it; prints its status and error.
build_status() {
	api POST /api/v1/apps/hello/builds
	wait_build "$(field 'j["id"]')"
	field '[j["status"], j["error"]]'
}
expect_eq "no credentials: the build fails, saying the server wants some" "$(build_status)" \
	"['failed', '$url: cannot fetch: the server asks for credentials, and the app has none']"

api POST /api/v1/apps/hello/credentials '{"https_token": "wrong", "username": "kiln"}'
expect_eq "set a token: 201, described without the secret" "$code $(field '[sorted(j), j["kind"], j["username"]]')" \
	"201 [['app', 'created_at', 'kind', 'username'], 'https_token', 'kiln']"
expect_eq "a wrong token: the build fails once, rejected (libgit2 is not let to ask forever)" "$(build_status)" \
	"['failed', '$url: cannot fetch: credentials rejected']"

api POST /api/v1/apps/hello/credentials '{"https_token": "s3cret", "username": "kiln"}'
expect_eq "the right token: the build succeeds" "$(build_status)" "['succeeded', None]"
expect_eq "the server saw the token's user" "$(grep -c '"GET /hello.git/info/refs?service=git-upload-pack HTTP/1.1" 200' "$top/git.log")" 1
api GET /api/v1/apps/hello/credentials
expect_eq "GET: kind, user, date, never the secret" "$code $(field '[sorted(j), j["kind"]]')" \
	"200 [['app', 'created_at', 'kind', 'username'], 'https_token']"
expect_eq "the secret is in no reply" "$(printf '%s' "$body" | grep -c s3cret)" 0

# Bad bodies, each refused with its reason.
bad() {
	api POST /api/v1/apps/hello/credentials "$2"
	expect_eq "$1" "$(got)" "$(want 400 "$(err "$3")")"
}
bad "neither secret" '{"username": "kiln"}' "give exactly one of https_token and ssh_key"
bad "both secrets" '{"https_token": "a", "ssh_key": "-----BEGIN OPENSSH PRIVATE KEY-----"}' \
	"give exactly one of https_token and ssh_key"
bad "a token that is no string" '{"https_token": 42}' "https_token must be a non-empty string of at most 4096 bytes"
bad "an empty token" '{"https_token": ""}' "https_token must be a non-empty string of at most 4096 bytes"
bad "a token with a line break" '{"https_token": "a\nb"}' "https_token holds a control character"
bad "an ssh key that is no private key" '{"ssh_key": "ssh-ed25519 AAAA"}' \
	"ssh_key must be a private key in PEM or OpenSSH form (-----BEGIN ... PRIVATE KEY-----)"
bad "a user name with a space" '{"https_token": "a", "username": "a b"}' \
	"username may hold letters, digits, '.', '_' and '-' only"
bad "an unknown field" '{"https_token": "a", "password": "b"}' "unknown field 'password' (https_token, ssh_key, username)"
api POST /api/v1/apps/nope/credentials '{"https_token": "a"}'
expect_eq "credentials of no app: 404" "$(got)" "$(want 404 "$(err "no app named 'nope'")")"
req POST /api/v1/apps/hello/credentials -H "Content-Type: $json" --data-binary '{"https_token": "a"}'
expect_eq "without a token: 401" "$code" 401

api DELETE /api/v1/apps/hello/credentials
expect_eq "DELETE: 200" "$(got)" "$(want 200 '{"deleted": "hello"}')"
api GET /api/v1/apps/hello/credentials
expect_eq "then GET: 404" "$(got)" "$(want 404 "$(err "app 'hello' has no git credentials")")"
api POST /api/v1/apps/hello/credentials '{"https_token": "s3cret", "username": "kiln"}'
api DELETE /api/v1/apps/hello
api POST /api/v1/apps "{\"name\": \"hello\", \"repo\": \"$url\"}"
api GET /api/v1/apps/hello/credentials
expect_eq "deleting the app deletes its credentials" "$code" 404

# ssh: an sshd on loopback that knows one key; the app's repository URL is ssh://.
ssh-keygen -q -t ed25519 -N '' -f "$top/host_key"
ssh-keygen -q -t ed25519 -N "" -C kiln-test -f "$top/id_key"
ssh-keygen -q -t ed25519 -N "" -C other -f "$top/other_key"
cp "$top/id_key.pub" "$top/authorized_keys"
sport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$top/sshd_config" <<SSHD
Port $sport
ListenAddress 127.0.0.1
HostKey $top/host_key
PidFile $top/sshd.pid
AuthorizedKeysFile $top/authorized_keys
AuthenticationMethods publickey
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
SSHD
mkdir -p /run/sshd
/usr/sbin/sshd -D -e -f "$top/sshd_config" 2>"$top/sshd.log" &
sshd_pid=$!
i=0
until ss -Hltn "sport = :$sport" | grep -q LISTEN || [ $i -gt 100 ]; do sleep 0.1; i=$((i + 1)); done
surl="ssh://$(id -un)@127.0.0.1:$sport$top/git/hello.git"
api PATCH /api/v1/apps/hello "{\"repo\": \"$surl\"}"
api POST /api/v1/apps/hello/credentials "$(python3 -c 'import json, sys; print(json.dumps({"ssh_key": open(sys.argv[1]).read()}))' "$top/id_key")"
expect_eq "an ssh server whose host key is not known: refused" "$(build_status)" \
	"['failed', '$surl: cannot fetch: invalid or unknown remote ssh hostkey']"
echo "[127.0.0.1]:$sport $(cut -d' ' -f1,2 "$top/host_key.pub")" >"$top/user/.ssh/known_hosts"
# key_json FILE: the credentials body for the private key in FILE.
key_json() { python3 -c 'import json, sys; print(json.dumps({"ssh_key": open(sys.argv[1]).read()}))' "$1"; }
api POST /api/v1/apps/hello/credentials "$(key_json "$top/other_key")"
expect_eq "set an ssh key: 201, kind ssh_key" "$code $(field 'j["kind"]')" "201 ssh_key"
expect_eq "a key the server does not know: the build fails, rejected" "$(build_status)" \
	"['failed', '$surl: cannot fetch: credentials rejected']"
api POST /api/v1/apps/hello/credentials "$(key_json "$top/id_key")"
expect_eq "the right key: the build succeeds" "$(build_status)" "['succeeded', None]"
expect_match "sshd let that key in" "$(cat "$top/sshd.log")" "*Accepted publickey for $(id -un)*"

stop_server "server"
t_done
