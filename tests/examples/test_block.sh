# test_block.sh: examples/block writes patterns at the start, the end and across the end of disk.img and reads them back.
. "$KILN_SRC/tests/lib.sh"

d=$(scratch_copy "$KILN_SRC/examples/block")
cd "$d" || exit 1
"$KILN" configure -t unix >/dev/null && make -s >/dev/null 2>&1
expect_status "block: configures and builds ./block_test" $? 0

./block_test >out 2>err
expect_status "block: without disk.img, exits 1" $? 1
expect_match "block: without disk.img, names the file and the reason" "$(cat err)" \
	"*cannot connect device block_of_file(disk.img): No such file or directory*"

expect_eq "block: generate_disk_img.sh makes a 16 MiB disk" "$(./generate_disk_img.sh)" \
	"disk.img: 32768 sectors of 512 bytes"
./block_test >out 2>err
expect_status "block: exits 0 when every test passed" $? 0
expect_eq "block: the test sequence and its totals" "$(cat out)" "sectors = 32768
read_write=true
sector_size=512
writing 1 sectors at 0
writing 1 sectors at 32767
writing 2 sectors at 0
writing 2 sectors at 32766
writing 12 sectors at 0
writing 12 sectors at 32756
writing 1 sectors at 32768
writing 12 sectors at 32757
reading 1 sectors at 32768
reading 12 sectors at 32757
Test sequence finished
Total tests started: 10
Total tests passed:  10
Total tests failed:  0"
expect_eq "block: nothing on stderr" "$(cat err)" ""
# The patterns really reached the file: its first and last sectors are no longer all zero.
nonzero() { od -An -tx1 | tr -d ' \n0' | wc -c; }
first=$(head -c 512 disk.img | nonzero)
last=$(tail -c 512 disk.img | nonzero)
if [ "$first" -gt 0 ] && [ "$last" -gt 0 ]; then t_ok "block: the writes reached disk.img"; else
	t_not_ok "block: the writes reached disk.img" "non-zero hex digits: first sector $first, last $last"; fi
cd / && rm -rf "$d"
t_done
