#!/usr/bin/env bash
# The benchmark of `make bench`: brief (all cores and -j 1), Hugo and the
# cmark-gfm floor on synthetic sites of each size, run alternately in the
# same session, several times, medians printed as one table per size.
#
#   tests/bench/run.sh [SIZE]...     (default: 1000 10000 100000)
#   tests/bench/run.sh search        (only the search part, below)
#
# Then the search index at SEARCH_SIZE posts (default 10000): the size of
# index.js and of its text files, and the times headless Chromium takes
# from navigation start to the first results of a query on the search
# page, opened from file://, and to the complete results, and to the end
# of an empty page's one deferred script, the floor that the machine's
# load sets (median of 7; node and tests/browser/node_modules, from make
# test-deps).
# Needs generator/brief, tests/build/bench/{gensite,floor}, hugo and GNU
# time (make bench builds and installs them). Everything it writes goes
# under $BENCH_ROOT (default /dev/shm/brief-bench), on tmpfs so that the
# disk's timing swings stay out of the numbers. REPS=N overrides the number
# of runs per tool (default 5, and 3 from 100,000 posts up).
set -euo pipefail
cd "$(dirname "$0")/../.."
export TZ=UTC LC_ALL=C.UTF-8

sizes=${*:-1000 10000 100000}
[ "$sizes" = search ] && sizes=""
root=${BENCH_ROOT:-/dev/shm/brief-bench}
brief=$PWD/generator/brief
gensite=$PWD/tests/build/bench/gensite
floor=$PWD/tests/build/bench/floor
tools="brief brief-j1 brief-check hugo floor"

die() {
	echo "bench: $*" >&2
	exit 1
}

for f in "$brief" "$gensite" "$floor" /usr/bin/time; do
	[ -x "$f" ] || die "$f is missing (run make bench)"
done
[ -z "$sizes" ] || command -v hugo >/dev/null || die "hugo is missing (run make bench)"
mkdir -p "$root"
log=$root/last.log

# The command line of tool $1 on site $2, writing to $3.
command_of() {
	case $1 in
	brief) echo "$brief build -q -c $2/brief/content -t $2/brief/templates -o $3" ;;
	brief-j1) echo "$brief build -j 1 -q -c $2/brief/content -t $2/brief/templates -o $3" ;;
	brief-check) echo "$brief build --check -q -c $2/brief/content -t $2/brief/templates -o $3" ;;
	hugo) echo "hugo --quiet -s $2/hugo -d $3 --cacheDir $root/hugo-cache" ;;
	floor) echo "$floor $2/brief/content/posts $3" ;;
	esac
}

# Counts the post pages tool $1 wrote into $2 and fails unless there are
# $3 of them (plus, for the generators, the home and the section page).
check_pages() {
	local tool=$1 out=$2 n=$3 got
	if [ "$tool" = floor ]; then
		got=$(find "$out" -maxdepth 1 -name 'post-*.html' | wc -l)
	else
		got=$(find "$out/posts" -mindepth 2 -maxdepth 2 -path '*/post-*/index.html' | wc -l)
		[ -f "$out/index.html" ] || die "$tool wrote no home page in $out"
		[ -f "$out/posts/index.html" ] || die "$tool wrote no posts/ section page in $out"
	fi
	[ "$got" -eq "$n" ] || die "$tool wrote $got post pages in $out, expected $n"
}

# Runs tool $1 on site $2 ($3 posts) once and appends
# "tool wall user sys maxrss_kb" to $4. Wall time comes from bash's
# microsecond clock; GNU time gives CPU and peak RSS (of the largest process).
run_once() {
	local tool=$1 site=$2 n=$3 results=$4 out=$root/out/$1 tf=$root/time.out t0 t1
	rm -rf "$out"
	t0=$EPOCHREALTIME
	# shellcheck disable=SC2046 # the command line is split on purpose
	if ! /usr/bin/time -f '%e %U %S %M' -o "$tf" $(command_of "$tool" "$site" "$out") >"$log" 2>&1; then
		cat "$log" >&2
		die "$tool failed on $site: $(command_of "$tool" "$site" "$out")"
	fi
	t1=$EPOCHREALTIME
	check_pages "$tool" "$out" "$n"
	rm -rf "$out" # tmpfs is memory: keep only one output at a time
	read -r _ user sys rss <"$tf"
	echo "$tool $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }') $user $sys $rss" >>"$results"
}

