#!/usr/bin/env bash
# End-to-end tests of brief build's cache ($BRIEF, default generator/brief):
# after each change a cached build renders what the change can reach
# ("rendered N of M pages" in -v) and writes exactly what a --no-cache
# build writes into another folder (diff -r); a cache that is deleted,
# corrupt, truncated or made for other options is not used; a file of the
# output edited by hand is rendered again; a failed build leaves the cache
# alone. Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh" brief-cache

s=$tmp/s
mkdir -p "$s/content/notes" "$s/content/img" "$s/templates"
cat >"$s/content/site.yaml" <<'YAML'
title: Cache
YAML
printf 'rows: [1, 2]\n' >"$s/content/facts.yaml"
printf 'a picture\n' >"$s/content/img/a.txt"
printf -- '---\ntitle: Home\n---\nWelcome. See [the first note](notes/a.md#details).\n' >"$s/content/_index.md"
for n in a b c d; do
	printf -- '---\ntitle: Note %s\ndate: 2024-01-0%d\n---\n# Note %s\n\n## Details\n\nBody of %s.\n' \
		"$n" "$(($(printf '%d' "'$n") - 96))" "$n" "$n" >"$s/content/notes/$n.md"
done
printf -- '---\ntitle: Secret\ndraft: true\n---\nNot yet.\n' >"$s/content/notes/e.md"
printf '<title>{{page.title}}</title>{{#data.facts.rows}}<i>{{.}}</i>{{/data.facts.rows}}{{#site.pages}}<a href="{{url}}">{{title}}</a>{{/site.pages}}{{{page.content}}}\n' >"$s/templates/index.mustache"
printf '<title>{{page.title}}</title>{{#page.pages}}<li>{{title}}</li>{{/page.pages}}{{{page.content}}}\n' >"$s/templates/section.mustache"
printf '<title>{{page.title}}</title>{{#page.prev}}<a href="{{url}}">{{title}}</a>{{/page.prev}}{{{page.content}}}\n' >"$s/templates/page.mustache"

# Builds $s with the cache into out (-v, output in $tmp/log) and without
# it into ref, then checks both wrote the same and the log says
# "rendered $2 of"; $1 names the step; $3... more options for both.
step() {
	local name=$1 want=$2
	shift 2
	if ! "$BRIEF" build -v -c "$s/content" -t "$s/templates" -o "$s/out" "$@" >"$tmp/log" 2>&1; then
		fail "$name: the cached build succeeds" "$(cat "$tmp/log")"
		return
	fi
	rm -rf "$s/ref"
	"$BRIEF" build -q --no-cache -c "$s/content" -t "$s/templates" -o "$s/ref" "$@" >/dev/null 2>&1
	local rendered
	rendered=$(sed -n 's/^brief: rendered \([0-9]*\) of \([0-9]*\) pages.*/\1 of \2/p' "$tmp/log")
	if ! diff -r "$s/out" "$s/ref" >"$tmp/diff"; then
		fail "$name: the output is a --no-cache build's" "$(head -n 5 "$tmp/diff")"
	elif [ "${rendered% of *}" != "$want" ]; then
		fail "$name: rendered $want pages" "got: $rendered"
	else
		ok "$name: rendered $rendered pages, the output byte-identical to --no-cache's"
	fi
}

cache=$s/.brief-cache/out
step "first build" 6
[ -s "$cache" ] && ok "the cache is $cache, beside the output" || fail "no cache at $cache" "$(ls -a "$s")"
[ ! -e "$s/.brief-cache/ref" ] && ok "--no-cache writes no cache" || fail "--no-cache wrote a cache"
grep -q brief-cache "$s/out/.brief-manifest" && fail "the manifest names the cache" || ok "the manifest does not name the cache"
step "nothing changed" 0
grep -q "Markdown of 0)" "$tmp/log" && ok "nothing changed: no Markdown rendered" || fail "nothing changed: Markdown rendered" "$(cat "$tmp/log")"
sed -i 's/Body of b/New body of b/' "$s/content/notes/b.md"
step "one body changed" 1
sed -i 's/title: Note c/title: Note C/' "$s/content/notes/c.md"
step "one title changed (neighbours and listings)" 6
printf 'a picture, changed\n' >"$s/content/img/a.txt"
step "a copied file changed" 0
sed -i 's/<title>/<title>Page: /' "$s/templates/page.mustache"
step "a template changed" 6
printf 'title: Cache, renamed\n' >"$s/content/site.yaml"
step "site.yaml changed" 6
printf 'rows: [1, 2, 3]\n' >"$s/content/facts.yaml"
step "a data file changed" 6
printf -- '---\ntitle: Note f\n---\nNew.\n' >"$s/content/notes/f.md"
rm "$s/content/notes/d.md"
step "a page added, one removed" 6
step "drafts flag flipped" 7 -D
step "drafts flag flipped back" 6
step "nothing changed again" 0

