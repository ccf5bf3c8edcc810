#!/usr/bin/env bash
# The benchmark of `make bench`: brief (all cores and -j 1), Hugo and the
# cmark-gfm floor on synthetic sites of each size and content mix, run
# alternately in the same session, several times, medians printed as one
# table per size and mix, then time per page against 10,000 posts and the
# targets of issue 11, each marked met or missed.
#
#   tests/bench/run.sh [SIZE]...     (default: 1000 10000 100000)
#   tests/bench/run.sh search        (only the search part, below)
#
# MIXES (default "bench docs"; also fr) picks gensite's content mixes.
# REPS=N overrides the runs per tool (default 5; 3 from 100,000 posts, 1
# from 1,000,000). HUGO_MAX (default 100000) and CHECK_MAX (default 100000)
# are the largest sizes Hugo and brief --check run at: Hugo holds about
# 140 KB a post (14 GB at 100,000), and the check costs 3x a build; their
# rows say "skipped" above. MEM_BUDGET_MB (default: the memory available
# before each run, less the run's output and 512 MiB) kills a tool whose
# processes hold more, so that one build cannot push the shared machine
# into its OOM killer; its row says "over budget". KEEP=1 keeps the
# generated sites.
#
# Every run goes through tests/build/bench/measure: wall time, CPU
# (user+sys of the whole process tree), and memory summed over the tree
# (brief forks Markdown workers): "tree PSS", the peak of the summed
# proportional set size (a page shared by k processes counts 1/k in each),
# is the memory the build holds and what the targets use; "tree RSS" counts
# shared pages once per process; "max proc" is the largest single process's
# peak, what GNU time's %M says.
#
# Then the search index at SEARCH_SIZE posts (default 10000; 0 skips it):
# the size of index.js and of its text files, and the times headless
# Chromium takes from navigation start to the first results of a query on
# the search page, opened from file://, and to the complete results, and
# to the end of an empty page's one deferred script, the floor that the
# machine's load sets (median of 7; node and tests/browser/node_modules,
# from make test-deps).
# Needs generator/brief (or $BRIEF), tests/build/bench/{gensite,floor,measure}
# and hugo (make bench builds and installs them). Everything it writes goes under
# $BENCH_ROOT (default /dev/shm/brief-bench), on tmpfs so that the disk's
# timing swings stay out of the numbers; it checks first that tmpfs has
# room for a site and one output.
set -euo pipefail
cd "$(dirname "$0")/../.."
export TZ=UTC LC_ALL=C.UTF-8

sizes=${*:-1000 10000 100000}
[ "$sizes" = search ] && sizes=""
mixes=${MIXES:-bench docs}
root=${BENCH_ROOT:-/dev/shm/brief-bench}
brief=${BRIEF:-$PWD/generator/brief}
gensite=$PWD/tests/build/bench/gensite
floor=$PWD/tests/build/bench/floor
measure=$PWD/tests/build/bench/measure
hugo_max=${HUGO_MAX:-100000}
check_max=${CHECK_MAX:-100000}
tools="brief brief-j1 brief-check hugo floor"

die() {
	echo "bench: $*" >&2
	exit 1
}

for f in "$brief" "$gensite" "$floor" "$measure"; do
	[ -x "$f" ] || die "$f is missing (run make bench)"
done
for n in $sizes; do
	[ "$n" -gt "$hugo_max" ] || command -v hugo >/dev/null || die "hugo is missing (run make bench)"
done
for mix in $mixes; do
	case $mix in bench | docs | fr) ;; *) die "unknown mix '$mix' (bench, docs or fr)" ;; esac
done
mkdir -p "$root"
# Two benches in one folder would delete each other's sites mid-run.
exec 9>"$root/lock"
flock -n 9 || die "another bench is running in $root (BENCH_ROOT moves this one)"
log=$root/last.log

