# bench/bench.mk: `make bench` runs the benchmarks against the default build and prints a table.

deps-bench:
	@sh .ci/install-deps $(BUILD_PACKAGES) $(TEST_PACKAGES) $(BENCH_PACKAGES)

bench: deps-bench kiln-root
	@bench/run $(BUILD)
