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

summary
