#!/bin/sh
# make-fat1-image.sh: builds fat1.img, a FAT image holding the files of t/, with Debian's dosfstools and mtools.
set -eu
cd "$(dirname "$0")"
# The files' size and a margin for the FAT, the directories and cluster slack, at least 1 MiB.
kib=$(($(du -sk t | cut -f1) * 2 + 1024))
rm -f fat1.img
mkfs.fat -C -n KILN fat1.img "$kib" >/dev/null
MTOOLS_SKIP_CHECK=1 mcopy -i fat1.img -s -p -Q t/* ::/
echo "fat1.img: ${kib} KiB, from t/"