# brief's options that an older or newer brief may lack: -j 1 (parallel
# rendering), --check (the link check), --no-cache (the build cache, which
# would otherwise make every run after the first a cached one). A usage
# error (exit 2) on a 10-post site says the option is missing.
probe=$root/sites/probe
rm -rf "$probe"
"$gensite" 10 "$probe" --no-hugo >/dev/null || die "gensite 10 $probe failed"
option_supported() {
	local st=0
	# shellcheck disable=SC2086 # "-j 1" is two words on purpose
	"$brief" build $1 -q -c "$probe/brief/content" -t "$probe/brief/templates" \
		-o "$root/out/probe" >"$log" 2>&1 || st=$?
	rm -rf "$root/out"
	[ $st -eq 2 ] && return 1
	[ $st -eq 0 ] || { cat "$log" >&2; die "brief build $1 failed on $probe"; }
}
declare -A has=()
for opt in "-j 1" --check --no-cache; do
	option_supported "$opt" && has[$opt]=1
done
rm -rf "$probe"
no_cache=${has[--no-cache]:+--no-cache}

# The command line of tool $1 on site $2, writing to $3.
command_of() {
	local b="$brief build -q $no_cache -c $2/brief/content -t $2/brief/templates -o $3"
	case $1 in
	brief) echo "$b" ;;
	brief-j1) echo "$b -j 1" ;;
	brief-check) echo "$b --check" ;;
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

# tmpfs use in KiB per post of a mix (measured at 1,000 posts, rounded up,
# inodes included): one copy of the site's content, one output.
site_kb() { case $1 in bench) echo 6 ;; *) echo 10 ;; esac; }
out_kb() { case $1 in bench) echo 9 ;; *) echo 13 ;; esac; }
mem_available_kb() { awk '$1 == "MemAvailable:" { print $2 }' /proc/meminfo; }

# Fails unless $root's file system and memory hold site $2 ($1 posts, $3
# copies of it: 2 with Hugo's) and one output at a time.
check_space() {
	local n=$1 mix=$2 copies=$3 need free mem
	need=$((n * ($(site_kb "$mix") * copies + $(out_kb "$mix"))))
	free=$(df -k --output=avail "$root" | tail -n 1)
	mem=$(mem_available_kb)
	if [ "$need" -gt "$free" ] || [ "$need" -gt "$mem" ]; then
		die "$n $mix posts need about $((need / 1048576 + 1)) GiB on $root (the site, $copies" \
			"cop$([ "$copies" -eq 1 ] && echo y || echo ies), and one output)," \
			"but it has $((free / 1048576)) GiB free and the machine $((mem / 1048576)) GiB" \
			"of memory available: free some, or set BENCH_ROOT to a larger tmpfs"
	fi
	# A file a post per copy of the site, a folder and a file a post in
	# the output: tmpfs's default inode count (half its pages) runs out
	# near 1,000,000 posts before its bytes do.
	need=$((n * (copies + 2) + 100000))
	free=$(df --output=iavail "$root" | tail -n 1)
	if [ "$free" -eq "$free" ] 2>/dev/null && [ "$free" -gt 0 ] && [ "$need" -gt "$free" ]; then
		die "$n $mix posts need about $need inodes on $root, but it has $free free:" \
			"mount -o remount,nr_inodes=$((need * 2)) $root (as root), or set BENCH_ROOT"
	fi
}

# Runs tool $1 on site $2 ($3 posts of mix $4) once and appends
# "tool wall user sys maxrss_kb tree_pss_kb tree_rss_kb samples status" to
# $results. A tool killed over the memory budget is recorded, not fatal.
run_once() {
	local tool=$1 site=$2 n=$3 mix=$4 out=$root/out/$1 m=$root/measure.out budget st=0
	rm -rf "$root/out" && mkdir -p "$root/out"
	budget=$((${MEM_BUDGET_MB:-0} * 1024))
	[ "$budget" -gt 0 ] || budget=$(($(mem_available_kb) - n * $(out_kb "$mix") - 524288))
	[ "$budget" -gt 0 ] || die "no memory left for $tool on $n posts (MemAvailable $(mem_available_kb) kB)"
	: >"$m"
	# shellcheck disable=SC2046 # the command line is split on purpose
	"$measure" -b "$budget" "$m" $(command_of "$tool" "$site" "$out") >"$log" 2>&1 || st=$?
	if [ $st -eq 3 ]; then
		echo "$tool: killed after $(cut -d' ' -f1 "$m") s, over the budget of $((budget / 1024)) MiB" >&2
	elif [ $st -ne 0 ]; then
		cat "$log" >&2
		die "$tool failed on $site: $(command_of "$tool" "$site" "$out")"
	else
		check_pages "$tool" "$out" "$n"
	fi
	rm -rf "$root/out" # tmpfs is memory: keep only one output at a time
	echo "$tool $(cat "$m")" >>"$results"
}

