# tests/fuzz.sh: sourced by the fuzz tests after lib.sh: runs a libFuzzer target (built in the san variant only) for a bounded time.

# run_fuzzer NAME SEEDS SECONDS WHAT: runs $KILN_BUILD/fuzz/NAME over a scratch copy of the seed
# files SEEDS (a folder) for SECONDS; one TAP line says how many WHAT (inputs) ran without a finding.
# Findings are kept in the build tree, named crash-*, timeout-*, leak-* or oom-*; the log as fuzz/NAME.log.
run_fuzzer() {
	fuzzer="$KILN_BUILD/fuzz/$1"
	build=$(cd "$KILN_BUILD" && pwd -P)
	if [ ! -x "$fuzzer" ]; then
		case "$build" in
		*/san) t_not_ok "$1: the san variant has no $fuzzer" ;;
		*) echo "# skipped: $1 is built in the san variant (SAN=1) only" ;;
		esac
		return
	fi
	# libFuzzer adds what it finds to its first corpus folder: a scratch copy, not the seeds.
	corpus=$(mktemp -d "${TMPDIR:-/tmp}/kiln-$1.XXXXXX")
	cp "$2"/* "$corpus/"
	log="$build/fuzz/$1.log"
	ASAN_OPTIONS="detect_leaks=1:halt_on_error=1" "$fuzzer" -max_total_time="$3" -timeout=5 -rss_limit_mb=1024 \
		-artifact_prefix="$build/fuzz/" -print_final_stats=1 "$corpus" >"$log" 2>&1
	status=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ "$status" -eq 0 ] && [ -n "$runs" ] && [ "$runs" -gt 0 ]; then
		t_ok "$1: $runs $4 in $3 s, no crash, hang, leak or sanitizer report"
	else
		t_not_ok "$1: the fuzzer failed (status $status; log $log)" \
			"$(grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -10)"
	fi
	rm -rf "$corpus"
}
