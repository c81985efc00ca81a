# test_configure_errors.sh: the mistakes a user makes with kiln configure and config.c: exact messages, status 1, nothing written.
. "$KILN_SRC/tests/lib.sh"

top=$(mktemp -d "${TMPDIR:-/tmp}/kiln-test.XXXXXX")
d="$top/t"
mkdir "$d" && cd "$d" || exit 1
GENERATED="main.c key_gen.h start_gen.h Makefile kiln.json"

# The generated files present in the current folder, and any temporary file configure left.
generated_present() {
	for f in $GENERATED *.kiln-tmp; do
		if [ -e "$f" ]; then printf '%s ' "$f"; fi
	done
}

# configure_fails NAME ARGS...: kiln configure ARGS must exit 1, print nothing on stdout and write
# nothing; its stderr is left in $err for the caller to check.
configure_fails() {
	name=$1
	shift
	"$KILN" configure "$@" >"$top/out" 2>"$top/err"
	expect_status "$name: exits 1" $? 1
	expect_eq "$name: writes nothing (and nothing on stdout)" "$(generated_present)$(cat "$top/out")" ""
	err=$(cat "$top/err")
	for f in $GENERATED; do rm -f "$f"; done
}

# A small unikernel: a console, an int, a string and a bool key; prints the word count times.
write_good_config() {
	cat >config.c <<'EOF'
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_key *count = kiln_key_int("count", 2, "How many lines.");
	kiln_key *word = kiln_key_string("word", "tick", "What to print.");
	kiln_key *loud = kiln_key_bool("loud", false, "Shout.");
	kiln_job *job = kiln_foreign("t_start", kiln_keys(count, word, loud), KILN_CONSOLE, KILN_JOB);

	return kiln_register(argc, argv, "t", job, kiln_default_console());
}
EOF
}

# --- no config.c: a clear message naming the folder; not even _build/ is made
configure_fails "no config.c" -t unix
expect_eq "no config.c: says which folder lacks it" "$err" \
	"kiln configure: no config.c in $(pwd -P): a unikernel's folder holds its config.c
(which declares its devices and keys) and its sources; see docs/unikernels.md in Kiln's source."
expect_eq "no config.c: the folder stays empty" "$(ls -A)" ""

# --- config.c does not compile: the compiler's message with config.c:LINE, then kiln's own line
cat >config.c <<'EOF'
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_job *job = kiln_foreign("t_start", NULL, KILN_JOB);
	kiln_no_such_function(job);

	return kiln_register(argc, argv, "t", job);
}
EOF
configure_fails "config.c does not compile" -t unix
expect_match "config.c does not compile: the compiler's error at config.c:6" "$err" \
	"*config.c:6:*error*kiln_no_such_function*"
expect_eq "config.c does not compile: kiln's own line comes last" "$(printf '%s\n' "$err" | tail -1)" \
	"kiln configure: config.c does not compile (the compiler's messages are above)"

# --- the command line, against a config.c that is right
write_good_config
configure_fails "unknown option" -t unix --nosuch
expect_eq "unknown option: names it and the unikernel" "$err" \
	"kiln configure: unknown option '--nosuch': t has no such key (try kiln configure --help)"
configure_fails "unknown option with a value" --nosuch=3
expect_eq "unknown option with a value: names only the option" "$err" \
	"kiln configure: unknown option '--nosuch': t has no such key (try kiln configure --help)"
configure_fails "int key given abc" -t unix --count abc
expect_eq "int key given abc: value, key, type and where the key is declared" "$err" \
	"kiln configure: invalid value 'abc' for --count: expected INT (key declared at config.c:5)"
configure_fails "int key given 12x" --count=12x
expect_eq "int key given 12x: rejected whole" "$err" \
	"kiln configure: invalid value '12x' for --count: expected INT (key declared at config.c:5)"
configure_fails "bool key given maybe" --loud=maybe
expect_eq "bool key given maybe: expects true|false" "$err" \
	"kiln configure: invalid value 'maybe' for --loud: expected true|false (key declared at config.c:7)"
configure_fails "missing value" -t unix --count
expect_eq "missing value: names the key and its type" "$err" "kiln configure: --count needs a value (INT)"
configure_fails "stray argument" -t unix foo
expect_eq "stray argument: names it" "$err" "kiln configure: unexpected argument 'foo' (try kiln configure --help)"
configure_fails "--xen-memory for unix" -t unix --xen-memory 64
expect_eq "--xen-memory for unix: says it is for xen" "$err" \
	"kiln configure: --xen-memory is for the xen target (add -t xen)"
