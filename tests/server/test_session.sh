#!/bin/sh
# test_session.sh: the dashboard's files as kiln serve sends them, and browser sessions: cookie flags, CSRF, scopes, sign-out.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/server/lib_server.sh"
trap server_cleanup EXIT
json="Content-Type: application/json"

start_server KILN_BOOTSTRAP_TOKEN=$admin

# The page and its files: built in, with their type, ETag, CSP; a matching If-None-Match is a 304.
req GET /
curl -s "$base/" >"$top/index.html"
expect_eq "/ is web/index.html" "$code $(cmp "$top/index.html" "$KILN_SRC/web/index.html" && echo same)" "200 same"
expect_match "/ is HTML" "$headers" "*Content-Type: text/html; charset=utf-8*"
expect_match "/ has a strict CSP" "$headers" \
	"*Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'*"
expect_match "/ is revalidated before use" "$headers" "*Cache-Control: no-cache*"
etag=$(printf '%s\n' "$headers" | sed -n 's/^ETag: //p')
expect_match "/ has an ETag" "$etag" '"????????????????"'
req GET / -H "If-None-Match: $etag"
expect_eq "a matching If-None-Match: 304, no body" "$code [$body]" "304 []"
req GET /assets/vendor/ansi_up.js -H 'Accept-Encoding: gzip, deflate, br'
gzetag=$(printf '%s\n' "$headers" | sed -n 's/^ETag: //p')
curl -s -H 'Accept-Encoding: gzip' "$base/assets/vendor/ansi_up.js" | gunzip >"$top/ansi_up.js"
expect_eq "a browser that accepts gzip gets the file gzip'd" \
	"$code $(printf '%s\n' "$headers" | grep -E '^(Content-Encoding|Vary):' | tr '\n' ' ')$(cmp "$top/ansi_up.js" "$KILN_SRC/web/vendor/ansi_up.js" && echo same)" \
	"200 Vary: Accept-Encoding Content-Encoding: gzip same"
expect_match "the gzip'd file has an ETag of its own" "$gzetag" '"????????????????-gz"'
req GET /assets/vendor/ansi_up.js -H 'Accept-Encoding: gzip' -H "If-None-Match: $gzetag"
expect_eq "its ETag revalidates it: 304" "$code" 304
req GET /assets/vendor/ansi_up.js -H 'Accept-Encoding: gzip;q=0, identity'
expect_eq "gzip;q=0: the plain file" "$code $(printf '%s\n' "$headers" | grep -c '^Content-Encoding')" "200 0"
req GET /assets/vendor/ansi_up.js
expect_match "the vendored ANSI renderer is JavaScript" "$code $headers" "200 *Content-Type: text/javascript; charset=utf-8*"
req GET /assets/app.js
expect_eq "app.js is web/app.js" "$code $(printf '%s\n' "$body" | cmp - "$KILN_SRC/web/app.js" && echo same)" "200 same"
req GET /assets/nope.js
expect_eq "a missing file: 404" "$code" 404
req POST /assets/app.js
expect_match "POST on a file: 405, Allow: GET, HEAD" "$code $headers" "405 *Allow: GET, HEAD*"

# Signing in.
req POST /api/v1/session -H "$json" --data-binary '{"token": "wrong"}'
expect_eq "a wrong token does not sign in" "$code $body" '401 {"error":"invalid token"}'
req POST /api/v1/session -H "$json" --data-binary '{"tok": 1}'
expect_eq "a body without token: 400" "$code $body" '400 {"error":"the body must be {\"token\": \"kiln_...\"}"}'
req POST /api/v1/session -H "$json" --data-binary "{\"token\": \"$admin\"}"
cookie=$(printf '%s\n' "$headers" | sed -n 's/^Set-Cookie: kiln_session=\([^;]*\);.*/\1/p')
expect_match "signing in sets an HttpOnly, SameSite=Strict session cookie" "$code $headers" \
	"201 *Set-Cookie: kiln_session=kiln_????????????????????????????????????????????????????????????????; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200*"
csrf=$(printf '%s' "$body" | jget "j['csrf']")
expect_eq "the reply carries a CSRF token and the token's scopes" \
	"$(printf '%s' "$body" | python3 -c 'import json, sys; d = json.load(sys.stdin); print(len(d["csrf"]), d["scopes"], d["expires_in"])')" \
	"69 ['admin'] 43200"
expect_eq "the CSRF token is not the cookie" "$([ "$csrf" != "$cookie" ] && echo different)" different
stored=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT id_hash FROM sessions").fetchall())' "$home/kiln.db")
expect_eq "only the cookie's SHA-256 is stored" "$stored" "[('$(printf '%s' "$cookie" | sha256sum | cut -d' ' -f1)',)]"

c="Cookie: kiln_session=$cookie"
req GET /api/v1/apps -H "$c"
expect_eq "the cookie reads" "$code $body" '200 {"items":[],"next":null}'
req GET /api/v1/session -H "$c"
expect_eq "GET /session gives the page its CSRF token again" "$code $(printf '%s' "$body" | jget "j['csrf']")" "200 $csrf"

