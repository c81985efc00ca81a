# test_fuzz_tcp.sh: runs the TCP segment fuzzer (built in the san variant) over a copy of its seed corpus for 10 seconds.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/fuzz.sh"

run_fuzzer fuzz_tcp "$KILN_SRC/tests/stack/corpus_tcp" 10 inputs
t_done
