# test_hello.sh: examples/hello: its key's default, a configure-time value and a boot-time override.
. "$KILN_SRC/tests/lib.sh"

four() { printf '%s\n%s\n%s\n%s' "$1" "$1" "$1" "$1"; }

d=$(scratch_copy "$KILN_SRC/examples/hello")
cd "$d" || exit 1
"$KILN" configure -t unix >/dev/null && make -s >/dev/null 2>&1
expect_status "hello: configures and builds" $? 0
start=$(date +%s%N)
./hello >out 2>err
status=$?
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_status "hello: exits 0" $status 0
expect_eq "hello: says Hello World! four times" "$(cat out)" "$(four 'Hello World!')"
expect_eq "hello: nothing on stderr" "$(cat err)" ""
if [ "$elapsed_ms" -ge 3990 ]; then t_ok "hello: a second apart"; else
	t_not_ok "hello: a second apart" "took ${elapsed_ms} ms"; fi

expect_eq "hello: --hello=Bye overrides the key at boot" "$(./hello --hello=Bye)" "$(four Bye)"
expect_eq "hello: --hello 'Good day' (value as the next argument)" "$(./hello --hello 'Good day')" "$(four 'Good day')"

"$KILN" configure -t unix --hello "Hi" >/dev/null && make -s >/dev/null 2>&1
expect_status "hello: configure --hello Hi and rebuild" $? 0
expect_eq "hello: the configured value is the new default" "$(./hello)" "$(four Hi)"
expect_match "hello: --help shows the configured default" "$(./hello --help)" \
	"*--hello=STRING*How to say hello. (default: Hi)*"
expect_eq "hello: boot still overrides the configured default" "$(./hello --hello=Bye)" "$(four Bye)"
cd / && rm -rf "$d"
t_done