# The median of the numbers on standard input.
median() {
	sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# Field $2 of tool $1's completed runs, median: wall, cpu (user+sys), and
# tree PSS, tree RSS and max proc in MiB.
stat_of() {
	awk -v t="$1" -v f="$2" '$1 == t && $9 == "ok" {
		if (f == "wall") print $2; else if (f == "cpu") print $3 + $4
		else if (f == "max") print $5 / 1024; else if (f == "pss") print $6 / 1024
		else if (f == "rss") print $7 / 1024 }' "$results" | median
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# MiB $1 to one decimal, or n/a when not measured.
mib() { awk -v m="$1" 'BEGIN { if (m == "") print "n/a"; else printf "%.1f", m }'; }

# "met" or "missed": is $1 at most $2?
verdict() { awk -v a="$1" -v b="$2" 'BEGIN { print (a != "n/a" && a != "" && a + 0 <= b + 0) ? "met" : "missed" }'; }

# One row of the table: tool $1's medians, or why it has none.
print_row() {
	local tool=$1 label=$1 w key
	[ "$tool" = brief-j1 ] && label="brief -j 1"
	[ "$tool" = brief-check ] && label="brief --check"
	if [ -n "${why[$tool]:-}" ]; then
		printf '%-14s %s\n' "$label" "${why[$tool]}"
		return
	fi
	if ! awk -v t="$tool" '$1 == t && $9 == "ok" { found = 1 } END { exit !found }' "$results"; then
		printf '%-14s over the memory budget in every run (killed)\n' "$label"
		return
	fi
	w=$(stat_of "$tool" wall)
	key=$mix-$n-$tool
	fig[$key-wall]=$w fig[$key-cpu]=$(stat_of "$tool" cpu) fig[$key-pss]=$(stat_of "$tool" pss)
	printf '%-14s %9.3f %9.2f %14.1f %14.1f %14.1f %9.0f\n' "$label" "$w" "${fig[$key-cpu]}" \
		"${fig[$key-pss]}" "$(stat_of "$tool" rss)" "$(stat_of "$tool" max)" \
		"$(awk -v n="$n" -v w="$w" 'BEGIN { print n / w }')"
}

# The lines under a table: the ratios issue 11 sets targets for, marked
# met or missed at the size each target is set for.
print_targets() {
	local k=$mix-$n r
	r=$(ratio "${fig[$k-brief-wall]:-}" "${fig[$k-hugo-wall]:-}")
	echo "brief/Hugo wall: $r$([ "$n" -eq 10000 ] && echo " (target <= 0.20: $(verdict "$r" 0.20))")"
	r=$(ratio "${fig[$k-brief-cpu]:-}" "${fig[$k-floor-cpu]:-}")
	echo "brief CPU/floor CPU: $r$([ "$n" -eq 10000 ] && echo " (target <= 1.3: $(verdict "$r" 1.3))")," \
		"-j 1: $(ratio "${fig[$k-brief-j1-cpu]:-}" "${fig[$k-floor-cpu]:-}")"
	r=$(mib "${fig[$k-brief-pss]:-}")
	case $n in
	100000) echo "brief peak memory (tree PSS): $r MiB (target < 300 MiB: $(verdict "$r" 300))" ;;
	1000000) echo "brief peak memory (tree PSS): $r MiB (target < 2048 MiB: $(verdict "$r" 2048))" ;;
	*) echo "brief peak memory (tree PSS): $r MiB, Hugo's: $(mib "${fig[$k-hugo-pss]:-}") MiB" ;;
	esac
	if [ -n "${fig[$k-brief-check-cpu]:-}" ]; then
		echo "build --check adds $(awk -v a="${fig[$k-brief-check-cpu]}" -v b="${fig[$k-brief-cpu]}" \
			'BEGIN { printf "%.0f%%", (a / b - 1) * 100 }') to brief's CPU (the default only under 10%)"
	fi
	# The floor runs on one core: when its wall time exceeds its CPU time,
	# other processes took the machine and every row above is inflated.
	local busy
	busy=$(ratio "${fig[$k-floor-wall]:-}" "${fig[$k-floor-cpu]:-}")
	if awk -v b="$busy" 'BEGIN { exit !(b != "n/a" && b > 1.15) }'; then
		echo "warning: the floor's wall time is ${busy}x its CPU time: the machine was busy; rerun when it is idle"
	fi
}

