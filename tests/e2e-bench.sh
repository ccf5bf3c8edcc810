#!/usr/bin/env bash
# The benchmark's own parts (make bench): gensite's content mixes build
# with brief (links checked) and Hugo without an error, measure counts a
# process tree's memory and enforces its budget, and tests/bench/run.sh
# prints its tables, skips what it says it skips and cleans up.
. "$(dirname "$0")/lib.sh" brief-bench
make -s tests/build/bench/gensite tests/build/bench/floor tests/build/bench/measure >/dev/null ||
	fail "make the bench helpers"
gensite=tests/build/bench/gensite measure=tests/build/bench/measure

# Every mix builds with brief, with --check too, and with Hugo, silently.
for mix in bench docs fr; do
	s=$tmp/$mix
	"$gensite" 300 "$s" --mix "$mix" || fail "gensite --mix $mix"
	if "$BRIEF" build -q -c "$s/brief/content" -t "$s/brief/templates" -o "$tmp/o" 2>"$tmp/err" &&
		[ ! -s "$tmp/err" ] && [ -f "$tmp/o/posts/post-000299/index.html" ]; then
		ok "$mix mix: brief builds 300 posts without a message"
	else
		fail "$mix mix: brief build" "$(head -n 3 "$tmp/err")"
	fi
	if "$BRIEF" build --check -q -c "$s/brief/content" -t "$s/brief/templates" -o "$tmp/o" 2>"$tmp/err"; then
		ok "$mix mix: brief's link check passes"
	else
		fail "$mix mix: brief build --check" "$(head -n 3 "$tmp/err")"
	fi
	if ! command -v hugo >/dev/null; then
		echo "# hugo is missing: its build of the $mix mix is not checked"
	elif hugo --quiet -s "$s/hugo" -d "$tmp/h" --cacheDir "$tmp/hc" >"$tmp/err" 2>&1 && [ ! -s "$tmp/err" ] &&
		[ -f "$tmp/h/posts/post-000299/index.html" ]; then
		ok "$mix mix: Hugo builds it without a message"
	else
		fail "$mix mix: hugo" "$(head -n 3 "$tmp/err")"
	fi
	rm -rf "$tmp/o" "$tmp/h"
done

