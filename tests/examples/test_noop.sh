# test_noop.sh: examples/noop configures, builds, prints nothing and exits 0.
. "$KILN_SRC/tests/lib.sh"

d=$(scratch_copy "$KILN_SRC/examples/noop")
cd "$d" || exit 1
"$KILN" configure -t unix >/dev/null 2>conf.err
expect_status "noop: kiln configure -t unix succeeds" $? 0
make -s >/dev/null 2>make.err
expect_status "noop: make builds ./noop" $? 0
./noop >out 2>err
expect_status "noop: exits 0" $? 0
expect_eq "noop: prints nothing on stdout" "$(cat out)" ""
expect_eq "noop: prints nothing on stderr" "$(cat err)" ""
cd / && rm -rf "$d"
t_done
