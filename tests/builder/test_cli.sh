# test_cli.sh: what the kiln command shows: help, version, configure --help, describe, build, run, depend, clean.
. "$KILN_SRC/tests/lib.sh"

top=$(mktemp -d "${TMPDIR:-/tmp}/kiln-test.XXXXXX")
root=$(cd "$KILN_BUILD" && pwd -P)

# json_field EXPR: evaluates the python expression EXPR over `kiln describe --json` (as j).
json_field() {
	"$KILN" describe --json | python3 -c "import json, sys
j = json.load(sys.stdin)
print($1)"
}

# --- kiln itself
run_kiln --help
expect_status "kiln --help: exits 0" $status 0
expect_eq "kiln --help: usage, then every command with what it does" "$out" \
	"Usage: kiln COMMAND [ARGS]...

Builds C unikernels. Run the commands in a unikernel's folder (one with a config.c):

  configure   evaluate config.c for a target and generate the build files
  build       build the configured unikernel (runs make)
  run         run the built unix unikernel with boot arguments
  describe    print the configured unikernel's description (--json: kiln.json)
  depend      check, and as root install, what the build needs
  clean       remove every file that configure and build generated
  serve       run the build-and-deploy service's API (--listen, --home)
  token       create an API token for the service (token create --scope ...)
  fetch-build mirror a git repository and build one commit in a sandbox

