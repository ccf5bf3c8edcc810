#!/usr/bin/env bash
# The release build under Valgrind's memcheck ($BRIEF, default
# generator/brief; tests/run.sh runs it on the release build only, as the
# ASan build cannot run under Valgrind): one build of the shipped briefing
# (--strict --check, as make does) and one failed build (the error case
# tests/errors/all-at-once). Zero memory errors and zero definite leaks,
# in brief and in its worker processes (Valgrind follows fork). Valgrind
# exits 99 on either, so brief's own exit 1 stays apart. Ends with
# "N passed, N failed".
. "$(dirname "$0")/lib.sh" brief-valgrind

if ! command -v valgrind >/dev/null; then
	echo "valgrind not found; the Valgrind tests skipped (make test-deps installs it)"
	echo "0 passed, 0 failed, 3 skipped"
	exit 0
fi
vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
	--show-leak-kinds=definite)

# The flags catch a definite leak: a program that loses 64 bytes.
printf '#include <stdlib.h>\nint main(void) { void *p = malloc(64); p = 0; return p != 0; }\n' >"$tmp/leak.c"
if cc -O0 -o "$tmp/leak" "$tmp/leak.c" && { "${vg[@]}" "$tmp/leak" 2>"$tmp/err"; [ $? -eq 99 ]; } &&
	grep -q 'definitely lost' "$tmp/err"; then
	ok "valgrind with these flags exits 99 on a definite leak"
else
	fail "valgrind with these flags exits 99 on a definite leak" "$(cat "$tmp/err")"
fi

"${vg[@]}" "$BRIEF" build -q --strict --check -o "$tmp/shipped" >"$tmp/out" 2>"$tmp/err"
status=$?
if [ $status -eq 0 ] && [ ! -s "$tmp/err" ] && [ -f "$tmp/shipped/index.html" ]; then
	ok "the shipped briefing (--strict --check): exit 0, no memory error, no definite leak"
else
	fail "the shipped briefing (--strict --check): exit 0, no memory error, no definite leak" \
		"exit $status" "$(head -n 40 "$tmp/err")"
fi

case=tests/errors/all-at-once
(cd "$case" && "${vg[@]}" "$BRIEF" build -j 3 -o "$tmp/failed") >"$tmp/out" 2>"$tmp/err"
status=$?
sed -i "s|$tmp/failed|OUTPUT|g" "$tmp/err"
if [ $status -eq 1 ] && diff "$case/expected.stderr" "$tmp/err" >"$tmp/d" && [ ! -e "$tmp/failed" ]; then
	ok "a failed build ($case): exit 1, its exact messages and nothing from Valgrind"
else
	fail "a failed build ($case): exit 1, its exact messages and nothing from Valgrind" \
		"exit $status" "$(head -n 40 "$tmp/d")"
fi

summary