configure_fails "--xen-memory abc" -t xen --xen-memory abc
expect_eq "--xen-memory abc: says what it takes" "$err" \
	"kiln configure: --xen-memory needs a number of MiB from 4 to 1048576 (not 'abc')"
configure_fails "--xen-memory too large" --xen-memory=1048577 -t xen
expect_eq "--xen-memory too large: says what it takes" "$err" \
	"kiln configure: --xen-memory needs a number of MiB from 4 to 1048576 (not '1048577')"
configure_fails "--xen-memory without a value" -t xen --xen-memory
expect_eq "--xen-memory without a value: says what it takes" "$err" \
	"kiln configure: --xen-memory needs a number of MiB from 4 to 1048576"
configure_fails "-t bogus" -t bogus
expect_eq "-t bogus: rejected, naming the targets" "$err" "kiln configure: unknown target 'bogus': expected unix or xen"
configure_fails "-t without a target" -t
expect_eq "-t without a target: says so" "$err" "kiln configure: -t needs a target (unix or xen)"
configure_fails "--target without a target" --target
expect_eq "--target without a target: says so" "$err" "kiln configure: --target needs a target (unix or xen)"

# --- an implementation of the wrong kind: names both kinds, the implementation and both lines
cat >config.c <<'EOF'
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_job *job = kiln_foreign("t_start", NULL, KILN_CONSOLE, KILN_JOB);
	kiln_impl *clock = kiln_default_time();

	return kiln_register(argc, argv, "t", job, clock);
}
EOF
configure_fails "wrong kind" -t unix
expect_eq "wrong kind: console expected, default_time given, at config.c:8 and config.c:6" "$err" \
	"config.c:8: error: t_start takes a console as device 1, but default_time (config.c:6) is a time implementation
kiln configure: 1 error(s) in the configuration; nothing was written"

# --- too few and too many implementations
cat >config.c <<'EOF'
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_job *job = kiln_foreign("t_start", NULL, KILN_CONSOLE, KILN_TIME, KILN_JOB);

	return kiln_register(argc, argv, "t", job, kiln_default_console());
}
EOF
configure_fails "too few implementations"
expect_eq "too few implementations: counts both" "$err" \
	"config.c:7: error: t_start (declared at config.c:5) takes 2 device(s) but 1 implementation(s) were given
kiln configure: 1 error(s) in the configuration; nothing was written"
cat >config.c <<'EOF'
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_job *job = kiln_foreign("t_start", NULL, KILN_CONSOLE, KILN_JOB);

	return kiln_register(argc, argv, "t", job, kiln_default_console(), kiln_default_random());
}
EOF
configure_fails "too many implementations"
expect_eq "too many implementations: counts both" "$err" \
	"config.c:7: error: t_start (declared at config.c:5) takes 1 device(s) but 2 implementation(s) were given
kiln configure: 1 error(s) in the configuration; nothing was written"

# --- kiln_if_xen with branches of two kinds
cat >config.c <<'EOF'
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_job *job = kiln_foreign("t_start", NULL, KILN_CONSOLE, KILN_JOB);
	kiln_impl *xen = kiln_default_console();
	kiln_impl *other = kiln_default_time();
	kiln_impl *console = kiln_if_xen(xen, other);

	return kiln_register(argc, argv, "t", job, console);
}
EOF
configure_fails "if_xen of two kinds"
expect_eq "if_xen of two kinds: names both branches" "$err" \
	"config.c:8: error: kiln_if_xen: default_console (config.c:6) is a console but default_time (config.c:7) is a time; both branches must be of one kind
kiln configure: 1 error(s) in the configuration; nothing was written"

# --- kiln_foreign's kinds must end with KILN_JOB
cat >config.c <<'EOF'
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_job *job = kiln_foreign("t_start", NULL, KILN_CONSOLE);

	return kiln_register(argc, argv, "t", job, kiln_default_console());
}
EOF
configure_fails "kinds without KILN_JOB"
expect_eq "kinds without KILN_JOB: shows the right form" "$err" \
	"config.c:5: error: kiln_foreign: the device kinds of t_start must end with KILN_JOB, as in kiln_foreign(\"t_start\", NULL, KILN_CONSOLE, KILN_JOB)
