#!/usr/bin/env bash
# brief check and brief build --check, end to end: the hand-written
# fixture tests/check/broken (every kind of broken link, and valid links
# that must pass) with its exact output; the shipped briefing and every
# golden site, which must pass; a build whose template writes broken links
# by hand, which must fail and leave the previous output as it was.
. "$(dirname "$0")/lib.sh" brief-check

# A fingerprint of a whole tree: names, modes and contents.
tree_sum() { (cd "$1" && find . -printf '%p %m\n' | sort && find . -type f -print0 | sort -z | xargs -0 -r sha256sum); }

# --- the fixture: exit 1, the exact messages and external summary ---
fixture=tests/check/broken
for jobs in 1 3; do
	(cd $fixture && "$BRIEF" check -j $jobs site) >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ $status -ne 1 ]; then
		fail "fixture -j $jobs: exit 1" "exit status $status" "$(cat "$tmp/err")"
	elif ! d=$(diff $fixture/expected.stderr "$tmp/err"); then
		fail "fixture -j $jobs: the expected messages" "$d"
	elif ! d=$(diff $fixture/expected.stdout "$tmp/out"); then
		fail "fixture -j $jobs: the expected summary" "$d"
	else
		ok "fixture -j $jobs: exit 1, every broken link at its place, external hosts counted"
	fi
done

# The fixture's valid links are many and its broken ones each on a line of
# their own: a count of 18 errors guards against a check that reports less.
if [ "$(grep -c ': error: broken link' $fixture/expected.stderr)" -eq 18 ] &&
	grep -q 'checked 4 pages and 55 links' $fixture/expected.stdout; then
	ok "fixture: 18 broken links out of 55"
else
	fail "fixture: 18 broken links out of 55"
fi

# -q: only the messages; --strict: the root-relative warnings are errors.
(cd $fixture && "$BRIEF" check -q --strict site) >"$tmp/out" 2>"$tmp/err"
if [ ! -s "$tmp/out" ] && [ "$(grep -c 'error: root-relative link' "$tmp/err")" -eq 2 ]; then
	ok "check -q prints nothing but messages; --strict makes warnings errors"
else
	fail "check -q prints nothing but messages; --strict makes warnings errors" "$(cat "$tmp/out" "$tmp/err")"
fi

# --- a site with one root-relative link: a warning, exit 0 (1 with --strict) ---
mkdir -p "$tmp/rootrel/output"
printf '<a href="/index.html">home</a>\n' >"$tmp/rootrel/output/index.html"
(cd "$tmp/rootrel" && "$BRIEF" check) >"$tmp/out" 2>"$tmp/err"
status=$?
(cd "$tmp/rootrel" && "$BRIEF" check --strict) >/dev/null 2>&1
strict=$?
if [ $status -eq 0 ] && [ $strict -eq 1 ] &&
	[ "$(cat "$tmp/err")" = "output/index.html:1:4: warning: root-relative link '/index.html': breaks from file:// and sub-paths" ] &&
	grep -q '^brief: checked 1 page and 1 link in output: 0 broken (with warnings)$' "$tmp/out"; then
	ok "check with no folder checks output/; a root-relative link is a warning"
else
	fail "check with no folder checks output/; a root-relative link is a warning" "exit $status, strict $strict" "$(cat "$tmp/out" "$tmp/err")"
fi

# --- usage: a missing folder, two folders ---
"$BRIEF" check "$tmp/nowhere" >/dev/null 2>"$tmp/err"
status=$?
"$BRIEF" check a b >/dev/null 2>&1
two=$?
if [ $status -eq 2 ] && [ $two -eq 2 ] && grep -q "cannot check '$tmp/nowhere': not a folder" "$tmp/err"; then
	ok "check of a missing folder or of two folders is a usage error"
else
	fail "check of a missing folder or of two folders is a usage error" "exit $status and $two" "$(cat "$tmp/err")"
fi

# --- the shipped briefing: built with --check, and checked again after ---
if "$BRIEF" build -q --strict --check -o "$tmp/shipped" >"$tmp/out" 2>"$tmp/err" &&
	"$BRIEF" check --strict "$tmp/shipped" >"$tmp/out" 2>"$tmp/err" &&
	grep -q '^brief: checked [1-9][0-9]* pages and [1-9][0-9]* links in .*: 0 broken$' "$tmp/out"; then
	ok "the shipped briefing: build --check passes, brief check finds nothing"
