# tests/lib.sh: sourced by shell tests: TAP "ok"/"not ok" lines, expectations, scratch folders.
# The runner sets KILN (the kiln binary under test), KILN_SRC (the source tree) and KILN_BUILD.

set -u
: "${KILN:?run through tests/run-suite (KILN unset)}"
T_FAILED=0

t_ok() { echo "ok - $1"; }
t_not_ok() {
	echo "not ok - $1"
	shift
	for line in "$@"; do printf '#   %s\n' "$line"; done
	T_FAILED=1
}

# expect_eq NAME ACTUAL EXPECTED: exact comparison, with a diff when they differ.
expect_eq() {
	if [ "$2" = "$3" ]; then
		t_ok "$1"
	else
		t_not_ok "$1" "--- expected" "$(printf '%s' "$3" | sed 's/^/    /')" "--- actual" \
			"$(printf '%s' "$2" | sed 's/^/    /')"
	fi
}

# expect_match NAME TEXT GLOB: TEXT must match the shell pattern GLOB.
expect_match() {
	case "$2" in
	$3) t_ok "$1" ;;
	*) t_not_ok "$1" "expected to match: $3" "actual: $(printf '%s' "$2" | head -20)" ;;
	esac
}

# expect_status NAME ACTUAL EXPECTED
expect_status() {
	if [ "$2" -eq "$3" ]; then t_ok "$1"; else t_not_ok "$1" "exit status $2, expected $3"; fi
}

# scratch_copy DIR: copies a unikernel folder's sources (what git tracks there, when it can tell;
# otherwise all but the generated files and the binary named after the folder) to a fresh folder.
scratch_copy() {
	d=$(mktemp -d "${TMPDIR:-/tmp}/kiln-test.XXXXXX")
	if files=$(git -C "$1" ls-files . 2>/dev/null) && [ -n "$files" ]; then
		(cd "$1" && echo "$files" | while IFS= read -r f; do
			mkdir -p "$d/$(dirname "$f")" && cp -p "$f" "$d/$f"; done)
	else
		for f in "$1"/*; do
			case "$(basename "$f")" in
			Makefile | main.c | key_gen.h | start_gen.h | kiln.json | _build | "$(basename "$1")") ;;
			*) cp -R "$f" "$d/" ;;
			esac
		done
	fi
	echo "$d"
}

# build_example DIR NAME: a scratch copy of DIR configured for unix and built; cds into it.
build_example() {
	cd "$(scratch_copy "$1")" || exit 1
	"$KILN" configure -t unix >/dev/null && make -s >/dev/null 2>&1
	expect_status "$2: configures and builds" $? 0
}

# run_timed CMD...: runs CMD with stdout in ./out and stderr in ./err; sets STATUS and ELAPSED_MS.
run_timed() {
	t0=$(date +%s%N)
	"$@" >out 2>err
	STATUS=$?
	ELAPSED_MS=$((($(date +%s%N) - t0) / 1000000))
}

# expect_at_least_ms NAME MS: ELAPSED_MS was at least MS (a lower bound only: never a timing test).
expect_at_least_ms() {
	if [ "$ELAPSED_MS" -ge "$2" ]; then t_ok "$1"; else t_not_ok "$1" "took ${ELAPSED_MS} ms"; fi
}

# run_kiln ARGS...: runs kiln; leaves its status, stdout and stderr in $status, $out and $err
# (through the files out and err in the test's scratch folder $top).
run_kiln() {
	"$KILN" "$@" >"$top/out" 2>"$top/err"
	status=$?
	out=$(cat "$top/out")
	err=$(cat "$top/err")
}

t_done() { exit "$T_FAILED"; }
