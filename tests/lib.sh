# Shared set-up of the shell test suites (sourced, not run): the repo root
# as the working folder, $BRIEF as an absolute path, a pinned clock and
# locale, a temporary folder on tmpfs removed at exit, and ok/fail that
# count towards the "N passed, N failed" line of summary().
# $1: the temporary folder's name.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."
top=$PWD
BRIEF=$top/${BRIEF:-generator/brief}
export TZ=UTC LC_ALL=C.UTF-8
unset SOURCE_DATE_EPOCH
tmp=$(mktemp -d "/dev/shm/$1.XXXXXX" 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

ok() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; shift; for l in "$@"; do echo "  $l"; done; }

# A fingerprint of a whole tree: names, modes and contents.
tree_sum() { (cd "$1" && find . -printf '%p %m\n' | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum); }

# A synthetic site of $pages posts in $1/brief (tests/bench/gensite):
# 20,000, or 2,000 on the ASan build, slower by far.
big_site() {
	pages=20000
	case $BRIEF in */debug/*) pages=2000 ;; esac
	make -s tests/build/bench/gensite >/dev/null || fail "make tests/build/bench/gensite"
	tests/build/bench/gensite "$pages" "$1" >/dev/null || fail "gensite $pages"
	rm -rf "$1/hugo"
}

# The closing line; the exit status says whether anything failed.
# Whether site $2 (content/, templates/) built with the cache into $2/out
# is byte for byte what a --no-cache build writes into $2/ref; step $1.
same_as_no_cache() {
	rm -rf "$2/ref"
	"$BRIEF" build -q --no-cache -c "$2/content" -t "$2/templates" -o "$2/ref" >/dev/null 2>&1
	if diff -r "$2/out" "$2/ref" >"$tmp/diff"; then
		ok "$1: the output is byte-identical to --no-cache's"
	else
		fail "$1: the output is a --no-cache build's" "$(head -n 8 "$tmp/diff")"
		return 1
	fi
}

summary() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