kiln configure: 1 error(s) in the configuration; nothing was written"

# --- key names: invalid, reserved by kiln, and two keys of one name; every error is reported
cat >config.c <<'EOF'
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_key *bad = kiln_key_string("Bad Name", "x", "An invalid name.");
	kiln_key *help = kiln_key_bool("help", false, "Reserved by the runtime.");
	kiln_key *logs = kiln_key_string("logs", "*:info", "Reserved by the runtime.");
	kiln_job *job = kiln_foreign("t_start", kiln_keys(bad, help, logs), KILN_JOB);

	return kiln_register(argc, argv, "t", job);
}
EOF
configure_fails "invalid and reserved key names"
expect_eq "invalid and reserved key names: one line each, with its line" "$err" \
	"config.c:5: error: invalid key name 'Bad Name': use lowercase letters, digits, '-' and '_', starting with a letter
config.c:6: error: the key name 'help' is reserved by kiln
config.c:7: error: the key name 'logs' is reserved by kiln
kiln configure: 3 error(s) in the configuration; nothing was written"
cat >config.c <<'EOF'
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_key *a = kiln_key_string("name", "x", "The first.");
	kiln_key *b = kiln_key_int("name", 1, "The second.");
	kiln_job *job = kiln_foreign("t_start", kiln_keys(a, b), KILN_JOB);

	return kiln_register(argc, argv, "t", job);
}
EOF
configure_fails "two keys of one name"
expect_eq "two keys of one name: both declarations" "$err" \
	"config.c:7: error: two keys are named 'name' (declared at config.c:5 and config.c:6)
kiln configure: 1 error(s) in the configuration; nothing was written"

# --- an invalid unikernel name
cat >config.c <<'EOF'
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_job *job = kiln_foreign("t_start", NULL, KILN_JOB);

	return kiln_register(argc, argv, "my app", job);
}
EOF
configure_fails "invalid unikernel name"
expect_eq "invalid unikernel name: says what a name may hold" "$err" \
	"config.c:7: error: kiln_register: 'my app' is not a valid unikernel name (letters, digits, '-', '_' and '.')
kiln configure: 1 error(s) in the configuration; nothing was written"

# --- a unikernel name too long for the files named after it (<name>.xl.in)
sed -i 's/"my app"/"a-name-of-forty-nine-characters-which-is-too-long"/' config.c
configure_fails "unikernel name too long"
expect_eq "unikernel name too long: says the limit" "$err" \
	"config.c:7: error: kiln_register: the unikernel name 'a-name-of-forty-nine-characters-which-is-too-long' is longer than 48 characters
kiln configure: 1 error(s) in the configuration; nothing was written"

# --- the compiled config.c run by hand says to use kiln configure
"$KILN" configure >/dev/null 2>&1 # compiles it (and fails as above)
./_build/config >"$top/out" 2>"$top/err"
expect_status "config program run by hand: exits 2" $? 2
expect_eq "config program run by hand: says to run kiln configure" "$(cat "$top/err")" \
	"./_build/config: this program is config.c: run \`kiln configure\` in its folder instead"
rm -f $GENERATED

# --- a start function that does not match the declared devices: configure succeeds, make fails in unikernel.c
write_good_config
cat >unikernel.c <<'EOF'
/* unikernel.c: prints the word key count times, louder when asked. */
int t_start(struct kiln_console *c)
{
	for (int64_t i = 0; i < key_gen_count(); i++) {
		int rc = kiln_console_log(c, key_gen_loud() ? "TICK" : key_gen_word());
		if (rc < 0)
			return rc;
	}
	return 0;
}
EOF
sed 's/struct kiln_console \*c)/struct kiln_time *c)/' unikernel.c >"$top/wrong.c"
cp unikernel.c "$top/right.c"
cp "$top/wrong.c" unikernel.c
"$KILN" configure -t unix >"$top/out" 2>"$top/err"
expect_status "mismatched start function: configure succeeds" $? 0
expect_eq "mismatched start function: configure prints nothing" "$(cat "$top/out" "$top/err")" ""
make -s >"$top/out" 2>"$top/err"
status=$?
if [ $status -ne 0 ]; then t_ok "mismatched start function: make fails"; else
	t_not_ok "mismatched start function: make fails" "make exited 0"; fi
