#!/usr/bin/env bash
# The build cache in `make bench` (tests/bench/run.sh calls it): on a
# synthetic site of N posts (default 100000) in tmpfs, the wall time of a
# first build with an empty cache, a second with nothing changed, one
# with one post's body changed, and a --no-cache build; medians of REPS
# runs (default 3) of the wall time and of the CPU time (user + sys: the
# honest figure on a loaded machine), with the load average before and
# after. Every cached output is compared with a --no-cache build's
# (diff -r): a difference fails the bench, loudly. Sources are aged (an
# hour old) after gensite: the cache trusts no stat of a file changed
# within 2 s, as a site's files are between edits.
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
find "$c" "$t" -exec touch -d '1 hour ago' {} +
load_before=$(cut -d ' ' -f 1-3 /proc/loadavg)

# Runs one build with options $2..., appends its wall time to $root/$1
# and its CPU time (user + sys) to $root/$1.cpu.
timed() {
	local what=$1 TIMEFORMAT='%3R %3U %3S' times
	shift
	times=$({ time "$brief" build -q -c "$c" -t "$t" "$@" >"$root/log" 2>&1; } 2>&1) ||
		{ cat "$root/log" >&2; die "$what failed"; }
	read -r wall user sys <<<"$times"
	echo "$wall" >>"$root/$what"
	awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f\n", u + s }' >>"$root/$what.cpu"
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
echo "load average before: $load_before; after: $(cut -d ' ' -f 1-3 /proc/loadavg)"
printf '%-30s %10s %10s %s\n' build "wall (s)" "CPU (s)" goal
row() { printf '%-30s %10.3f %10.3f %s\n' "$1" "$(median <"$root/$2")" "$(median <"$root/$2.cpu")" "${3:-}"; }
row "first (empty cache)" first
row "nothing changed" unchanged "< 1 s"
row "one page changed" one-page "< 2 s"
row "--no-cache" no-cache
