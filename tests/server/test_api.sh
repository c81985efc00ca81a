#!/bin/sh
# test_api.sh: kiln serve end to end with curl: every endpoint and error, restart with nothing lost, SIGTERM.
. "$KILN_SRC/tests/lib.sh"

. "$KILN_SRC/tests/server/lib_server.sh"
trap server_cleanup EXIT

# First start with no token and no KILN_BOOTSTRAP_TOKEN: says how to get one.
start_server
expect_match "first start says how to make an admin token" "$(cat "$top/serve.err")" \
	"*kiln token create --home $home --scope admin*"
stop_server "tokenless server"
rm -rf "$home"

start_server KILN_BOOTSTRAP_TOKEN=$admin
check "healthz needs no token" 200 '{"status": "ok"}' GET /healthz
req GET /api/v1/openapi.json
expect_eq "openapi.json describes the routes" \
	"$code $(printf '%s' "$body" | python3 -c 'import json, sys; print(sorted(json.load(sys.stdin)["paths"]))')" \
	"200 ['/api/v1/apps', '/api/v1/apps/{name}', '/api/v1/apps/{name}/builds', '/api/v1/apps/{name}/credentials', '/api/v1/apps/{name}/webhook', '/api/v1/backends', '/api/v1/builds/{id}', '/api/v1/builds/{id}/artifacts/{file}', '/api/v1/builds/{id}/cancel', '/api/v1/builds/{id}/log', '/api/v1/builds/{id}/retry', '/api/v1/deployments', '/api/v1/deployments/{id}', '/api/v1/deployments/{id}/console', '/api/v1/deployments/{id}/restart', '/api/v1/deployments/{id}/start', '/api/v1/deployments/{id}/stop', '/api/v1/openapi.json', '/api/v1/session', '/api/v1/webhooks/{name}', '/healthz', '/metrics']"

# Authentication and scopes.
check "no token: 401" 401 "$(err "an 'Authorization: Bearer TOKEN' header is required")" GET /api/v1/apps
check "basic auth: 401" 401 "$(err "an 'Authorization: Bearer TOKEN' header is required")" GET /api/v1/apps \
	-H 'Authorization: Basic YWRtaW46YWRtaW4='
check "wrong token: 401" 401 "$(err "invalid token")" GET /api/v1/apps -H 'Authorization: Bearer nope'
run_kiln token create --home "$home" --scope read,build
reader=$out
expect_match "token create prints a token" "$status $reader" "0 kiln_????????????????????????????????????????????????????????????????"
run_kiln token create --home "$home" --scope read,root
expect_eq "token create rejects an unknown scope" "$status $err" \
	"2 kiln token: unknown scope in 'read,root' (read, build, deploy, admin)"
check "read token lists apps" 200 '{"items": [], "next": null}' GET /api/v1/apps -H "Authorization: Bearer $reader"
check "read token cannot create: 403" 403 "$(err "this token lacks the scope this request needs")" POST /api/v1/apps \
	-H "Authorization: Bearer $reader" -H "Content-Type: $json" -d '{"name": "a", "repo": "/r"}'

# Creating apps.
hello='{"name": "hello", "repo": "file:///srv/hello.git", "branch": "dev", "path": "examples/hello", "target": "xen", "keys": {"hello": "Hi"}}'
send "create an app with every field" 201 "$hello" POST /api/v1/apps "$hello"
send "create an app with defaults" 201 \
	'{"name": "a1", "repo": "/srv/a1", "branch": "main", "path": ".", "target": "unix", "keys": {}}' \
	POST /api/v1/apps '{"name": "a1", "repo": "/srv/a1"}'
send "duplicate name: 409" 409 "$(err "an app named 'hello' already exists")" POST /api/v1/apps "$hello"

# Bad bodies.
send "wrong type: 400" 400 "$(err "'name' must be a string")" POST /api/v1/apps '{"name": 5, "repo": "/r"}'
send "keys not strings: 400" 400 "$(err "key 'k' must have a string value")" POST /api/v1/apps \
	'{"name": "b", "repo": "/r", "keys": {"k": 1}}'
send "keys not an object: 400" 400 "$(err "'keys' must be an object of strings")" POST /api/v1/apps \
	'{"name": "b", "repo": "/r", "keys": ["k"]}'
send "missing field: 400" 400 "$(err "missing field 'repo'")" POST /api/v1/apps '{"name": "b"}'
send "unknown field: 400" 400 "$(err "unknown field 'colour'")" POST /api/v1/apps '{"name": "b", "repo": "/r", "colour": "red"}'
send "not an object: 400" 400 "$(err "the body must be a JSON object")" POST /api/v1/apps '["b"]'
name_err="'name' must be 1 to 63 lowercase letters, digits or '-', starting with a letter"
send "invalid name: 400" 400 "$(err "$name_err")" POST /api/v1/apps '{"name": "Hello", "repo": "/r"}'
send "name with a slash: 400" 400 "$(err "$name_err")" POST /api/v1/apps '{"name": "a/b", "repo": "/r"}'
repo_err="'repo' must be an https://, ssh:// or file:// URL or an absolute path"
for repo in http://example.com/r.git git://example.com/r relative/path ftp://x; do
	send "repo $repo: 400" 400 "$(err "$repo_err")" POST /api/v1/apps "{\"name\": \"b\", \"repo\": \"$repo\"}"
