# test_install.sh: make install PREFIX=... installs kiln, and a unikernel outside the tree builds and runs against the installed copy.
. "$KILN_SRC/tests/lib.sh"

top=$(mktemp -d "${TMPDIR:-/tmp}/kiln-test.XXXXXX")
prefix="$top/prefix"
build=$(cd "$KILN_BUILD" && pwd -P)
# Install the variant under test: BUILD names its tree, SAN=1 gives its compiler and flags to kiln.pc.
case "$build" in
*/san) variant="SAN=1" ;;
*) variant="" ;;
esac

make -C "$KILN_SRC" -s install PREFIX="$prefix" BUILD="$build" $variant >"$top/out" 2>&1
expect_status "make install PREFIX=...: exits 0" $? 0
missing=""
for f in bin/kiln lib/libkiln.a lib/libkilnconfig.a include/kiln/config.h include/kiln/console.h \
	include/kiln/time.h include/kiln/runtime.h lib/pkgconfig/kiln.pc lib/pkgconfig/kiln-config.pc; do
	[ -f "$prefix/$f" ] || missing="$missing $f"
done
expect_eq "make install: bin/kiln, both libraries, the headers and the .pc files are there" "$missing" ""
if [ -x "$prefix/bin/kiln" ]; then t_ok "make install: bin/kiln is executable"; else
	t_not_ok "make install: bin/kiln is executable"; fi
if cmp -s "$prefix/bin/kiln" "$KILN" && cmp -s "$prefix/lib/libkiln.a" "$build/lib/libkiln.a" &&
	cmp -s "$prefix/lib/libkilnconfig.a" "$build/lib/libkilnconfig.a"; then
	t_ok "make install: installs the build under test, as built"
else
	t_not_ok "make install: installs the build under test, as built" "$(cat "$top/out")"
fi
expect_eq "make install: kiln.pc names the prefix, and the same compiler and flags as the build's" \
	"$(sed "s|^prefix=.*|prefix=|" "$prefix/lib/pkgconfig/kiln.pc")" \
	"$(sed "s|^prefix=.*|prefix=|" "$build/lib/pkgconfig/kiln.pc")"
expect_eq "make install: kiln.pc's prefix" "$(sed -n 's/^prefix=//p' "$prefix/lib/pkgconfig/kiln.pc")" "$prefix"

# examples/hello, copied out of the tree, with the installed kiln.
mkdir "$top/hello"
cp "$KILN_SRC/examples/hello/config.c" "$KILN_SRC/examples/hello/unikernel.c" "$top/hello/"
cd "$top/hello" || exit 1
"$prefix/bin/kiln" configure -t unix >"$top/out" 2>&1
expect_status "installed kiln: configures hello" $? 0
expect_eq "installed kiln: configure prints nothing" "$(cat "$top/out")" ""
expect_eq "installed kiln: the Makefile runs the installed kiln" "$(sed -n 's/^KILN := //p' Makefile)" "$prefix/bin/kiln"
expect_eq "installed kiln: the Makefile reads the installed kiln.pc" "$(sed -n 's/^KILN_PC_PATH := //p' Makefile)" \
	"$prefix/lib/pkgconfig"
expect_eq "installed kiln: nothing generated names the source tree" \
	"$(grep -l -F -e "$KILN_SRC/" -e "$build/" Makefile main.c key_gen.h start_gen.h kiln.json)" ""
make >"$top/out" 2>&1
expect_status "installed kiln: make builds hello" $? 0
expect_match "installed kiln: compiled with the installed headers" "$(cat "$top/out")" "* -I$prefix/include *"
expect_match "installed kiln: linked with the installed libkiln" "$(cat "$top/out")" "* -L$prefix/lib -lkiln*"
expect_eq "installed kiln: no command names the source tree" "$(grep -F -e "$KILN_SRC/" -e "$build/" "$top/out")" ""
./hello >"$top/out" 2>"$top/err"
expect_status "installed kiln: hello exits 0" $? 0
expect_eq "installed kiln: hello says Hello World! four times" "$(cat "$top/out")" "Hello World!
Hello World!
Hello World!
Hello World!"
expect_eq "installed kiln: nothing on stderr" "$(cat "$top/err")" ""
expect_match "installed kiln: make depend finds the installed libkiln" "$(make -s depend 2>&1)" \
	"*depend: libkiln * at $prefix"

cd / && rm -rf "$top"
t_done
