#!/usr/bin/env bash
# Runs the fuzz targets built in tests/build/fuzz/ (make fuzz builds them):
#   tests/fuzz/run.sh SECONDS [NAME...]
# For each target (all of tests/fuzz/*.c by default): replays every input
# of its committed corpus tests/fuzz/corpus/NAME/ (each must run clean),
# then fuzzes it for SECONDS with its dictionary, on a working corpus
# tests/build/fuzz/corpus/NAME/ that starts from the committed one and
# keeps growing across runs. A crash is kept as
# tests/build/fuzz/crashes/NAME/crash-*: copy it into the committed corpus
# with the fix. Ends with "N passed, N failed"; exits non-zero on failure.
set -u
cd "$(dirname "$0")/../.."
seconds=${1:?usage: tests/fuzz/run.sh SECONDS [NAME...]}
shift
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for src in tests/fuzz/*.c; do
		names+=("$(basename "$src" .c)")
	done
fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# libFuzzer's limits: a slow input (hang) or one that takes over 2 GB of
# memory is a failure, as it would be in a build.
limits=(-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048)
passed=0 failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

ok() {
	echo "ok - $1"
	passed=$((passed + 1))
}

fail() {
	echo "FAIL - $1"
	grep -E 'ERROR|SUMMARY|invariant|#[0-9]+ in .*(generator|tests/fuzz)' "$log" | head -n 12 |
		sed 's/^/    /'
	failed=$((failed + 1))
}

for name in "${names[@]}"; do
	bin=tests/build/fuzz/$name corpus=tests/fuzz/corpus/$name
	if [ ! -x "$bin" ]; then
		fail "$name: $bin is not built (make fuzz builds it)"
		continue
	fi
	inputs=("$corpus"/*)
	if [ ! -f "${inputs[0]}" ]; then
		fail "$name: no corpus in $corpus"
		continue
	fi
	if "$bin" "${limits[@]}" "${inputs[@]}" >"$log" 2>&1; then
		ok "$name: replayed ${#inputs[@]} inputs"
	else
		fail "$name: replaying $corpus"
	fi
	work=tests/build/fuzz/corpus/$name crashes=tests/build/fuzz/crashes/$name
	mkdir -p "$work" "$crashes"
	cp -n "$corpus"/* "$work"/
	if nice -n 19 "$bin" "${limits[@]}" -max_total_time="$seconds" -print_final_stats=1 \
		-dict="tests/fuzz/$name.dict" -artifact_prefix="$crashes/" "$work" >"$log" 2>&1; then
		stats=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1 |
			sed -E 's/^#([0-9]+).*cov: ([0-9]+) ft: ([0-9]+).*/\1 runs, cov: \2, ft: \3/')
		ok "$name: fuzzed ${seconds} s, $stats"
	else
		fail "$name: fuzzing found a crash (kept in $crashes/)"
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
