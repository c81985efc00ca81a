#!/bin/sh
# generate_disk_img.sh: makes disk.img, the empty 16 MiB disk the block test writes to.
set -eu
cd "$(dirname "$0")"
dd if=/dev/zero of=disk.img bs=1M count=16 status=none
echo "disk.img: $(($(stat -c %s disk.img) / 512)) sectors of 512 bytes"