\`kiln COMMAND --help\` shows a command's options; \`kiln --version\` prints the version."
expect_eq "kiln --help: nothing on stderr" "$err" ""
run_kiln
expect_status "kiln alone: exits 2" $status 2
expect_eq "kiln alone: the same usage, on stderr" "$out|$err" "|$("$KILN" --help)"
run_kiln --version
expect_status "kiln --version: exits 0" $status 0
expect_eq "kiln --version: the version of kiln.pc" "$out" \
	"kiln $(sed -n 's/^Version: //p' "$KILN_BUILD/lib/pkgconfig/kiln.pc")"
run_kiln nosuch
expect_status "unknown command: exits 2" $status 2
expect_eq "unknown command: names it" "$out|$err" "|kiln: unknown command 'nosuch' (try kiln --help)"

# --- outside a unikernel's folder
mkdir "$top/empty" && cd "$top/empty" || exit 1
run_kiln configure --help
expect_status "configure --help without config.c: exits 0" $status 0
expect_eq "configure --help without config.c: usage, then what is missing" "$out|$err" \
	"Usage: kiln configure [-t unix|xen] [--KEY VALUE]...

kiln configure: no config.c in $(pwd -P): a unikernel's folder holds its config.c
(which declares its devices and keys) and its sources; see docs/unikernels.md in Kiln's source.|"
run_kiln describe
expect_status "describe before configure: exits 1" $status 1
expect_eq "describe before configure: says so" "$out|$err" \
	"|kiln describe: this folder is not configured (no kiln.json): run kiln configure first"
run_kiln build
expect_status "build before configure: exits 1" $status 1
expect_eq "build before configure: says so" "$out|$err" \
	"|kiln build: this folder is not configured: run kiln configure first"
run_kiln clean
expect_status "clean before configure: exits 1" $status 1
expect_eq "clean before configure: says so" "$out|$err" \
	"|kiln clean: this folder is not configured (no kiln.json): run kiln configure first"
expect_eq "outside a unikernel's folder: nothing written" "$(ls -A)" ""

# --- examples/hello: configure --help lists the target options and the unikernel's key
d=$(scratch_copy "$KILN_SRC/examples/hello")
cd "$d" || exit 1
rm -f hello # scratch_copy copies a ./hello left built in the source tree
run_kiln configure --help
expect_status "hello: configure --help exits 0" $status 0
expect_eq "hello: configure --help shows -t/--target and --hello=STRING with its doc and default" "$out" \
	"Usage: kiln configure [-t unix|xen] [--KEY VALUE]...

Evaluates config.c and writes main.c, key_gen.h, start_gen.h, Makefile and kiln.json
for the hello unikernel (and hello.xl, hello.xl.in for xen). Running it again regenerates them.

Target options:
  -t, --target=TARGET
      unix: an ELF ./hello; xen: a PVH kernel hello.xen, booted with xl create -c hello.xl. (default: unix)
  --xen-memory=MIB
      The xen guest's memory in MiB, written to hello.xl. (default: 32)
  -h, --help
      Show this help.

Unikernel keys of hello (configure sets the default; override at boot with --KEY=VALUE):
  --hello=STRING
      How to say hello. (default: Hello World!)"
expect_eq "hello: configure --help writes nothing" "$err|$(ls main.c key_gen.h start_gen.h Makefile kiln.json 2>/dev/null)" "|"
run_kiln configure --hello Hi --help
expect_match "hello: configure --hello Hi --help shows the value given" "$out" \
	"*How to say hello. (default: Hi)"

run_kiln configure -t unix
expect_status "hello: configure exits 0" $status 0
expect_eq "hello: configure prints nothing" "$out|$err" "|"
run_kiln run
expect_status "hello: run before build exits 1" $status 1
expect_eq "hello: run before build says so" "$out|$err" \
	"|kiln run: ./hello is not built yet: run kiln build (or make) first"

# --- describe, for people and for programs
run_kiln describe
expect_status "describe: exits 0" $status 0
expect_eq "describe: name, target, start, devices, keys, artifacts" "$out" \
	"name:      hello
target:    unix
start:     hello_start
devices:   console (default_console), time (default_time)
keys:
  --hello=Hello World!  How to say hello. (string; declared default: Hello World!)
artifacts: hello"
run_kiln describe --json
expect_status "describe --json: exits 0" $status 0
if printf '%s' "$out" | python3 -c 'import json, sys; json.load(sys.stdin)' 2>/dev/null; then
	t_ok "describe --json: valid JSON"
else
	t_not_ok "describe --json: valid JSON" "$out"
fi
expect_eq "describe --json: name and target" "$(json_field 'j["name"], j["target"]')" "hello unix"
expect_eq "describe --json: devices" "$(json_field '[(d["kind"], d["impl"]) for d in j["devices"]]')" \
	"[('console', 'default_console'), ('time', 'default_time')]"
expect_eq "describe --json: the key with value, default and doc" \
	"$(json_field '[(k["name"], k["type"], k["value"], k["default"], k["doc"]) for k in j["keys"]]')" \
	"[('hello', 'string', 'Hello World!', 'Hello World!', 'How to say hello.')]"
expect_eq "describe --json: artifacts" "$(json_field 'j["artifacts"]')" "['hello']"
expect_eq "describe --json: the generated files" "$(json_field 'sorted(j["generated"])')" \
	"['Makefile', 'key_gen.h', 'kiln.json', 'main.c', 'start_gen.h']"
expect_eq "describe --json: the same as kiln.json" "$(json_field 'j')" \
	"$(python3 -c 'import json; print(json.load(open("kiln.json")))')"
run_kiln describe --yaml
expect_status "describe --yaml: exits 2" $status 2
expect_eq "describe --yaml: names the option" "$out|$err" "|kiln describe: unknown option '--yaml' (try kiln describe --help)"

# --- build and run
run_kiln build
expect_status "build: exits 0" $status 0
if [ -x hello ]; then t_ok "build: makes ./hello"; else t_not_ok "build: makes ./hello" "$err"; fi
run_kiln run -- --help
expect_status "run -- --help: exits 0" $status 0
expect_match "run -- --help: the unikernel's own help lists its key" "$out" \
	"Usage: hello *--hello=STRING*How to say hello. (default: Hello World!)*"
run_kiln run --hello=X
expect_status "run --hello=X: exits 0" $status 0
expect_eq "run --hello=X: the unikernel says X four times" "$out|$err" "X
X
X
X|"

# --- depend, through kiln and through the Makefile
run_kiln depend
expect_status "depend: exits 0" $status 0
expect_eq "depend: the packages are installed, and which libkiln" "$out|$err" \
	"depend: the 3 packages hello needs are installed
depend: libkiln $(sed -n 's/^Version: //p' "$KILN_BUILD/lib/pkgconfig/kiln.pc") at $root|"
expect_eq "make depend: the same" "$(make -s depend 2>&1)" "$out"

# A missing package, as a user who is not root: named, with what to do (nothing is installed).
cp kiln.json "$top/kiln.json.orig"
python3 -c 'import json
j = json.load(open("kiln.json"))
j["depends"].append("kiln-no-such-package")
json.dump(j, open("kiln.json", "w"))'
chmod 755 "$top" "$d"
chmod 644 kiln.json
if setpriv --reuid=65534 --regid=65534 --clear-groups "$KILN" --version >/dev/null 2>&1; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$KILN" depend >"$top/out" 2>"$top/err"
	expect_status "depend as a user, a package missing: exits 1" $? 1
	expect_eq "depend as a user, a package missing: names it, says to run as root" "$(cat "$top/out" "$top/err")" \
		"depend: missing Debian packages: kiln-no-such-package
depend: run make depend as root to install them"
else
	t_ok "depend as a user, a package missing: exits 1 # SKIP setpriv cannot run kiln as nobody here"
	t_ok "depend as a user, a package missing: names it # SKIP setpriv cannot run kiln as nobody here"
fi
cp "$top/kiln.json.orig" kiln.json

# --- a corrupt kiln.json
cp kiln.json "$top/kiln.json.orig"
printf '{"name": "hello",\n  "target": \n' >kiln.json
run_kiln describe
expect_status "corrupt kiln.json: describe exits 1" $status 1
expect_eq "corrupt kiln.json: says where and what to do" "$out|$err" \
	"|kiln describe: kiln.json is corrupt (line 3: unexpected token near end of file): run kiln configure again"
echo '{"target": "unix"}' >kiln.json
run_kiln describe
expect_status "kiln.json without a name: describe exits 1" $status 1
expect_eq "kiln.json without a name: says so" "$out|$err" \
	"|kiln describe: kiln.json lacks its name or target: run kiln configure again"
cp "$top/kiln.json.orig" kiln.json

# --- clean: every generated file, the binary and _build/ go; the user's files stay
echo "my notes" >notes.txt
sed -i 's/generated by kiln configure/edited by me/' key_gen.h
cp key_gen.h "$top/key_gen.h.mine"
run_kiln clean
expect_status "clean: exits 0" $status 0
expect_eq "clean: counts what it removed" "$out" "clean: removed 5 file(s) and _build/"
expect_eq "clean: says it kept the edited key_gen.h" "$err" "kiln clean: kept key_gen.h: it was not generated by kiln"
expect_eq "clean: config.c, unikernel.c, notes.txt and the edited key_gen.h remain" "$(ls -A | sort)" \
	"config.c
key_gen.h
notes.txt
unikernel.c"
if cmp -s key_gen.h "$top/key_gen.h.mine" && cmp -s config.c "$KILN_SRC/examples/hello/config.c" &&
	cmp -s unikernel.c "$KILN_SRC/examples/hello/unikernel.c"; then
	t_ok "clean: the kept files are unchanged"
else
	t_not_ok "clean: the kept files are unchanged"
fi
rm key_gen.h
run_kiln configure -t unix
run_kiln clean
expect_eq "clean after configure alone: removes the generated files" "$out|$err|$(ls -A | sort)" \
	"clean: removed 5 file(s) and _build/||config.c
notes.txt
unikernel.c"

cd / && rm -rf "$top" "$d"
t_done