rm -rf "$s/.brief-cache"
step "the cache deleted" 6
cp "$cache" "$tmp/good"
printf 'X' | dd of="$cache" bs=1 seek=$(($(stat -c %s "$cache") / 2)) conv=notrunc 2>/dev/null
step "a flipped byte in the cache" 6
head -c $(($(stat -c %s "$cache") - 9)) "$tmp/good" >"$cache"
step "a truncated cache" 6
: >"$cache"
step "an empty cache" 6
printf 'brief-cache of another version\n' >"$cache"
step "a cache of another version" 6

printf 'edited by hand' >"$s/out/notes/b/index.html"
step "a page of the output edited by hand" 1
rm "$s/out/notes/a/index.html"
step "a page of the output deleted" 1
printf 'edited by hand' >"$s/out/img/a.txt"
step "a copied file of the output edited by hand" 0

before=$(cat "$cache" | sha256sum)
"$BRIEF" build -q --no-cache -c "$s/content" -t "$s/templates" -o "$s/out" >/dev/null 2>&1
[ ! -e "$cache" ] || [ "$(sha256sum <"$cache")" = "$before" ] &&
	ok "--no-cache reads and writes no cache" || fail "--no-cache changed the cache"

# A link to an id of a page whose heading then goes: the cached build
# reports it as the --no-cache build does, and changes nothing.
sed -i 's/## Details/## Other/' "$s/content/notes/a.md"
before=$(tree_sum "$s/out")
cache_before=$(sha256sum <"$cache")
"$BRIEF" build -q -c "$s/content" -t "$s/templates" -o "$s/out" >"$tmp/got" 2>&1
got=$?
"$BRIEF" build -q --no-cache -c "$s/content" -t "$s/templates" -o "$s/ref" >"$tmp/want" 2>&1
sed -i "s|$s/ref|$s/out|" "$tmp/want"
if [ $got -ne 1 ] || ! diff "$tmp/want" "$tmp/got" >/dev/null; then
	fail "a broken link to an id of a changed page: reported as without the cache" "got ($got): $(cat "$tmp/got")" "want: $(cat "$tmp/want")"
elif [ "$(tree_sum "$s/out")" != "$before" ] || [ "$(sha256sum <"$cache")" != "$cache_before" ]; then
	fail "a failed build leaves the output and the cache as they were"
else
	ok "a broken link to an id of a changed page fails as without the cache; output and cache untouched"
fi
sed -i 's/## Other/## Details/' "$s/content/notes/a.md"
step "the link fixed (the cache and output are of the state before)" 0

# Two outputs, two caches: -o a and -o b never mix.
"$BRIEF" build -q -c "$s/content" -t "$s/templates" -o "$s/other" >/dev/null 2>&1
[ -s "$s/.brief-cache/other" ] && ok "-o other has a cache of its own" || fail "no cache for -o other"
sed -i 's/Body of c/Changed body of c/' "$s/content/notes/c.md"
step "out after a change, with another output's cache beside" 1