expect_match "mismatched start function: the compiler's error points at unikernel.c:2" "$(cat "$top/err")" \
	"*unikernel.c:2:*error*conflicting types for*t_start*"
expect_match "mismatched start function: and at the prototype in start_gen.h" "$(cat "$top/err")" \
	"*start_gen.h:*t_start*struct kiln_console*"
expect_eq "mismatched start function: no binary" "$(ls t 2>/dev/null)" ""

# --- configure twice: the same files, identical; a key changed on the second run shows
cp "$top/right.c" unikernel.c
rm -rf "$top/first" && mkdir "$top/first"
"$KILN" configure -t unix >/dev/null 2>&1 && cp $GENERATED "$top/first/"
"$KILN" configure -t unix >"$top/out" 2>"$top/err"
expect_status "configure twice: the second run succeeds" $? 0
expect_eq "configure twice: prints nothing" "$(cat "$top/out" "$top/err")" ""
expect_eq "configure twice: the same files, nothing left over" "$(ls -A | sort)" \
	"$(printf '%s\n' $GENERATED _build config.c unikernel.c | sort)"
diffs=""
for f in $GENERATED; do cmp -s "$f" "$top/first/$f" || diffs="$diffs $f"; done
expect_eq "configure twice: identical content" "$diffs" ""
make -s >/dev/null 2>&1
expect_eq "configure twice: builds and runs with the defaults" "$(./t)" "tick
tick"

"$KILN" configure -t unix --count 3 --word=tock >"$top/out" 2>"$top/err"
expect_status "configure again with --count 3 --word=tock: succeeds" $? 0
expect_eq "configure again: kiln describe shows the new values" \
	"$("$KILN" describe --json | python3 -c 'import json, sys
print(" ".join(k["name"] + "=" + k["value"] for k in json.load(sys.stdin)["keys"]))')" \
	"count=3 word=tock loud=false"
changed=""
for f in $GENERATED; do cmp -s "$f" "$top/first/$f" || changed="$changed $f"; done
expect_eq "configure again: main.c, key_gen.h and kiln.json change, the rest does not" "$changed" \
	" main.c key_gen.h kiln.json"
make -s >/dev/null 2>&1
expect_eq "configure again: the rebuilt unikernel uses the new defaults" "$(./t)" "tock
tock
tock"
expect_eq "configure again: boot still overrides" "$(./t --count=1 --loud)" "TICK"

# A failed configure after a good one leaves the previous files as they were.
cp $GENERATED "$top/first/"
"$KILN" configure -t unix --count abc >/dev/null 2>&1
expect_status "a failed re-configure: exits 1" $? 1
diffs=""
for f in $GENERATED; do cmp -s "$f" "$top/first/$f" || diffs="$diffs $f"; done
expect_eq "a failed re-configure: the previous files are untouched" "$diffs" ""

# --- a key listed twice in kiln_keys is one key (not two key_gen_count functions)
sed -i 's/kiln_keys(count, word, loud)/kiln_keys(count, word, loud, count)/' config.c
rm -f t
"$KILN" configure -t unix >/dev/null 2>&1 && make -s >"$top/out" 2>&1
expect_status "a key listed twice: configures and builds" $? 0
expect_eq "a key listed twice: listed once in --help" "$(./t --help | grep -c -- '--count=')" 1
write_good_config

# --- configure never overwrites a hand-written Makefile or main.c (no marker), and writes nothing else
for own in Makefile main.c; do
	"$KILN" clean >/dev/null 2>&1
	rm -rf _build t
	printf '# my own %s, written by hand\nall:\n\techo mine\n' "$own" >"$own"
	cp "$own" "$top/own"
	"$KILN" configure -t unix >"$top/out" 2>"$top/err"
	expect_status "hand-written $own: configure exits 1" $? 1
	expect_eq "hand-written $own: names it" "$(cat "$top/err")" \
		"kiln configure: $own exists and was not generated by kiln; move it away (kiln would overwrite it)"
	if cmp -s "$own" "$top/own"; then t_ok "hand-written $own: byte-for-byte intact"; else
		t_not_ok "hand-written $own: byte-for-byte intact" "$(cat "$own")"; fi
	expect_eq "hand-written $own: no other file written" "$(generated_present)" "$own "
	rm -f "$own"
done

cd / && rm -rf "$top"
t_done
