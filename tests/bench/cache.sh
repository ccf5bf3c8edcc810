#!/usr/bin/env bash
# The build cache in `make bench` (tests/bench/run.sh calls it): on a
# synthetic site of N posts (default 100000) in tmpfs, the wall time of a
# first build with an empty cache, a second with nothing changed, one
# with one post's body changed, and a --no-cache build; medians of REPS
# runs (default 3). Every cached output is compared with a --no-cache
# build's (diff -r): a difference fails the bench, loudly.
#
#   tests/bench/cache.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
export TZ=UTC LC_ALL=C.UTF-8

n=${1:-100000}
root=${BENCH_ROOT:-/dev/shm/brief-bench}/cache
brief=$PWD/generator/brief
gensite=$PWD/tests/build/bench/gensite
reps=${REPS:-3}
die() {
	echo "bench cache: $*" >&2
	exit 1
}
for f in "$brief" "$gensite"; do
	[ -x "$f" ] || die "$f is missing (run make bench)"
done
rm -rf "$root"
mkdir -p "$root"
trap 'rm -rf "$root"' EXIT
"$gensite" "$n" "$root/site" >/dev/null || die "gensite $n failed"
c=$root/site/brief/content t=$root/site/brief/templates
post=$(find "$c/posts" -name '*.md' | sort | sed -n "$((n / 2 + 1))p")

# Runs one build with options $2..., appends its wall time to $root/$1.
timed() {
	local what=$1 t0 t1
	shift
	t0=$EPOCHREALTIME
	"$brief" build -q -c "$c" -t "$t" "$@" >"$root/log" 2>&1 || { cat "$root/log" >&2; die "$what failed"; }
	t1=$EPOCHREALTIME
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >>"$root/$what"
}

# The cached output must be what a --no-cache build writes.
same() {
	rm -rf "$root/ref"
	"$brief" build -q --no-cache -c "$c" -t "$t" -o "$root/ref" >"$root/log" 2>&1 || die "--no-cache build failed"
	diff -r -q "$root/out" "$root/ref" >"$root/diff" ||
		die "OUTPUT DIFFERS from --no-cache after '$1': $(head -n 5 "$root/diff")"
}

for ((r = 0; r < reps; r++)); do
	rm -rf "$root/out" "$root/.brief-cache"
	timed first -o "$root/out"
	same "first build"
	timed unchanged -o "$root/out"
	same "nothing changed"
	printf '\nOne more sentence, run %d.\n' "$r" >>"$post"
	timed one-page -o "$root/out"
	same "one page changed"
	rm -rf "$root/nocache"
	timed no-cache --no-cache -o "$root/nocache"
done

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
echo
echo "== build cache at $n posts: $reps runs each, medians; output diff -r equal to --no-cache's every time =="
printf '%-30s %10s %s\n' build "wall (s)" goal
printf '%-30s %10.3f\n' "first (empty cache)" "$(median <"$root/first")"
printf '%-30s %10.3f %s\n' "nothing changed" "$(median <"$root/unchanged")" "< 1 s"
printf '%-30s %10.3f %s\n' "one page changed" "$(median <"$root/one-page")" "< 2 s"
printf '%-30s %10.3f\n' "--no-cache" "$(median <"$root/no-cache")"
