# git_repo.sh: sourced by the fetch-build tests: makes git repositories at test time.

# git_commit DIR MESSAGE: commits everything in DIR (a repository on branch main, made on first use).
git_commit() {
	[ -d "$1/.git" ] || git -C "$1" init -q -b main
	git -C "$1" add -A && git -C "$1" -c user.name=kiln -c user.email=kiln@test commit -q -m "$2"
}

# SAN_OPTS: AddressSanitizer builds reserve terabytes of address space, so they run with no memory limit.
# shellcheck disable=SC2034 # SAN_OPTS is read by the tests that source this file.
case "$KILN_BUILD" in
*/san) SAN_OPTS="--memory 0" ;;
*) SAN_OPTS="" ;;
esac
