#!/bin/bash
# The search index (generator/output/searchindex.c): written per language
# when the templates have a search layout, and only then; headings with
# their ids, no HTML, strings safe in JavaScript (a hostile title with
# </script> and U+2028); listed in the manifest; the starter's script is
# the briefing's. (tests/browser/run.mjs searches in a real browser.)
. "$(dirname "$0")/lib.sh" brief-search

# Prints what node makes of index file $1: "title|url|headings" per page.
read_index() {
	node -e '
		const fs = require("fs"), vm = require("vm");
		const box = { window: {} };
		vm.runInNewContext(fs.readFileSync(process.argv[1], "utf8"), box);
		const s = box.window.briefSearch;
		console.log("lang " + s.l);
		for (const p of s.p) console.log([p.t, p.u, (p.h || []).map((h) => h[0] + "=" + h[1]).join(",")].join("|"));
	' "$1"
}

# --- the shipped briefing, both languages ---
out=$tmp/briefing
if "$BRIEF" build -q --strict -o "$out" >"$tmp/err" 2>&1; then
	ok "briefing: builds with --strict"
else
	fail "briefing: builds with --strict" "$(head -n 5 "$tmp/err")"
fi
for lang in "" fr/; do
	idx=$out/${lang}search/index.js
	what="briefing ${lang:-en/}search/index.js"
	[ -s "$idx" ] && ok "$what: written" || fail "$what: written"
	grep -q "${lang}search/index.js" "$out/.brief-manifest" && ok "$what: in the manifest" ||
		fail "$what: in the manifest"
	read_index "$idx" >"$tmp/read" 2>&1 || fail "$what: runs in node" "$(head -n 3 "$tmp/read")"
	want_lang=${lang%/}
	grep -qx "lang ${want_lang:-en}" "$tmp/read" && ok "$what: language ${want_lang:-en}" ||
		fail "$what: language ${want_lang:-en}" "$(head -n 1 "$tmp/read")"
	# Every heading of the sources page, with the id the page gives it.
	ids=$(grep -o '<h2 id="[^"]*"' "$out/${lang}sources/index.html" | sed 's/.*id="//; s/"$//' | tr '\n' ' ')
	got=$(grep "|${lang}sources/index.html|" "$tmp/read" | cut -d'|' -f3 | tr ',' '\n' | cut -d= -f1 | tr '\n' ' ')
	[ -n "$ids" ] && [ "$got" = "$ids" ] && ok "$what: the sources page's headings with their ids" ||
		fail "$what: the sources page's headings with their ids" "page: $ids" "index: $got"
	grep -q "|${lang}search/index.html|" "$tmp/read" && fail "$what: leaves the search page out" ||
		ok "$what: leaves the search page out"
	grep -qE '<[a-zA-Z/!]' "$idx" && fail "$what: no HTML tag" "$(grep -oE '<[a-zA-Z/!].{0,30}' "$idx" | head -n 3)" ||
		ok "$what: no HTML tag"
done
grep -q 'l’écosystème' "$out/fr/search/index.js" && ok "briefing fr: body text kept with its accents" ||
	fail "briefing fr: body text kept with its accents"
cmp -s templates/assets/search.js "$out/assets/search.js" && ok "briefing: assets/search.js copied" ||
	fail "briefing: assets/search.js copied"

# --- a hostile title, and no index without a search layout ---
site=$tmp/hostile
"$BRIEF" init "$site" >/dev/null
title=$'Evil </script><script>alert(1)</script> \u2028line\u2029 "q" \\ <!--'
# YAML reads a raw U+2028 as a line break: the title spells it \u2028.
printf -- '---\ntitle: "%s"\n---\n## Part </script>\n\nText with <b>tags</b> and `<code>`.\n' \
	"$(printf '%s' "$title" | sed 's/\\/\\\\/g; s/"/\\"/g; s/\xe2\x80\xa8/\\u2028/; s/\xe2\x80\xa9/\\u2029/')" \
	>"$site/content/evil.md"
if (cd "$site" && "$BRIEF" build -q) >"$tmp/err" 2>&1; then
	idx=$site/output/search/index.js
	grep -qiE '</script|<!--|<b>' "$idx" && fail "hostile title: no </script>, <!-- or tag in the index" ||
		ok "hostile title: no </script>, <!-- or tag in the index"
	grep -q $'\u2028\|\u2029' "$idx" && fail "hostile title: no raw U+2028 or U+2029" ||
		ok "hostile title: no raw U+2028 or U+2029"
	got=$(read_index "$idx" 2>&1 | grep '|evil/index.html|' | cut -d'|' -f1)
	[ "$got" = "$title" ] && ok "hostile title: JavaScript reads it back exactly" ||
		fail "hostile title: JavaScript reads it back exactly" "got:  $got" "want: $title"
else
	fail "hostile title: the starter builds" "$(head -n 5 "$tmp/err")"
fi
rm "$site/templates/search.mustache" "$site/content/search.md"
if (cd "$site" && "$BRIEF" build -q) >"$tmp/err" 2>&1; then
	[ -e "$site/output/search" ] && fail "no search layout: no index" "$(ls "$site/output/search")" ||
		ok "no search layout: no index"
	grep -q 'search/index.js' "$site/output/.brief-manifest" && fail "no search layout: not in the manifest" ||
		ok "no search layout: not in the manifest"
else
	fail "no search layout: builds" "$(head -n 5 "$tmp/err")"
fi

# --- a page that writes where the index goes ---
site=$tmp/clash
"$BRIEF" init "$site" >/dev/null
mkdir -p "$site/content/search" && echo 'x' >"$site/content/search/index.js"
if (cd "$site" && "$BRIEF" build -q) >"$tmp/err" 2>&1; then
	fail "content/search/index.js: an error, the index has that place"
else
	grep -q "content/search/index.js:.*error: output file 'search/index.js' is also written for" "$tmp/err" ||
		grep -q "error: output file 'search/index.js' is also written for content/search/index.js" "$tmp/err" &&
		ok "content/search/index.js: an error, the index has that place" ||
		fail "content/search/index.js: an error, the index has that place" "$(cat "$tmp/err")"
fi

# --- the starter: the same script as the briefing ---
cmp -s templates/assets/search.js "$tmp/hostile/templates/assets/search.js" &&
	ok "starter: assets/search.js is the briefing's, byte for byte" ||
	fail "starter: assets/search.js is the briefing's, byte for byte" \
		"regenerate generator/searchjs.c from templates/assets/search.js"

summary
