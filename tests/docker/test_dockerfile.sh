# test_dockerfile.sh: the Dockerfile builds with buildah on a Debian 12 base made by debootstrap (no registry is reachable), and its image runs hello.
. "$KILN_SRC/tests/lib.sh"

case "$KILN_BUILD" in
*/san) echo "# skipped: the Dockerfile is built once, in the default variant"; exit 0 ;;
esac
if [ "$(id -u)" != 0 ]; then
	t_not_ok "Dockerfile: buildah needs root here" "run make check as root"
	t_done
fi
cache=${KILN_DOCKER_CACHE:-/var/cache/kiln}
rootfs=$cache/debian12-rootfs
mkdir -p "$cache"

# The base image: Debian 12 minbase, as localhost/debian:12, which the Dockerfile's FROM finds locally.
if ! buildah images -q localhost/debian:12 >/dev/null 2>&1 || [ -z "$(buildah images -q localhost/debian:12 2>/dev/null)" ]; then
	if [ ! -x "$rootfs/bin/sh" ]; then
		echo "# debootstrap of the Debian 12 base (once, cached in $rootfs)"
		rm -rf "$rootfs.tmp"
		debootstrap --variant=minbase bookworm "$rootfs.tmp" "${KILN_DEBIAN_MIRROR:-http://deb.debian.org/debian}" \
			>"$cache/debootstrap.log" 2>&1 && mv "$rootfs.tmp" "$rootfs"
	fi
	c=$(buildah from scratch) && buildah copy "$c" "$rootfs" / >/dev/null &&
		buildah commit -q "$c" localhost/debian:12 >/dev/null && buildah rm "$c" >/dev/null
fi
expect_eq "Dockerfile: a Debian 12 base image is there" "$(buildah images -q localhost/debian:12 | wc -l | tr -d ' ')" "1"

tag=kiln-test-$$
buildah bud --isolation chroot --pull=never -t "$tag" "$KILN_SRC" >bud.log 2>&1
status=$?
expect_status "Dockerfile: buildah builds it (deps, make, make install)" $status 0
[ $status -eq 0 ] || tail -20 bud.log | sed 's/^/# /'
c=$(buildah from --pull=never "$tag" 2>/dev/null)
out=$(buildah run --isolation chroot "$c" -- sh -c "kiln configure -t unix >/dev/null && make -s >/dev/null && ./hello" 2>&1)
expect_eq "Dockerfile: the image configures, builds and runs hello" "$out" "Hello World!
Hello World!
Hello World!
Hello World!"
buildah rm "$c" >/dev/null 2>&1
buildah rmi "$tag" >/dev/null 2>&1
rm -f bud.log
t_done