# --- nothing changed: a build that finds every source, template and
# output file as the last build left it (by stat) writes nothing ---
# Sources changed within 2 s are never trusted by stat: age them.
age() { find "$s/content" "$s/templates" -exec touch -d "${1:-1 hour ago}" {} +; }
out_ino() { stat -c %i "$s/out"; }
# Builds out -v; passes when it said it had nothing to do, left the output
# folder itself in place (no swap, no staging folder) and the output is a
# --no-cache build's.
uptodate() {
	local name=$1 ino
	ino=$(out_ino)
	"$BRIEF" build -v -c "$s/content" -t "$s/templates" -o "$s/out" >"$tmp/log" 2>"$tmp/err"
	local st=$?
	rm -rf "$s/ref"
	"$BRIEF" build -q --no-cache -c "$s/content" -t "$s/templates" -o "$s/ref" >/dev/null 2>&1
	if [ $st -ne 0 ] || ! grep -qx "brief: nothing changed; $s/out is up to date" "$tmp/log" ||
		! grep -q '^brief: checked in [0-9]* ms$' "$tmp/log"; then
		fail "$name: nothing to do" "exit $st" "$(cat "$tmp/log" "$tmp/err")"
	elif [ "$(out_ino)" != "$ino" ] || ls -a "$s" | grep -q '^\.out\.brief-[^l]'; then
		fail "$name: the output folder stays, no staging folder" "$(ls -a "$s")"
	elif ! diff -r "$s/out" "$s/ref" >"$tmp/diff"; then
		fail "$name: the output is a --no-cache build's" "$(head -n 5 "$tmp/diff")"
	else
		ok "$name: nothing to do, the output untouched and a --no-cache build's"
	fi
}
# step, and the build was not cut short as up to date.
built() {
	step "$@"
	grep -q 'nothing changed' "$tmp/log" && fail "$1: built, not found up to date" "$(cat "$tmp/log")"
}
age
step "sources aged: built once more" 0
uptodate "nothing changed"
"$BRIEF" build -q -c "$s/content" -t "$s/templates" -o "$s/out" >"$tmp/quiet" 2>"$tmp/err2"
[ ! -s "$tmp/quiet" ] && ok "nothing changed, -q: nothing on stdout" || fail "-q printed" "$(cat "$tmp/quiet")"
touch -d '50 min ago' "$s/content/notes/a.md"
built "a source touched, its bytes the same" 0
uptodate "nothing changed after the touch"
touch -d '40 min ago' "$s/templates/page.mustache"
built "a template touched (its bytes the same: the key is)" 0
uptodate "nothing changed after the template"
rm "$s/out/notes/b/index.html"
built "an output file removed: restored" 1
uptodate "nothing changed after the restore"
printf 'stray\n' >"$s/out/notes/stray.html"
built "a file added to an output folder: removed" 0
printf 'stray\n' >"$s/out/stray.html"
built "a file added at the output's top: removed" 0
uptodate "nothing changed after the strays"
mkdir "$s/.out.brief-Kill3d" && printf 'half\n' >"$s/.out.brief-Kill3d/index.html"
built "a killed build's staging folder beside the output: a build removes it" 0
[ ! -e "$s/.out.brief-Kill3d" ] && ok "the killed build's staging folder is gone" || fail "the killed build's staging folder stays"
uptodate "nothing changed after the staging folder"
printf -- '---\ntitle: Note g\n---\nNew.\n' >"$s/content/notes/g.md"
touch -d '30 min ago' "$s/content/notes/g.md"
built "a page added to content/" 7
printf 'another picture\n' >"$s/content/img/b.txt"
touch -d '30 min ago' "$s/content/img/b.txt"
built "a copied file added to content/" 7
uptodate "nothing changed after the additions"
printf 'edited by hand\n' >"$s/out/notes/c/index.html"
built "an output page edited by hand" 1
printf 'one more line\n' >>"$s/content/notes/c.md"
built "a page changed just now (its stat not trusted next time)" 1
step "and built again: its file read, nothing rendered" 0
grep -q 'nothing changed' "$tmp/log" && fail "a source changed within 2 s: not up to date" || ok "a source changed within 2 s: not up to date"
age '20 min ago'
step "aged" 0
cp "$tmp/err" "$tmp/err.last" 2>/dev/null
uptodate "nothing changed, once more"
# The reports of the last build are repeated, as they were.
printf '<title>{{page.title}}</title>{{page.nosuch}}{{{page.content}}}\n' >"$s/templates/page.mustache"
age '10 min ago'
"$BRIEF" build -q -c "$s/content" -t "$s/templates" -o "$s/out" >/dev/null 2>"$tmp/warned"
"$BRIEF" build -c "$s/content" -t "$s/templates" -o "$s/out" >"$tmp/log" 2>"$tmp/again"
if grep -q "is not defined" "$tmp/warned" && diff "$tmp/warned" "$tmp/again" >/dev/null &&
	grep -qx "brief: nothing changed; $s/out is up to date (with warnings)" "$tmp/log"; then
	ok "nothing changed: the last build's warnings repeated, the same"