done
for app in rhttps=https://example.com/r.git rssh=ssh://git@example.com/r.git; do
	n=${app%%=*} repo=${app#*=}
	send "repo $repo: 201" 201 "{\"name\": \"$n\", \"repo\": \"$repo\", \"branch\": \"main\", \"path\": \".\", \"target\": \"unix\", \"keys\": {}}" \
		POST /api/v1/apps "{\"name\": \"$n\", \"repo\": \"$repo\"}"
done
path_err="'path' must be relative and stay inside the repository (no '..')"
for path in .. ../x a/../../b /etc; do
	send "path $path: 400" 400 "$(err "$path_err")" POST /api/v1/apps "{\"name\": \"b\", \"repo\": \"/r\", \"path\": \"$path\"}"
done
send "target arm: 400" 400 "$(err "'target' must be unix or xen")" POST /api/v1/apps '{"name": "b", "repo": "/r", "target": "arm"}'
req POST /api/v1/apps -H "Authorization: Bearer $admin" -H "Content-Type: $json" --data-binary '{"name": '
expect_match "malformed JSON: 400" "$code $body" '400 {"error":"malformed JSON: *"}'
python3 -c 'print("{\"name\": \"big\", \"repo\": \"/r\", \"keys\": {\"k\": \"" + "x" * 1100000 + "\"}}")' >"$top/big.json"
check_admin "body over 1 MiB: 413" 413 "$(err "the body is over 1048576 bytes")" POST /api/v1/apps \
	-H "Content-Type: $json" --data-binary "@$top/big.json"
check_admin "text/plain body: 415" 415 "$(err "the body must be application/json")" POST /api/v1/apps \
	-H 'Content-Type: text/plain' -d '{"name": "b", "repo": "/r"}'
check_admin "form body: 415" 415 "$(err "the body must be application/json")" POST /api/v1/apps -d 'name=b'

# Routes and methods.
check_admin "unknown route: 404" 404 "$(err "no route /api/v1/nope")" GET /api/v1/nope
check_admin "nested app path: 404" 404 "$(err "no route /api/v1/apps/a1/x")" GET /api/v1/apps/a1/x
check_admin "PUT on /apps: 405" 405 "$(err "PUT is not allowed on /api/v1/apps (allowed: GET, POST)")" PUT /api/v1/apps
expect_match "405 says Allow" "$(curl -s -D - -o /dev/null -X PUT "$base/api/v1/apps/a1" -H "Authorization: Bearer $admin")" \
	"*Allow: GET, PATCH, DELETE*"
check_admin "POST on /healthz: 405" 405 "$(err "POST is not allowed on /healthz (allowed: GET)")" POST /healthz

# Reading, changing and deleting.
check_admin "get an app" 200 "$hello" GET /api/v1/apps/hello
check_admin "unknown app: 404" 404 "$(err "no app named 'nope'")" GET /api/v1/apps/nope
changed='{"name": "hello", "repo": "file:///srv/hello.git", "branch": "dev", "path": "examples/hello", "target": "unix", "keys": {"a": "b"}}'
send "patch an app" 200 "$changed" PATCH /api/v1/apps/hello '{"target": "unix", "keys": {"a": "b"}}'
send "patch cannot rename: 400" 400 "$(err "'name' cannot be changed")" PATCH /api/v1/apps/hello '{"name": "other"}'
send "patch is validated: 400" 400 "$(err "$path_err")" PATCH /api/v1/apps/hello '{"path": "../up"}'
send "patch an unknown app: 404" 404 "$(err "no app named 'nope'")" PATCH /api/v1/apps/nope '{"target": "xen"}'
check_admin "a rejected patch changes nothing" 200 "$changed" GET /api/v1/apps/hello
check_admin "delete an app" 200 '{"deleted": "a1"}' DELETE /api/v1/apps/a1
check_admin "deleted app: 404" 404 "$(err "no app named 'a1'")" GET /api/v1/apps/a1
check_admin "delete an unknown app: 404" 404 "$(err "no app named 'a1'")" DELETE /api/v1/apps/a1
req GET /api/v1/apps -H "Authorization: Bearer $admin"
apps_before=$body
expect_eq "list apps by name" "$(printf '%s' "$body" | python3 -c 'import json, sys; print([a["name"] for a in json.load(sys.stdin)["items"]])')" \
	"['hello', 'rhttps', 'rssh']"
req GET "/api/v1/apps?limit=2" -H "Authorization: Bearer $admin"
expect_eq "list apps: a page of 2 and the next" "$code $(printf '%s' "$body" | jget '[a["name"] for a in j["items"]], j["next"]')" \
	"200 ['hello', 'rhttps'] ?limit=2&after=rhttps"
req GET "/api/v1/apps?limit=2&after=rhttps" -H "Authorization: Bearer $admin"
expect_eq "list apps: the last page" "$code $(printf '%s' "$body" | jget '[a["name"] for a in j["items"]], j["next"]')" \
	"200 ['rssh'] None"
check_admin "list apps: ?limit=0 is 400" 400 "$(err "'limit' must be a number from 1 to 200")" GET "/api/v1/apps?limit=0"

req GET /metrics
expect_match "metrics count the apps" "$code $body" "200 *kiln_apps 3*"
expect_match "metrics count requests by method and status" "$body" \
	'*kiln_http_requests_total{method="POST",status="201"} 4*kiln_http_requests_total{method="POST",status="409"} 1*'
stop_server "server"

# A restart on the same home: the apps and tokens are all there.
start_server
req GET /api/v1/apps -H "Authorization: Bearer $reader"
expect_eq "after a restart nothing is lost" "$code $body" "200 $apps_before"
check_admin "the bootstrap token still works" 200 "$changed" GET /api/v1/apps/hello
stop_server "restarted server"

t_done
