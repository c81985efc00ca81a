# test_console.sh: examples/console prints hello and world four times, one second apart.
. "$KILN_SRC/tests/lib.sh"

build_example "$KILN_SRC/examples/console" console
run_timed ./console
expect_status "console: exits 0" $STATUS 0
expect_eq "console: prints hello/world four times" "$(cat out)" "hello
world
hello
world
hello
world
hello
world"
expect_eq "console: nothing on stderr" "$(cat err)" ""
# Four one-second sleeps: it cannot have finished sooner.
expect_at_least_ms "console: sleeps a second between hello and world" 3990
rm -rf "$PWD"
t_done