else
	fail "nothing changed: the last build's warnings repeated" "$(cat "$tmp/warned")" "---" "$(cat "$tmp/again" "$tmp/log")"
fi
if ! "$BRIEF" build -q --strict -c "$s/content" -t "$s/templates" -o "$s/out" >/dev/null 2>"$tmp/strict" &&
	grep -q "error: 'page.nosuch' is not defined" "$tmp/strict"; then
	ok "nothing changed, --strict: the repeated warnings fail the build"
else
	fail "nothing changed, --strict: the repeated warnings fail the build" "$(cat "$tmp/strict")"
fi
# A page file the scan cache holds, over a lowered limits.file_bytes:
# the build fails as a --no-cache one does.
printf 'title: Cache, renamed\nlimits:\n  file_bytes: 40\n' >"$s/content/site.yaml"
touch -d '5 min ago' "$s/content/site.yaml"
"$BRIEF" build -q -c "$s/content" -t "$s/templates" -o "$s/out" >/dev/null 2>"$tmp/got"
got=$?
"$BRIEF" build -q --no-cache -c "$s/content" -t "$s/templates" -o "$s/ref" >/dev/null 2>"$tmp/want"
sed -i "s|$s/ref|$s/out|" "$tmp/want"
if [ $got -eq 1 ] && grep -q 'larger than limits.file_bytes' "$tmp/got" && diff "$tmp/want" "$tmp/got" >/dev/null; then
	ok "a cached page file over a lowered limits.file_bytes fails as without the cache"
else
	fail "a cached page file over a lowered limits.file_bytes fails as without the cache" "got ($got): $(cat "$tmp/got")" "want: $(cat "$tmp/want")"
fi
printf 'title: Cache, renamed\n' >"$s/content/site.yaml"
touch -d '4 min ago' "$s/content/site.yaml"
# Another brief option (-D) or environment (TZ) builds.
built "drafts flag flipped (up to date before)" 8 -D
# The old output goes in the background; nothing of it stays for long.
for i in $(seq 50); do
	[ -z "$(ls -A "$s/.brief-cache/trash" 2>/dev/null)" ] && break
	sleep 0.1
done
[ -z "$(ls -A "$s/.brief-cache/trash" 2>/dev/null)" ] && ! ls -a "$s" | grep -q '^\.out\.brief-[^l]' &&
	ok "the old outputs are removed in the background; no staging folder stays" ||
	fail "old outputs left behind" "$(ls -A "$s" "$s/.brief-cache/trash")"

# rm -rf is run as /bin/sh and /bin/rm, never as whatever PATH finds
# first under those names.
mkdir -p "$tmp/fakebin"
for t in sh rm; do
	printf '#!/bin/sh\n: >"%s/fake-%s-ran"\n' "$tmp" "$t" >"$tmp/fakebin/$t"
	chmod +x "$tmp/fakebin/$t"
done
touch -d '3 min ago' "$s/content/notes/a.md"
PATH="$tmp/fakebin:$PATH" "$BRIEF" build -q -c "$s/content" -t "$s/templates" -o "$s/out" >/dev/null 2>&1
for i in $(seq 50); do
	[ -z "$(ls -A "$s/.brief-cache/trash" 2>/dev/null)" ] && break
	sleep 0.1
done
[ ! -e "$tmp/fake-sh-ran" ] && [ ! -e "$tmp/fake-rm-ran" ] && [ -z "$(ls -A "$s/.brief-cache/trash")" ] &&
	ok "the old output is removed by /bin/sh and /bin/rm, not by a sh or rm found first in PATH" ||
	fail "a sh or rm from PATH ran, or the old output stayed" "$(ls "$tmp" | grep fake) $(ls -A "$s/.brief-cache/trash")"

summary
