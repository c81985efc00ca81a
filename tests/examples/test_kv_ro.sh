# test_kv_ro.sh: the kv_ro_crunch and kv_ro examples in every --kv_ro mode, and a whole tree read back through each store.
. "$KILN_SRC/tests/lib.sh"

yes10() { for i in 1 2 3 4 5 6 7 8 9 10; do echo 'YES!'; done; }

d=$(scratch_copy "$KILN_SRC/examples/kv_ro_crunch")
cd "$d" || exit 1
"$KILN" configure -t unix >/dev/null && make -s >/dev/null 2>&1
expect_status "kv_ro_crunch: configures and builds" $? 0
expect_eq "kv_ro_crunch: YES! ten times" "$(./kv_ro 2>&1)" "$(yes10)"
expect_eq "kv_ro_crunch: one static<N>.c per crunch store" "$(ls static*.c | tr '\n' ' ')" "static1.c static2.c "
cd / && rm -rf "$d"

d=$(scratch_copy "$KILN_SRC/examples/kv_ro")
cd "$d" || exit 1
for mode in direct crunch fat; do
	[ "$mode" = fat ] && ./make-fat1-image.sh >/dev/null
	"$KILN" configure -t unix --kv_ro "$mode" >/dev/null && make -s >/dev/null 2>&1
	expect_status "kv_ro --kv_ro $mode: configures and builds" $? 0
	expect_eq "kv_ro --kv_ro $mode: YES! ten times" "$(./kv_ro 2>&1)" "$(yes10)"
done
rm -f fat1.img
./kv_ro >/dev/null 2>err
expect_status "kv_ro --kv_ro fat without fat1.img: exits 1" $? 1
expect_match "kv_ro --kv_ro fat without fat1.img: names the image" "$(cat err)" \
	"*cannot connect device block_of_file(fat1.img): No such file or directory*"
"$KILN" configure -t unix >/dev/null
expect_eq "kv_ro: the default store on unix is direct" \
	"$(python3 -c 'import json; print(json.load(open("kiln.json"))["devices"][1]["impl"])')" "direct_kv_ro"
cd / && rm -rf "$d"

# A tree with what stores get wrong: nesting, binary and empty files, names with spaces and odd
# characters, a large file, a symbolic link inside; read back through each store and checksummed.
d=$(scratch_copy "$KILN_SRC/tests/examples/kv_walk")
cd "$d" || exit 1
mkdir -p t/sub/deeper/deepest "t/with space" t/empty-dir
printf 'top\n' >t/top.txt
: >t/sub/empty
head -c 70000 /dev/urandom >t/sub/binary.bin
head -c 3000000 /dev/urandom >t/sub/deeper/large.bin
printf 'odd "quotes" \\ and ?? trigraph */ end\n' >"t/with space/odd name #1 (copy) [x] +=,;&'~.txt"
printf 'deep\n' >t/sub/deeper/deepest/leaf
printf 'long name\n' >"t/a rather long file name that is not 8.3.text"
expected=$(python3 expected.py t)
tail="missing: 1
dotdot: 1
dir-as-value: 1"
for mode in direct crunch fat; do
	if [ "$mode" = fat ]; then
		rm -f fat1.img
		mkfs.fat -C fat1.img 8192 >/dev/null && MTOOLS_SKIP_CHECK=1 mcopy -i fat1.img -s t/* ::/
	fi
	"$KILN" configure -t unix --kv_ro "$mode" >/dev/null && make -s >/dev/null 2>&1
	expect_status "kv_walk --kv_ro $mode: configures and builds" $? 0
	out=$(./kv_walk 2>&1)
	expect_eq "kv_walk --kv_ro $mode: every entry, size and checksum as on disk" \
		"$(echo "$out" | grep -v ': [01]$' | sort)" "$expected"
	expect_eq "kv_walk --kv_ro $mode: missing keys, '..' and dictionaries are errors" \
		"$(echo "$out" | grep ': [01]$')" "$tail"
done

# The direct store does not follow a symbolic link out of its directory.
ln -s /etc t/sub/escape
"$KILN" configure -t unix --kv_ro direct >/dev/null && make -s >/dev/null 2>&1
expect_eq "kv_walk --kv_ro direct: a link out of the directory is not in the store" \
	"$(./kv_walk 2>&1 | grep -v ': [01]$' | sort)" "$expected"
rm t/sub/escape

# Names FAT cannot hold, but the other stores must (and crunch must escape in C): quotes,
# backslashes, trigraph marks, and a key with a comment end in it ("star*/...").
mkdir 't/star*'
printf 'x\n' >'t/star*/q"uote\back??=.txt'
expected=$(python3 expected.py t)
for mode in direct crunch; do
	"$KILN" configure -t unix --kv_ro "$mode" >/dev/null && make -s >/dev/null 2>&1
	expect_eq "kv_walk --kv_ro $mode: names with quotes, backslashes, */ and ??=" \
		"$(./kv_walk 2>&1 | grep -v ': [01]$' | sort)" "$expected"
done

# Crunch is deterministic: the same tree gives the same bytes.
"$KILN" configure -t unix --kv_ro crunch >/dev/null && cp static1.c first.c.txt
touch t/top.txt && "$KILN" configure -t unix --kv_ro crunch >/dev/null
if cmp -s static1.c first.c.txt; then t_ok "crunch: configuring twice gives identical static1.c"; else
	t_not_ok "crunch: configuring twice gives identical static1.c"; fi
cd / && rm -rf "$d"
t_done
