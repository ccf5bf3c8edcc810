#!/usr/bin/env bash
# Runs every test of brief and ends with "N passed, N failed".
# Unit tests and end-to-end tests run twice: on the release build and on
# the ASan+UBSan build (generator/debug/). Exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
export TZ=UTC LC_ALL=C.UTF-8
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

passed=0 failed=0 skipped=0
# Every failure line, printed again just above the last line: CI logs are
# often cut to their tail.
failures=$(mktemp)

# Adds the counts of a suite's last "N passed, N failed[, N skipped]" line.
tally() {
	local name=$1 log=$2 status=$3 last p f s
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$last" ]; then
		echo "FAIL - $name: no summary line (exit status $status)" | tee -a "$failures"
		sed 's/^/    /' "$log" | tail -n 20
		failed=$((failed + 1))
		return
	fi
	p=$(echo "$last" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "$last" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
	s=$(echo "$last" | sed -nE 's/.*, ([0-9]+) skipped.*/\1/p')
	grep -E '^(FAIL|  )' "$log" | sed "s|^|[$name] |"
	grep -E '^FAIL' "$log" | sed "s|^|[$name] |" >>"$failures"
	grep -E 'not found; .* skipped' "$log" | sed "s|^|[$name] |"
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL - $name: exit status $status" | tee -a "$failures"
		tail -n 20 "$log" | sed 's/^/    /'
		f=1
	fi
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + ${s:-0}))
	printf '%-44s %s\n' "$name" "$last"
}

log=$(mktemp)
trap 'rm -f "$log" "$failures"' EXIT
for build in release debug; do
	dir=tests/build
	[ $build = debug ] && dir=tests/build/debug
	for t in "$dir"/test_*; do
		[ -x "$t" ] || continue
		"$t" >"$log" 2>&1
		status=$?
		tally "$build/${t##*/}" "$log" $status
	done
	brief=generator/brief
	[ $build = debug ] && brief=generator/debug/brief
	# tests/e2e.sh and one suite per feature area: tests/e2e-NAME.sh.
	for suite in tests/e2e.sh tests/e2e-*.sh; do
		[ -f "$suite" ] || continue
		name=${suite#tests/}
		BRIEF=$brief bash "$suite" >"$log" 2>&1
		status=$?
		tally "$build/${name%.sh}" "$log" $status
	done
	# The shipped briefing's own checks and the Valgrind run: on the
	# release build only.
	if [ $build = release ]; then
		BRIEF=$brief tests/briefing.sh >"$log" 2>&1
		status=$?
		tally "$build/briefing" "$log" $status
		# Valgrind cannot run the ASan build.
		BRIEF=$brief tests/valgrind.sh >"$log" 2>&1
		status=$?
		tally "$build/valgrind" "$log" $status
	fi
done

# The fuzz targets (tests/fuzz/), once: every corpus replayed, then each
# target fuzzed for 10 s (make fuzz runs them longer).
tests/fuzz/run.sh 10 >"$log" 2>&1
status=$?
tally "fuzz" "$log" $status

# The real-browser suite (tests/browser/), once: it builds the shipped site
# with the release build into a temporary folder and opens every page.
node tests/browser/run.mjs >"$log" 2>&1
status=$?
tally "browser" "$log" $status
# brief serve in the same browser: reloads, stylesheet swaps, the overlay.
node tests/browser/serve.mjs >"$log" 2>&1
status=$?
tally "browser-serve" "$log" $status

# make install puts the binary and the man page under DESTDIR/PREFIX.
dest=$(mktemp -d)
if make --no-print-directory install DESTDIR="$dest" PREFIX=/usr >"$log" 2>&1 &&
	[ -x "$dest/usr/bin/brief" ] && [ -f "$dest/usr/share/man/man1/brief.1" ] &&
	"$dest/usr/bin/brief" --version >/dev/null; then
	echo "1 passed, 0 failed" >"$log"
else
	echo "0 passed, 1 failed" >>"$log"
fi
rm -rf "$dest"
tally "make install" "$log" 0

if [ -s "$failures" ]; then
	echo "Failures:"
	cat "$failures"
fi
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
