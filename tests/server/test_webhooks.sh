#!/bin/sh
# test_webhooks.sh: deliveries signed as GitHub (X-Hub-Signature-256), Gitea (X-Gitea-Signature) and GitLab
# (X-Gitlab-Token) do, with signatures computed here by openssl: a push to the app's branch builds the pushed
# commit; wrong, missing or tampered signatures, other branches and events, bad payloads do not.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/server/lib_server.sh"
trap server_cleanup EXIT

repo="$top/repo"
hello_repo "$repo"
c1=$(git -C "$repo" rev-parse HEAD)
echo "A second commit." >"$repo/README"
git_commit "$repo" "readme"
c2=$(git -C "$repo" rev-parse HEAD)

start_server KILN_BOOTSTRAP_TOKEN=$admin -- --workers 1
api POST /api/v1/apps "{\"name\": \"hello\", \"repo\": \"$repo\"}"
api POST /api/v1/apps/hello/webhook
expect_eq "make a webhook secret: 201, its URL" "$code $(field '[j["app"], j["url"], len(j["secret"])]')" \
	"201 ['hello', '/api/v1/webhooks/hello', 69]"
secret=$(field 'j["secret"]')

# hmac FILE: the hex HMAC-SHA256 of FILE under $secret.
hmac() { openssl dgst -sha256 -hmac "$secret" <"$1" | sed 's/^.* //'; }
# push_payload REF AFTER: a push event's JSON, as forges send it (trimmed).
push_payload() {
	printf '{"ref": "%s", "before": "%s", "after": "%s", "repository": {"full_name": "team/hello"}}' "$1" "$c1" "$2"
}
# deliver NAME FILE HEADERS...: POSTs FILE to the hello webhook with the headers; sets $code and $body.
deliver() { f=$1; shift; req POST /api/v1/webhooks/hello -H "Content-Type: $json" --data-binary "@$f" "$@"; }

push_payload refs/heads/main "$c2" >"$top/push"
deliver "$top/push" -H "X-GitHub-Event: push" -H "X-Hub-Signature-256: sha256=$(hmac "$top/push")"
expect_eq "GitHub push to main: 201, a build of the pushed commit" \
	"$code $(field '[j["status"], j["ref"], j["trigger"], j["triggered_by"]]')" "201 ['queued', '$c2', 'webhook', 'github']"
id=$(field 'j["id"]')
wait_build "$id"
expect_eq "the webhook's build succeeds with that commit" "$(field '[j["status"], j["commit"], len(j["artifacts"])]')" \
	"['succeeded', '$c2', 2]"

push_payload refs/heads/main "$c1" >"$top/push1"
deliver "$top/push1" -H "X-Gitea-Event: push" -H "X-Gitea-Signature: $(hmac "$top/push1")"
expect_eq "Gitea push: 201" "$code $(field '[j["ref"], j["triggered_by"]]')" "201 ['$c1', 'gitea']"
deliver "$top/push1" -H "X-Gitlab-Event: Push Hook" -H "X-Gitlab-Token: $secret"
expect_eq "GitLab push: 201" "$code $(field '[j["ref"], j["triggered_by"]]')" "201 ['$c1', 'gitlab']"
upper=$(hmac "$top/push" | tr a-f A-F)
deliver "$top/push" -H "X-GitHub-Event: push" -H "X-Hub-Signature-256: sha256=$upper"
expect_eq "an upper-case hex signature is the same signature" "$code" 201

no_match="$(err "the delivery's signature does not match the app's webhook secret")"
check "GitHub, wrong signature: 401" 401 "$no_match" POST /api/v1/webhooks/hello -H "Content-Type: $json" \
	--data-binary "@$top/push" -H "X-GitHub-Event: push" -H "X-Hub-Signature-256: sha256=$(hmac "$top/push1")"
push_payload refs/heads/main "$c1" | sed 's/team/evil/' >"$top/tampered"
check "GitHub, tampered body: 401" 401 "$no_match" POST /api/v1/webhooks/hello -H "Content-Type: $json" \
	--data-binary "@$top/tampered" -H "X-GitHub-Event: push" -H "X-Hub-Signature-256: sha256=$(hmac "$top/push")"
check "GitHub, a signature without sha256=: 401" 401 "$no_match" POST /api/v1/webhooks/hello -H "Content-Type: $json" \
	--data-binary "@$top/push" -H "X-GitHub-Event: push" -H "X-Hub-Signature-256: $(hmac "$top/push")"
check "Gitea, wrong signature: 401" 401 "$no_match" POST /api/v1/webhooks/hello -H "Content-Type: $json" \
	--data-binary "@$top/push" -H "X-Gitea-Event: push" -H "X-Gitea-Signature: 0123"
check "GitLab, wrong token: 401" 401 "$no_match" POST /api/v1/webhooks/hello -H "Content-Type: $json" \
	--data-binary "@$top/push" -H "X-Gitlab-Event: Push Hook" -H "X-Gitlab-Token: ${secret}x"
check "unsigned: 401" 401 \
	"$(err "a delivery must be signed: X-Hub-Signature-256, X-Gitea-Signature or X-Gitlab-Token")" \
	POST /api/v1/webhooks/hello -H "Content-Type: $json" --data-binary "@$top/push" -H "X-GitHub-Event: push"
