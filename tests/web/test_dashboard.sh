#!/bin/sh
# test_dashboard.sh: the dashboard in a real headless Chromium (playwright-core): sign in, apps, build, deploy, sign out.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/server/lib_server.sh"
trap server_cleanup EXIT

chromium=${CHROMIUM:-/usr/bin/chromium}
here=$(pwd)
if ! [ -x "$chromium" ] || ! command -v node >/dev/null || ! [ -d "$here/node_modules/playwright-core" ]; then
	t_not_ok "chromium, node and tests/web/node_modules are installed" "run: make deps-test"
	t_done
fi
shots="$KILN_BUILD/artifacts/web"
mkdir -p "$shots"

# A git repository holding the hello example, on branch main.
repo="$top/hello.git"
cp -R "$(scratch_copy "$KILN_SRC/examples/hello")" "$repo"
git -C "$repo" init -q -b main && git -C "$repo" add -A &&
	git -C "$repo" -c user.name=t -c user.email=t@example.org commit -qm hello
expect_status "the hello repository is committed" $? 0
# The same whose configuration prints 50,000 lines in colour into the build log.
big="$top/biglog.git"
cp -R "$repo" "$big"
sed -i 's|^int main(int argc, char \*\*argv)$|#include <stdio.h>\n&|; s|^{$|&\n\tfor (int i = 0; i < 50000; i++)\n\t\tprintf("line %d \\033[32mgreen\\033[0m of a long build log\\n", i);|' \
	"$big/config.c"
git -C "$big" -c user.name=t -c user.email=t@example.org commit -qam "50,000 lines"
expect_status "the 50,000-line repository is committed" $? 0
# The same whose configuration takes a minute, to be cancelled.
slow="$top/slow.git"
cp -R "$repo" "$slow"
sed -i 's|^int main(int argc, char \*\*argv)$|#include <unistd.h>\n&|; s|^{$|&\n\tsleep(60);|' "$slow/config.c"
git -C "$slow" -c user.name=t -c user.email=t@example.org commit -qam "a minute"
expect_status "the slow repository is committed" $? 0

start_server KILN_BOOTSTRAP_TOKEN=$admin
reader=$("$KILN" token create --home "$home" --scope read)
apis=$(curl -s "$base/api/v1/openapi.json" | jget "'\n'.join(j['paths'])")
BASE=$base TOKEN=$admin READ_TOKEN=$reader REPO=$repo REPO_BIG=$big REPO_SLOW=$slow SHOTS=$shots CHROMIUM=$chromium APIS=$apis \
	node "$here/dashboard.mjs" 2>"$top/node.err"
[ $? -eq 0 ] || [ ! -s "$top/node.err" ] || t_not_ok "the browser script runs" "$(cat "$top/node.err")"
stop_server "server"
t_done
