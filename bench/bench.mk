# bench/bench.mk: the benchmarks.