# CSRF: every state-changing request from a session carries the session's token.
app='{"name": "web", "repo": "/srv/web.git"}'
req POST /api/v1/apps -H "$c" -H "$json" --data-binary "$app"
expect_eq "POST without X-CSRF-Token: 403" "$code $body" \
	'403 {"error":"the X-CSRF-Token header is missing or does not match the session"}'
# The right token with its last digit changed.
case $csrf in *0) wrong=${csrf%?}1 ;; *) wrong=${csrf%?}0 ;; esac
req POST /api/v1/apps -H "$c" -H "$json" -H "X-CSRF-Token: $wrong" --data-binary "$app"
expect_eq "POST with a wrong X-CSRF-Token: 403" "$code" 403
req POST /api/v1/apps -H "$c" -H "$json" -H "X-CSRF-Token: $csrf$csrf" --data-binary "$app"
expect_eq "POST with a longer X-CSRF-Token: 403" "$code" 403
req POST /api/v1/apps -H "$c" -H "$json" -H "X-CSRF-Token: $csrf" --data-binary "$app"
expect_eq "POST with the CSRF token: 201" "$code $(printf '%s' "$body" | jget "j['name']")" "201 web"
req PATCH /api/v1/apps/web -H "$c" -H "$json" --data-binary '{"branch": "dev"}'
expect_eq "PATCH without X-CSRF-Token: 403" "$code" 403
req PATCH /api/v1/apps/web -H "$c" -H "$json" -H "X-CSRF-Token: $csrf" --data-binary '{"branch": "dev"}'
expect_eq "PATCH with it: 200" "$code $(printf '%s' "$body" | jget "j['branch']")" "200 dev"
req DELETE /api/v1/apps/web -H "$c"
expect_eq "DELETE without X-CSRF-Token: 403, the app stays" "$code $(curl -s -o /dev/null -w '%{http_code}' -H "$c" "$base/api/v1/apps/web")" "403 200"
req DELETE /api/v1/apps/web -H "$c" -H "X-CSRF-Token: $csrf"
expect_eq "DELETE with it: 200" "$code" 200

# Bearer tokens keep working for scripts, with no CSRF token (a browser cannot send one cross-site).
req POST /api/v1/apps -H "Authorization: Bearer $admin" -H "$json" --data-binary "$app"
expect_eq "bearer token, no CSRF token: 201" "$code" 201
req DELETE /api/v1/session -H "Authorization: Bearer $admin"
expect_eq "a bearer request has no session to sign out" "$code $body" \
	'400 {"error":"this request has no session: it was sent with a bearer token"}'

# A session carries its token's scopes.
run_kiln token create --home "$home" --scope read
reader=$out
req POST /api/v1/session -H "$json" --data-binary "{\"token\": \"$reader\"}"
rcookie=$(printf '%s\n' "$headers" | sed -n 's/^Set-Cookie: kiln_session=\([^;]*\);.*/\1/p')
rcsrf=$(printf '%s' "$body" | jget "j['csrf']")
expect_eq "a read token's session has scope read" "$code $(printf '%s' "$body" | jget "j['scopes']")" "201 ['read']"
req DELETE /api/v1/apps/web -H "Cookie: kiln_session=$rcookie" -H "X-CSRF-Token: $rcsrf"
expect_eq "a read session cannot delete" "$code $body" '403 {"error":"this token lacks the scope this request needs"}'
req DELETE /api/v1/apps/web -H "Cookie: kiln_session=$rcookie" -H "X-CSRF-Token: $csrf"
expect_eq "another session's CSRF token does not do" "$code" 403

# Sessions survive a restart (they are in the database).
stop_server "first server"
start_server
req GET /api/v1/apps/web -H "$c"
expect_eq "after a restart the session still reads" "$code" 200

# Signing out.
req DELETE /api/v1/session -H "$c"
expect_eq "sign-out without X-CSRF-Token: 403" "$code" 403
req DELETE /api/v1/session -H "$c" -H "X-CSRF-Token: $csrf"
expect_match "sign-out clears the cookie" "$code $body $headers" \
	'200 {"signed_out":true} *Set-Cookie: kiln_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0*'
req GET /api/v1/apps -H "$c"
expect_eq "the signed-out cookie no longer reads" "$code $body" \
	'401 {"error":"the session has expired or was signed out: sign in again"}'
req GET /api/v1/apps -H "Cookie: kiln_session=kiln_forged"
expect_eq "a forged cookie: 401" "$code" 401
req GET /api/v1/apps -H "Cookie: kiln_session=$rcookie"
expect_eq "the other session is still signed in" "$code" 200
python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute("DELETE FROM tokens WHERE scopes = 1"); db.commit()' \
	"$home/kiln.db"
req GET /api/v1/apps -H "Cookie: kiln_session=$rcookie"
expect_eq "a session ends when its token is deleted" "$code" 401
stop_server "second server"
t_done
