# test_hello.sh: examples/hello: its key's default, a configure-time value and a boot-time override.
. "$KILN_SRC/tests/lib.sh"

four() { printf '%s\n%s\n%s\n%s' "$1" "$1" "$1" "$1"; }

build_example "$KILN_SRC/examples/hello" hello
run_timed ./hello
expect_status "hello: exits 0" $STATUS 0
expect_eq "hello: says Hello World! four times" "$(cat out)" "$(four 'Hello World!')"
expect_eq "hello: nothing on stderr" "$(cat err)" ""
expect_at_least_ms "hello: a second apart" 3990

expect_eq "hello: --hello=Bye overrides the key at boot" "$(./hello --hello=Bye)" "$(four Bye)"
expect_eq "hello: --hello 'Good day' (value as the next argument)" "$(./hello --hello 'Good day')" "$(four 'Good day')"

"$KILN" configure -t unix --hello "Hi" >/dev/null && make -s >/dev/null 2>&1
expect_status "hello: configure --hello Hi and rebuild" $? 0
expect_eq "hello: the configured value is the new default" "$(./hello)" "$(four Hi)"
expect_match "hello: --help shows the configured default" "$(./hello --help)" \
	"*--hello=STRING*How to say hello. (default: Hi)*"
expect_eq "hello: boot still overrides the configured default" "$(./hello --hello=Bye)" "$(four Bye)"

# The binary is relinked when libkiln is newer, even if nothing else changed.
make -q
expect_status "hello: nothing to do right after a build" $? 0
touch -d 2000-01-01 ./*.c ./*.h Makefile _build/*
touch -d 2000-01-02 hello
make -q
expect_status "hello: a libkiln newer than the binary relinks it" $? 1
rm -rf "$PWD"
t_done
