# test_fuzz_net.sh: runs the fuzzer of the layers below TCP (the tap's virtio-net header, Ethernet, ARP, IPv4, ICMP, UDP, DHCP options; built in the san variant) over a copy of tests/stack/corpus_net for 10 seconds.
. "$KILN_SRC/tests/lib.sh"
. "$KILN_SRC/tests/fuzz.sh"

run_fuzzer fuzz_net "$KILN_SRC/tests/stack/corpus_net" 10 frames
t_done
