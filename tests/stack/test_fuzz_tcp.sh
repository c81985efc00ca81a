# test_fuzz_tcp.sh: runs the TCP segment fuzzer (built in the san variant) over a copy of its seed corpus for 10 seconds.
. "$KILN_SRC/tests/lib.sh"

fuzzer="$KILN_BUILD/fuzz/fuzz_tcp"
build=$(cd "$KILN_BUILD" && pwd -P)
if [ ! -x "$fuzzer" ]; then
	case "$build" in
	*/san) t_not_ok "fuzz_tcp: the san variant has no $fuzzer" ;;
	*) echo "# skipped: fuzz_tcp is built in the san variant (SAN=1) only" ;;
	esac
	t_done
fi

# libFuzzer adds what it finds to its first corpus folder: a scratch copy, not the seeds.
corpus=$(mktemp -d "${TMPDIR:-/tmp}/kiln-fuzz-tcp.XXXXXX")
cp "$KILN_SRC"/tests/stack/corpus_tcp/* "$corpus/"
log="$build/fuzz/fuzz_tcp.log"
# Findings are kept in the build tree, named crash-*, timeout-*, leak-* or oom-*.
ASAN_OPTIONS="detect_leaks=1:halt_on_error=1" "$fuzzer" -max_total_time=10 -timeout=5 -rss_limit_mb=1024 \
	-artifact_prefix="$build/fuzz/" -print_final_stats=1 "$corpus" >"$log" 2>&1
status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
if [ "$status" -eq 0 ] && [ -n "$runs" ] && [ "$runs" -gt 0 ]; then
	t_ok "fuzz_tcp: $runs inputs in 10 s, no crash, hang, leak or sanitizer report"
else
	t_not_ok "fuzz_tcp: the fuzzer failed (status $status; log $log)" "$(grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -10)"
fi
rm -rf "$corpus"
t_done