# The median of the numbers on standard input.
median() {
	sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# Field $2 (2 wall, 3 user+sys, 4 RSS in MB) of tool $1, median over runs.
stat_of() {
	case $2 in
	2) awk -v t="$1" '$1 == t { print $2 }' "$results" ;;
	3) awk -v t="$1" '$1 == t { print $3 + $4 }' "$results" ;;
	4) awk -v t="$1" '$1 == t { print $5 / 1024 }' "$results" ;;
	esac | median
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# brief -j 1 is the parallel-rendering option, --check the link check; an
# older brief rejects either with a usage error (exit 2), and its row then
# reads n/a. $1: the site, $2: the option.
option_supported() {
	local site=$1 st=0
	rm -rf "$root/out/probe"
	"$brief" build $2 -q -c "$site/brief/content" -t "$site/brief/templates" \
		-o "$root/out/probe" >"$log" 2>&1 || st=$?
	rm -rf "$root/out/probe"
	[ $st -eq 2 ] && return 1
	[ $st -eq 0 ] || { cat "$log" >&2; die "brief build $2 failed on $site"; }
	return 0
}

echo "brief bench on $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)), $(command -v hugo >/dev/null && hugo version | cut -d" " -f1-2 || echo "no hugo"), $("$brief" --version) ($(git describe --always --dirty 2>/dev/null || echo 'not a git checkout'))"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A wall_of
for n in $sizes; do
	site=$root/sites/$n
	reps=${REPS:-$([ "$n" -ge 100000 ] && echo 3 || echo 5)}
	rm -rf "$site"
	"$gensite" "$n" "$site" || die "gensite $n $site failed"
	run_tools=$tools
	declare -A missing=()
	option_supported "$site" "-j 1" || missing[brief-j1]=1
	option_supported "$site" --check || missing[brief-check]=1
	for tool in "${!missing[@]}"; do
		run_tools=${run_tools/$tool /}
	done
	results=$root/results-$n.txt
	: >"$results"
	# Alternate the tools within each repetition, starting one further each
	# time, so none always runs right after the same other one.
	read -ra order <<<"$run_tools"
	for ((r = 0; r < reps; r++)); do
		for ((k = 0; k < ${#order[@]}; k++)); do
			run_once "${order[(k + r) % ${#order[@]}]}" "$site" "$n" "$results"
		done
	done
	# tmpfs is memory: a 100,000-post site holds about 1 GB of it.
	rm -rf "$root/out" "$site"

	echo
	echo "== $n posts: $reps runs of each tool, alternating; medians =="
	printf '%-14s %10s %18s %15s %10s\n' tool "wall (s)" "CPU user+sys (s)" "peak RSS (MB)" pages/s
	for tool in $tools; do
		label=$tool
		[ "$tool" = brief-j1 ] && label="brief -j 1"
		[ "$tool" = brief-check ] && label="brief --check"
		if [ -n "${missing[$tool]:-}" ]; then
			printf '%-14s %10s %18s %15s %10s\n' "$label" n/a n/a n/a n/a
			continue
		fi
		w=$(stat_of "$tool" 2)
		wall_of[$tool-$n]=$w
		printf '%-14s %10.3f %18.2f %15.1f %10.0f\n' "$label" "$w" "$(stat_of "$tool" 3)" \
			"$(stat_of "$tool" 4)" "$(awk -v n="$n" -v w="$w" 'BEGIN { print n / w }')"
	done
	echo "brief/Hugo wall: $(ratio "$(stat_of brief 2)" "$(stat_of hugo 2)") (target <= 0.20)," \
		"brief/Hugo RSS: $(ratio "$(stat_of brief 4)" "$(stat_of hugo 4)") (target <= 0.067)," \
		"brief CPU/floor CPU: $(ratio "$(stat_of brief 3)" "$(stat_of floor 3)") (target <= 1.3)"
	if [ -z "${missing[brief-check]:-}" ]; then
		echo "build --check adds $(awk -v a="$(stat_of brief-check 3)" -v b="$(stat_of brief 3)" \
			'BEGIN { printf "%.0f%%", (a / b - 1) * 100 }') to brief's CPU (the default only under 10%)"
	fi
	# The floor runs on one core: when its wall time exceeds its CPU time,
	# other processes took the machine and every row above is inflated.
	busy=$(ratio "$(stat_of floor 2)" "$(stat_of floor 3)")
	if awk -v b="$busy" 'BEGIN { exit !(b > 1.15) }'; then
		echo "warning: the floor's wall time is ${busy}x its CPU time: the machine was busy; rerun when it is idle"
	fi
done

# Linear scaling: time per page at 100,000 posts against 10,000.
if [ -n "${wall_of[brief-100000]:-}" ] && [ -n "${wall_of[brief-10000]:-}" ]; then
	echo
	echo "== time per page, 100000 vs 10000 posts (wall) =="
	for tool in $tools; do
		[ -n "${wall_of[$tool-100000]:-}" ] || continue
		a=$(awk -v w="${wall_of[$tool-10000]}" 'BEGIN { print w / 10000 * 1e6 }')
		b=$(awk -v w="${wall_of[$tool-100000]}" 'BEGIN { print w / 100000 * 1e6 }')
		printf '%-14s %8.1f us/page at 10k, %8.1f us/page at 100k: %s%s\n' "$tool" "$a" "$b" \
			"$(ratio "$b" "$a")" "$([ "$tool" = brief ] && echo ' (target <= 1.2)')"
	done
fi

[ -z "$sizes" ] || tests/bench/cache.sh "${CACHE_SIZE:-100000}" || die "the build cache bench failed"

# The search index of a SEARCH_SIZE-post site, and a query in Chromium.
search_bench() {
	local n=${SEARCH_SIZE:-10000} site=$root/sites/search out=$root/out/search bytes texts files
	rm -rf "$site" "$out"
	"$gensite" "$n" "$site" --search || die "gensite $n $site --search failed"
	mkdir -p "$site/brief/templates/assets"
	cp templates/assets/search.js "$site/brief/templates/assets/"
	"$brief" build -q -c "$site/brief/content" -t "$site/brief/templates" -o "$out" ||
		die "brief failed on the search site"
	bytes=$(stat -c %s "$out/search/index.js")
	files=$(find "$out/search" -name 'text-*.js' | wc -l)
	texts=$(find "$out/search" -name 'text-*.js' -exec stat -c %s {} + | awk '{ t += $1 } END { print t + 0 }')
	echo
	echo "== search index at $n posts =="
	echo "search/index.js: $bytes bytes, $((bytes / (n + 2))) bytes per page ($((n + 2)) pages)"
	echo "search/text-*.js: $texts bytes in $files files ($((texts / (files > 0 ? files : 1))) bytes each), $((texts / (n + 2))) bytes per page"
	if [ -d tests/browser/node_modules/playwright-core ] && [ -x /usr/bin/chromium ]; then
		echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
		echo "Chromium, file://, query 'reseller': $(node tests/bench/search.mjs \
			"file://$out/search/index.html?q=reseller" 7)"
		# The floor: a page whose one deferred script sets both marks at once.
		printf '<!doctype html>\n<meta charset="utf-8">\n<script src="floor.js" defer></script>\n' >"$out/search/floor.html"
		printf "performance.mark('brief-search-results');\nperformance.mark('brief-search-complete');\n" >"$out/search/floor.js"
		echo "Chromium, file://, the floor (a page with one small deferred script): $(node tests/bench/search.mjs \
			"file://$out/search/floor.html" 7 | sed 's/;.*//; s/^first results //')"
	else
		echo "Chromium timing skipped: run make test-deps for chromium and playwright-core"
	fi
	rm -rf "$site" "$out"
}
search_bench
[ -z "$sizes" ] && exit 0

# The shipped briefing, built into tmpfs; hyperfine when it is there.
echo
out=$root/out/shipped
cmd="$brief build -q -c content -t templates -o $out"
if command -v hyperfine >/dev/null; then
	hyperfine -N --warmup 3 --runs 30 --export-csv "$root/shipped.csv" "$cmd" >"$log" 2>&1 ||
		{ cat "$log" >&2; die "hyperfine on the shipped briefing failed"; }
	ms=$(awk -F, 'NR == 2 { printf "%.1f", $4 * 1000 }' "$root/shipped.csv")
	how="hyperfine, 30 runs"
else
	for ((i = 0; i < 30; i++)); do
		t0=$EPOCHREALTIME
		$cmd || die "brief failed on the shipped briefing"
		t1=$EPOCHREALTIME
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", (b - a) * 1000 }'
	done >"$root/shipped.txt"
	ms=$(median <"$root/shipped.txt")
	how="30 runs"
fi
rm -rf "$out"
echo "shipped briefing: $ms ms median ($how; target < 50 ms)"