# Measures every tool on $n posts of $mix and prints the table.
bench_size() {
	local site=$root/sites/$mix-$n reps copies=2 hugo_opt=
	reps=5
	[ "$n" -lt 100000 ] || reps=3
	[ "$n" -lt 1000000 ] || reps=1
	reps=${REPS:-$reps}
	declare -gA why=()
	[ -n "${has[-j 1]:-}" ] || why[brief-j1]="n/a: this brief has no -j"
	[ -n "${has[--check]:-}" ] || why[brief-check]="n/a: this brief has no --check"
	[ "$n" -le "$check_max" ] || why[brief-check]="skipped above CHECK_MAX=$check_max posts"
	if [ "$n" -gt "$hugo_max" ]; then
		why[hugo]="skipped above HUGO_MAX=$hugo_max posts: about 140 KB a post would be $((n * 140 / 1048576)) GiB"
		copies=1 hugo_opt=--no-hugo
	fi
	rm -rf "$site"
	check_space "$n" "$mix" "$copies"
	local t0=$EPOCHREALTIME
	"$gensite" "$n" "$site" --mix "$mix" $hugo_opt || die "gensite $n $site --mix $mix failed"
	local gen_s
	gen_s=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')
	local run_tools="" tool
	for tool in $tools; do
		[ -n "${why[$tool]:-}" ] || run_tools+="$tool "
	done
	results=$root/results-$mix-$n.txt
	: >"$results"
	local load0 order r k
	load0=$(cut -d' ' -f1-3 /proc/loadavg)
	# Alternate the tools within each repetition, starting one further each
	# time, so none always runs right after the same other one.
	read -ra order <<<"$run_tools"
	for ((r = 0; r < reps; r++)); do
		for ((k = 0; k < ${#order[@]}; k++)); do
			run_once "${order[(k + r) % ${#order[@]}]}" "$site" "$n" "$mix"
		done
	done
	[ "${KEEP:-0}" = 1 ] || rm -rf "$site"

	echo
	echo "== $n posts, $mix mix: $reps run$([ "$reps" -gt 1 ] && echo "s") of each tool, alternating; medians =="
	echo "(site generated in $gen_s s; load average $load0 before, $(cut -d' ' -f1-3 /proc/loadavg) after)"
	printf '%-14s %9s %9s %14s %14s %14s %9s\n' tool "wall (s)" "CPU (s)" "tree PSS (MiB)" \
		"tree RSS (MiB)" "max proc (MiB)" pages/s
	for tool in $tools; do
		print_row "$tool"
	done
	print_targets
}

echo "brief bench on $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)), $(command -v hugo >/dev/null && hugo version | cut -d" " -f1-2 || echo "no hugo"), $("$brief" --version) ($(git describe --always --dirty 2>/dev/null || echo 'not a git checkout'))"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg); mixes: $mixes"
declare -A fig=()
for mix in $mixes; do
	for n in $sizes; do
		bench_size
	done
done
. tests/bench/summary.sh
bench_summary

# The build cache (issue 11, target 5) at CACHE_SIZE posts, by default
# the largest size asked for.
if [ -n "$sizes" ]; then
	largest=$(printf '%s\n' $sizes | sort -n | tail -n 1)
	tests/bench/cache.sh "${CACHE_SIZE:-$largest}" || die "the build cache bench failed"
fi

# The search index of a SEARCH_SIZE-post site, and a query in Chromium.
search_bench() {
	local n=${SEARCH_SIZE:-10000} site=$root/sites/search out=$root/out/search bytes texts files
	[ "$n" -gt 0 ] || return 0
	rm -rf "$site" "$out"
	"$gensite" "$n" "$site" --search --no-hugo || die "gensite $n $site --search failed"
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
cmd="$brief build -q $no_cache -c content -t templates -o $out"
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
rm -rf "$root/out"
echo "shipped briefing: $ms ms median ($how; target < 50 ms)"
