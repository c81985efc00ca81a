# test_git_mirror.sh: kiln fetch-build mirrors a local repository, builds two commits in turn, refuses bad URLs.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/builder/git_repo.sh"

top=$(mktemp -d "${TMPDIR:-/tmp}/kiln-test.XXXXXX")
repo="$top/repo"
mkdir -p "$repo/hello"
cp "$KILN_SRC/examples/hello/config.c" "$KILN_SRC/examples/hello/unikernel.c" "$repo/hello/"
git_commit "$repo" "hello"
c1=$(git -C "$repo" rev-parse HEAD)
sed -i 's/Hello World!/Hello Mirror!/' "$repo/hello/config.c"
git_commit "$repo" "a new greeting"
c2=$(git -C "$repo" rev-parse HEAD)

# fetch_build NAME OUT ARGS...: runs kiln fetch-build into $top/OUT with the shared cache.
fetch_build() {
	name=$1 outdir=$2
	shift 2
	# shellcheck disable=SC2086
	run_kiln fetch-build "$@" --cache "$top/cache" --out "$top/$outdir" $SAN_OPTS
	expect_status "$name: exits 0" "$status" 0
}

fetch_build "commit 1" out1 "$repo" --commit "$c1" --path hello
expect_match "commit 1: progress and the commit" "$out" "fetch: *objects*commit: $c1*build: exit status 0*"
expect_match "commit 1: the mirror is one bare repository named after the URL's hash" \
	"$(cd "$top/cache" && echo *)" "$(printf '%.0s[0-9a-f]' $(seq 40)).git"
expect_eq "commit 1: the built unikernel says the first greeting" \
	"$("$top/out1/src/hello/hello" 2>/dev/null | head -1)" "Hello World!"

fetch_build "main (commit 2)" out2 "$repo" --commit main --path hello
expect_match "commit 2: resolved from the branch" "$out" "*commit: $c2*"
expect_eq "commit 2: still one mirror, fetched again" "$(find "$top/cache" -mindepth 1 -maxdepth 1 | wc -l)" 1
expect_eq "commit 2: the built unikernel says the new greeting" \
	"$("$top/out2/src/hello/hello" 2>/dev/null | head -1)" "Hello Mirror!"
expect_eq "commit 2: the checkout holds the repository's files only (no .git)" \
	"$(ls -a "$top/out2/src")" "$(printf '.\n..\nhello')"

for url in "git://example.com/x.git" "ext::sh" "--upload-pack=touch" "ftp://example.com/x" "relative/path"; do
	run_kiln fetch-build --cache "$top/cache" --out "$top/bad" -- "$url"
	expect_status "refused URL '$url': exits 1" "$status" 1
	expect_match "refused URL '$url': says why" "$err" "kiln fetch-build: $url: refused URL '$url': *"
done

run_kiln fetch-build "$top/nosuch" --cache "$top/cache" --out "$top/missing"
expect_status "nonexistent repository: exits 1" "$status" 1
expect_eq "nonexistent repository: a clear error" "$err" \
	"kiln fetch-build: $top/nosuch: no repository at $top/nosuch: No such file or directory"

run_kiln fetch-build "file://$repo" --commit nosuch --cache "$top/cache" --out "$top/norev"
expect_status "nonexistent branch: exits 1" "$status" 1
expect_match "nonexistent branch: a clear error" "$err" "*file://$repo: no such revision: *nosuch*"

run_kiln fetch-build "$repo" --cache "$top/cache" --out "$top/badopt" --timeout 5s
expect_status "a malformed --timeout: exits 2" "$status" 2
expect_eq "a malformed --timeout: says so" "$err" "kiln fetch-build: --timeout wants a number, not '5s'"

rm -rf "$top"
t_done
