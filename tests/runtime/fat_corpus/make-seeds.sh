#!/bin/sh
# make-seeds.sh: remakes the fuzzer's seed images (*.img here) with mkfs.fat and mtools, trailing zeros cut
# (the fuzzer reads zeros past its input). Usage: sh make-seeds.sh (from anywhere).
set -eu
out=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fat-seeds.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export MTOOLS_SKIP_CHECK=1 LC_ALL=C.UTF-8

# A small tree: 8.3 and long names, a non-ASCII name, nesting, an empty file, a file of several
# clusters and a directory longer than one cluster.
src="$tmp/src"
mkdir -p "$src/sub/dir" "$src/list"
printf 'hello\n' >"$src/readme.txt"
printf 'long\n' >"$src/A long name, with spaces.txt"
printf 'odd\n' >"$src/ünï €.txt"
: >"$src/empty"
head -c 3000 /dev/zero | tr '\0' 'x' >"$src/three.dat"
printf 'deep\n' >"$src/sub/dir/deep.txt"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do printf '%s\n' "$i" >"$src/list/entry $i.txt"; done

# seed NAME FAT SIZE_KIB MKFS_OPTIONS...: an image of the tree, with frag.dat fragmented by a hole.
seed() {
	name=$1 fat=$2 kib=$3
	shift 3
	img="$tmp/$name.img"
	mkfs.fat -C -F "$fat" --invariant "$@" "$img" "$kib" >/dev/null
	head -c 1500 /dev/zero | tr '\0' 'h' >"$tmp/hole.bin"
	head -c 2500 /dev/zero | tr '\0' 'f' >"$tmp/frag.dat"
	mcopy -i "$img" "$tmp/hole.bin" ::/
	(cd "$src" && mcopy -i "$img" -s -- * ::/)
	mdel -i "$img" ::/hole.bin
	mcopy -i "$img" "$tmp/frag.dat" ::/
	python3 -c 'import sys; d = open(sys.argv[1], "rb").read().rstrip(b"\0"); open(sys.argv[2], "wb").write(d)' \
		"$img" "$out/$name.img"
}

seed fat12 12 128 -s 1 -r 32
seed fat12-4k-sectors 12 512 -s 1 -S 4096 -r 128
seed fat12-one-fat 12 256 -s 2 -f 1 -r 16
seed fat16 16 2100 -s 1 -r 32
seed fat32 32 34000 -s 1 -f 1 -R 8