check "a bearer token is no signature: 401" 401 \
	"$(err "a delivery must be signed: X-Hub-Signature-256, X-Gitea-Signature or X-Gitlab-Token")" \
	POST /api/v1/webhooks/hello -H "Content-Type: $json" --data-binary "@$top/push" -H "Authorization: Bearer $admin"

# Signed, but nothing to build.
push_payload refs/heads/dev "$c2" >"$top/dev"
deliver "$top/dev" -H "X-GitHub-Event: push" -H "X-Hub-Signature-256: sha256=$(hmac "$top/dev")"
expect_eq "push to another branch: 200, ignored" "$code $body" \
	'200 {"ignored":"a push to refs/heads/dev, not to refs/heads/main"}'
push_payload refs/heads/main 0000000000000000000000000000000000000000 >"$top/deleted"
deliver "$top/deleted" -H "X-GitHub-Event: push" -H "X-Hub-Signature-256: sha256=$(hmac "$top/deleted")"
expect_eq "branch deleted: 200, ignored" "$code $body" '200 {"ignored":"the branch was deleted"}'
printf '{"zen": "Keep it simple."}' >"$top/ping"
deliver "$top/ping" -H "X-GitHub-Event: ping" -H "X-Hub-Signature-256: sha256=$(hmac "$top/ping")"
expect_eq "ping: 200" "$code $body" '200 {"pong":true}'
deliver "$top/ping" -H "X-GitHub-Event: issues" -H "X-Hub-Signature-256: sha256=$(hmac "$top/ping")"
expect_eq "another event: 200, ignored" "$code $body" "200 {\"ignored\":\"event 'issues'\"}"
printf '{"ref": ' >"$top/bad"
deliver "$top/bad" -H "X-GitHub-Event: push" -H "X-Hub-Signature-256: sha256=$(hmac "$top/bad")"
expect_match "signed malformed JSON: 400" "$code $body" '400 {"error":"malformed JSON: *"}'
deliver "$top/ping" -H "X-GitHub-Event: push" -H "X-Hub-Signature-256: sha256=$(hmac "$top/ping")"
expect_eq "a push without ref and after: 400" "$code $body" \
	"400 {\"error\":\"a push payload has string fields 'ref' and 'after'\"}"
push_payload refs/heads/main "main" >"$top/notsha"
deliver "$top/notsha" -H "X-GitHub-Event: push" -H "X-Hub-Signature-256: sha256=$(hmac "$top/notsha")"
expect_eq "after not a commit id: 400" "$code $body" "400 {\"error\":\"'after' must be a commit id of 40 hex digits\"}"
req POST /api/v1/webhooks/hello -H "Content-Type: application/x-www-form-urlencoded" --data-binary "@$top/push" \
	-H "X-GitHub-Event: push" -H "X-Hub-Signature-256: sha256=$(hmac "$top/push")"
expect_eq "a form-encoded delivery: 415" "$code $body" '415 {"error":"the delivery must be application/json"}'
python3 -c 'print("{\"ref\": \"" + "x" * 1100000 + "\"}")' >"$top/big"
deliver "$top/big" -H "X-GitHub-Event: push" -H "X-Hub-Signature-256: sha256=$(hmac "$top/big")"
expect_eq "a delivery over 1 MiB: 413" "$code $body" '413 {"error":"the body is over 1048576 bytes"}'
check "an app without a webhook: 404" 404 "$(err "app 'nope' has no webhook (POST /api/v1/apps/nope/webhook makes one)")" \
	POST /api/v1/webhooks/nope -H "Content-Type: $json" --data-binary "@$top/push" -H "X-GitHub-Event: push" \
	-H "X-Hub-Signature-256: sha256=$(hmac "$top/push")"
check "GET on a webhook: 405" 405 "$(err "GET is not allowed on /api/v1/webhooks/hello (allowed: POST)")" \
	GET /api/v1/webhooks/hello

# A new secret replaces the old one; only admins make them; the secret goes with its app.
api POST /api/v1/apps/hello/webhook
check "the old secret no longer works: 401" 401 "$no_match" POST /api/v1/webhooks/hello -H "Content-Type: $json" \
	--data-binary "@$top/push" -H "X-GitHub-Event: push" -H "X-Hub-Signature-256: sha256=$(hmac "$top/push")"
run_kiln token create --home "$home" --scope read,build
check "a build token cannot make a secret: 403" 403 "$(err "this token lacks the scope this request needs")" \
	POST /api/v1/apps/hello/webhook -H "Authorization: Bearer $out"
check_admin "a secret for an unknown app: 404" 404 "$(err "no app named 'nope'")" POST /api/v1/apps/nope/webhook
api DELETE /api/v1/apps/hello
check "a deleted app's webhook: 404" 404 "$(err "app 'hello' has no webhook (POST /api/v1/apps/hello/webhook makes one)")" \
	POST /api/v1/webhooks/hello -H "Content-Type: $json" --data-binary "@$top/push" -H "X-Gitlab-Token: $secret"
stop_server "server"
t_done
