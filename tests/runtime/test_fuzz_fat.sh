# test_fuzz_fat.sh: runs the FAT fuzzer (built in the san variant) over a copy of its seed corpus for 20 seconds.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/fuzz.sh"

run_fuzzer fuzz_fat "$KILN_SRC/tests/runtime/fat_corpus" 20 images
t_done