else
	fail "the shipped briefing: build --check passes, brief check finds nothing" "$(cat "$tmp/out" "$tmp/err")"
fi

# --- every golden site: expected/ checks clean; build --check writes it ---
for site in tests/sites/*/; do
	name=$(basename "$site")
	if ! "$BRIEF" check --strict "$site/expected" >"$tmp/out" 2>"$tmp/err" ||
		! grep -q ': 0 broken$' "$tmp/out"; then
		fail "site $name: brief check passes" "$(cat "$tmp/out" "$tmp/err")"
		continue
	fi
	if (cd "$site" && "$BRIEF" build -q --check -o "$tmp/site-$name") 2>"$tmp/err" &&
		diff -r "$tmp/site-$name" "$site/expected" >/dev/null; then
		ok "site $name: brief check passes, build --check writes expected/"
	else
		fail "site $name: brief check passes, build --check writes expected/" "$(cat "$tmp/err")"
	fi
done

# --- build --check: links that a template writes by hand ---
hand=$tmp/hand
mkdir -p "$hand/content/notes" "$hand/templates"
printf 'title: By hand\n' >"$hand/content/site.yaml"
printf -- '---\ntitle: Home\n---\nSee [the note](notes/one.md).\n' >"$hand/content/index.md"
printf -- '---\ntitle: One\n---\n## Aims\n' >"$hand/content/notes/one.md"
printf '<h1>{{page.title}}</h1>{{{page.content}}}\n' >"$hand/templates/page.mustache"
cp "$hand/templates/page.mustache" "$hand/templates/section.mustache"
cat >"$hand/templates/index.mustache" <<'EOF'
<h1>{{page.title}}</h1>{{{page.content}}}
<a href="{{root}}notes/one/index.html#aims">fine</a>
<a href="{{root}}notes/one/index.html#goals">no such id</a>
<link rel="stylesheet" href="{{root}}assets/style.css">
EOF
out=$hand/out
mkdir -p "$out/keep" && echo "previous build" >"$out/keep/index.html"
printf 'brief-manifest 1\nkeep/index.html\n' >"$out/.brief-manifest"
before=$(tree_sum "$out")
(cd "$hand" && "$BRIEF" build -j 3 --check -o out) >"$tmp/out" 2>"$tmp/err"
status=$?
cat >"$tmp/want" <<'EOF'
out/index.html:4:4: error: broken link to 'notes/one/index.html#goals': no id 'goals' in 'notes/one/index.html'
content/index.md: note: out/index.html is made from this
out/index.html:5:24: error: broken link to 'assets/style.css': no file 'assets/style.css'
content/index.md: note: out/index.html is made from this
brief: build failed with 2 errors; out left unchanged
EOF
if [ $status -ne 1 ]; then
	fail "build --check fails on a broken link a template wrote" "exit status $status" "$(cat "$tmp/err")"
elif ! d=$(diff "$tmp/want" "$tmp/err"); then
	fail "build --check reports each broken link, with the page's content file" "$d"
elif [ "$(tree_sum "$out")" != "$before" ] || ls -a "$hand" | grep -v '\.brief-lock$' | grep -q '^\.out\.brief-'; then
	fail "build --check leaves the previous output untouched and no staging folder"
else
	ok "build --check: exit 1, each broken link with its content file, previous output untouched"
fi

# The same build without --check publishes: checking is not the default.
if (cd "$hand" && "$BRIEF" build -q -o out) 2>"$tmp/err" && grep -q 'goals' "$out/index.html"; then
	ok "without --check the same build publishes (the check is opt-in)"
else
	fail "without --check the same build publishes (the check is opt-in)" "$(cat "$tmp/err")"
fi

# ...and --no-check undoes an earlier --check.
(cd "$hand" && "$BRIEF" build -q --check --no-check -o out) 2>"$tmp/err"
if [ $? -eq 0 ]; then ok "--no-check turns --check off"; else fail "--no-check turns --check off" "$(cat "$tmp/err")"; fi

summary
