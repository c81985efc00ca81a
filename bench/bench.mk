# bench/bench.mk: `make bench` runs the benchmarks against the default build and prints a table.

bench: kiln-root
	@bench/run $(BUILD)