# The docs mix is about twice the bench mix, with many more links and code.
size() { cat "$tmp/$1"/brief/content/posts/*.md | wc -c; }
count() { cat "$tmp/$1"/brief/content/posts/*.md | grep -o -- "$2" | wc -l; }
r=$(awk -v a="$(size docs)" -v b="$(size bench)" 'BEGIN { printf "%.2f", a / b }')
if awk -v r="$r" 'BEGIN { exit !(r >= 1.6 && r <= 2.4) }'; then
	ok "a docs post is ${r}x a bench post"
else
	fail "a docs post is ${r}x a bench post, not about 2x"
fi
if [ "$(count docs '](post-')" -gt $((3 * $(count bench '](post-'))) ] &&
	[ "$(count docs '^```')" -gt $((5 * $(count bench '^```'))) ] &&
	[ "$(count docs '](post-[0-9]*\.md#installation)')" -gt 100 ]; then
	ok "the docs mix links to other posts and their sections, and has code, far more often"
else
	fail "docs mix density: $(count docs '](post-') links, $(count docs '^```') fences"
fi
if grep -q 'é' "$tmp/fr/brief/content/posts/post-000001.md" && ! grep -q 'é' "$tmp/docs/brief/content/posts/post-000001.md"; then
	ok "the fr mix writes accented French, the docs mix does not"
else
	fail "the fr mix's accents"
fi
"$gensite" 20 "$tmp/nohugo" --no-hugo
if [ -f "$tmp/nohugo/brief/content/posts/post-000019.md" ] && [ -z "$(ls "$tmp/nohugo/hugo/content/posts")" ]; then
	ok "--no-hugo writes brief's posts only"
else
	fail "--no-hugo"
fi
"$gensite" 1000001 "$tmp/big" 2>"$tmp/err"
st=$?
if [ $st -eq 2 ] && grep -q 'from 1 to 1000000' "$tmp/err" && [ ! -e "$tmp/big" ]; then
	ok "gensite refuses more than 1,000,000 posts"
else
	fail "gensite 1000001: exit $st" "$(cat "$tmp/err")"
fi

# measure sums the tree: three children holding 60 MB each are more than
# twice the largest one alone.
hog='bash -c "x=\$(head -c 60000000 /dev/zero | tr \"\\\\0\" a); sleep 1; [ \${#x} -gt 0 ]"'
"$measure" "$tmp/m" sh -c "$hog & $hog & $hog & wait"
read -r _ _ _ max pss rss samples status <"$tmp/m"
if [ "$status" = ok ] && [ "$pss" -gt $((2 * max)) ] && [ "$rss" -ge "$pss" ] && [ "$samples" -gt 5 ]; then
	ok "measure: the tree's peak PSS ($pss kB) counts every child (largest $max kB)"
else
	fail "measure: tree $pss kB, largest process $max kB, $samples samples, $status"
fi
"$measure" -b 20000 "$tmp/b" sh -c "$hog"
st=$?
if [ $st -eq 3 ] && [ "$(cut -d' ' -f8 "$tmp/b")" = budget ] && awk '{ exit !($1 < 1) }' "$tmp/b"; then
	ok "measure kills a tree over its budget at once and says so"
else
	fail "measure -b: exit $st, $(cat "$tmp/b")"
fi
"$measure" "$tmp/f" sh -c 'exit 7'
st=$?
if [ $st -eq 7 ] && [ "$(cut -d' ' -f8 "$tmp/f")" = exit-7 ]; then
	ok "measure passes a failure's exit status on"
else
	fail "measure of exit 7: $st, $(cat "$tmp/f")"
fi

# run.sh end to end, small: a table per size and mix with every row, the
# targets, Hugo skipped above HUGO_MAX, the sites removed (KEEP=1 keeps them).
bench() { BRIEF=$BRIEF BENCH_ROOT=$tmp/r SEARCH_SIZE=0 REPS=1 MIXES="bench docs" tests/bench/run.sh "$@"; }
bench 100 300 >"$tmp/out" 2>"$tmp/err"
st=$?
rows=$(grep -cE '^(brief|brief -j 1|brief --check|hugo|floor) +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9]+$' "$tmp/out")
if [ $st -eq 0 ] && [ "$rows" -eq 20 ] && grep -q '^== 300 posts, docs mix' "$tmp/out" &&
	grep -q 'CPU at 10,000 posts <= 1.3x the floor.s: not measured' "$tmp/out" &&
	[ -z "$(ls "$tmp/r/sites")" ]; then
	ok "run.sh: 4 tables of 5 rows, the targets, no site left behind"
else
	fail "run.sh 100 300: exit $st, $rows rows" "$(tail -n 5 "$tmp/err")"
fi
HUGO_MAX=200 KEEP=1 bench 300 >"$tmp/out" 2>"$tmp/err"
st=$?
if [ $st -eq 0 ] && [ "$(grep -c '^hugo  .*skipped above HUGO_MAX=200' "$tmp/out")" -eq 2 ] &&
	[ -f "$tmp/r/sites/docs-300/brief/content/posts/post-000299.md" ] && [ ! -e "$tmp/r/sites/docs-300/hugo/content/posts/post-000299.md" ]; then
	ok "run.sh: Hugo skipped above HUGO_MAX, said so, and not generated; KEEP=1 keeps the sites"
else
	fail "run.sh HUGO_MAX=200 KEEP=1: exit $st" "$(grep '^hugo' "$tmp/out")" "$(tail -n 3 "$tmp/err")"
fi
MEM_BUDGET_MB=1 MIXES=bench bench 100 >"$tmp/out" 2>"$tmp/err"
st=$?
if [ $st -eq 0 ] && grep -q '^brief  .*over the memory budget in every run' "$tmp/out" &&
	grep -q 'killed after .* over the budget of 1 MiB' "$tmp/err"; then
	ok "run.sh: a tool over MEM_BUDGET_MB is killed and its row says so"
else
	fail "run.sh MEM_BUDGET_MB=1: exit $st" "$(tail -n 3 "$tmp/err")"
fi
summary
