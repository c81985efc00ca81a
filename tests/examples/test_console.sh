# test_console.sh: examples/console prints hello and world four times, one second apart.
. "$KILN_SRC/tests/lib.sh"

d=$(scratch_copy "$KILN_SRC/examples/console")
cd "$d" || exit 1
"$KILN" configure -t unix >/dev/null && make -s >/dev/null 2>&1
expect_status "console: configures and builds" $? 0
start=$(date +%s%N)
./console >out 2>err
status=$?
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_status "console: exits 0" $status 0
expect_eq "console: prints hello/world four times" "$(cat out)" "hello
world
hello
world
hello
world
hello
world"
expect_eq "console: nothing on stderr" "$(cat err)" ""
# Four one-second sleeps: it cannot have finished sooner (a lower bound only).
if [ "$elapsed_ms" -ge 3990 ]; then t_ok "console: sleeps a second between hello and world"; else
	t_not_ok "console: sleeps a second between hello and world" "took ${elapsed_ms} ms"; fi
cd / && rm -rf "$d"
t_done
