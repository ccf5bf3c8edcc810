#!/bin/bash
# The search index (generator/output/searchindex.c): written per language
# when the templates have a search layout, and only then: index.js (URLs
# and titles) and its text files (headings with their ids, summaries,
# text); no HTML, strings safe in JavaScript (a hostile title with
# </script> and U+2028); every file in the manifest; pages shared evenly
# among text files of at most 1,000; the starter's script is the
# briefing's. (tests/browser/run.mjs searches in a real browser.)
. "$(dirname "$0")/lib.sh" brief-search

# Prints what node makes of index file $1 and its text files, as the
# search script reads them: a line "lang L pages N files K", then per page
# "title|url|id=heading,...|summary|text/text..." (ids the index leaves out
# derived as the script does), and "bad ..." for a file whose fields do
# not hold one line per page.
read_index() {
	node -e '
		const fs = require("fs"), vm = require("vm"), path = require("path");
		const box = { window: {} };
		vm.runInNewContext(fs.readFileSync(process.argv[1], "utf8"), box);
		const s = box.window.briefSearch;
		for (let k = 1; k <= s.k; k++)
			vm.runInNewContext(fs.readFileSync(path.join(path.dirname(process.argv[1]), `text-${k}.js`), "utf8"), box);
		console.log(`lang ${s.l} pages ${s.n} files ${s.k}`);
		const u = s.u.split("\n"), t = s.t.split("\n");
		if (s.n && (u.length !== s.n || t.length !== s.n)) console.log("bad index.js");
		s.x.forEach((x, k) => {
			const want = Math.min(s.p, s.n - k * s.p);
			for (const f of "hisx") if (x[f].split("\n").length !== want) console.log(`bad text-${k + 1}.js ${f}`);
		});
		const slug = (h) => h.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
		for (let n = 0; n < s.n; n++) {
			const x = s.x[Math.floor(n / s.p)], j = n % s.p, line = (f) => x[f].split("\n")[j];
			const ids = line("i").split("\t"), heads = line("h") ? line("h").split("\t") : [];
			const url = u[n] === "" || u[n].endsWith("/") ? u[n] + "index.html" : u[n];
			console.log([t[n], url, heads.map((h, m) => (ids[m] || slug(h)) + "=" + h).join(","), line("s"), line("x").split("\t").join("/")].join("|"));
		}
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
	read_index "$idx" >"$tmp/read" 2>&1 || fail "$what: runs in node" "$(head -n 3 "$tmp/read")"
	want_lang=${lang%/}
	grep -qx "lang ${want_lang:-en} pages [1-9][0-9]* files 1" "$tmp/read" &&
		! grep -q '^bad' "$tmp/read" && ok "$what: language ${want_lang:-en}, one text file, a line a page" ||
		fail "$what: language ${want_lang:-en}, one text file, a line a page" "$(grep -E '^(lang|bad)' "$tmp/read")"
	files=$(cd "$out" && find "${lang}search" -name '*.js' | LC_ALL=C sort | tr '\n' ' ')
	[ "$files" = "${lang}search/index.js ${lang}search/text-1.js " ] &&
		grep -qx "${lang}search/index.js" "$out/.brief-manifest" &&
		grep -qx "${lang}search/text-1.js" "$out/.brief-manifest" && ok "$what: index.js and text-1.js, in the manifest" ||
		fail "$what: index.js and text-1.js, in the manifest" "files: $files"
	# The sources page: its title (from its HTML), summary and text.
	title=$(sed -n 's|.*<h1[^>]*>\([^<]*\)</h1>.*|\1|p' "$out/${lang}sources/index.html" | head -n 1)
	grep "|${lang}sources/index.html|" "$tmp/read" | awk -F'|' -v t="$title" '$1 == t && $4 != "" && length($5) > 100 { f = 1 } END { exit !f }' &&
		ok "$what: the sources page's title, summary and text" ||
		fail "$what: the sources page's title, summary and text" "title: $title" "$(grep "|${lang}sources/index.html|" "$tmp/read" | cut -c 1-200)"
	# Every heading of the sources page, with the id the page gives it.
	ids=$(grep -o '<h2 id="[^"]*"' "$out/${lang}sources/index.html" | sed 's/.*id="//; s/"$//' | tr '\n' ' ')
	got=$(grep "|${lang}sources/index.html|" "$tmp/read" | cut -d'|' -f3 | tr ',' '\n' | cut -d= -f1 | tr '\n' ' ')
	[ -n "$ids" ] && [ "$got" = "$ids" ] && ok "$what: the sources page's headings with their ids" ||
		fail "$what: the sources page's headings with their ids" "page: $ids" "index: $got"
	grep -q "|${lang}search/index.html|" "$tmp/read" && fail "$what: leaves the search page out" ||
		ok "$what: leaves the search page out"
	grep -qE '<[a-zA-Z/!]' "$out/${lang}search/"*.js &&
		fail "$what: no HTML tag" "$(grep -oE '<[a-zA-Z/!].{0,30}' "$out/${lang}search/"*.js | head -n 3)" ||
		ok "$what: no HTML tag"
done
grep -q 'l’écosystème' "$out/fr/search/text-1.js" && ok "briefing fr: body text kept with its accents" ||
	fail "briefing fr: body text kept with its accents"
cmp -s templates/assets/search.js "$out/assets/search.js" && ok "briefing: assets/search.js copied" ||
	fail "briefing: assets/search.js copied"

# --- a hostile title, and no index without a search layout ---
site=$tmp/hostile
"$BRIEF" init "$site" >/dev/null
title=$'Evil </script><script>alert(1)</script> \u2028line\u2029 "q" \\ <!--'
# YAML reads a raw U+2028 as a line break: the title spells it \u2028.
printf -- '---\ntitle: "%s"\n---\n## Part </script>\n\nText with <b>tags</b> and `<code>`.\n\n## Part </script>\n\n## Écosystème\n' \
	"$(printf '%s' "$title" | sed 's/\\/\\\\/g; s/"/\\"/g; s/\xe2\x80\xa8/\\u2028/; s/\xe2\x80\xa9/\\u2029/')" \
	>"$site/content/evil.md"
if (cd "$site" && "$BRIEF" build -q) >"$tmp/err" 2>&1; then
	idx=$site/output/search/index.js
	grep -qiE '</script|<!--|<b>' "$site/output/search/"*.js &&
		fail "hostile title: no </script>, <!-- or tag in the index" ||
		ok "hostile title: no </script>, <!-- or tag in the index"
	grep -q $'\u2028\|\u2029' "$site/output/search/"*.js && fail "hostile title: no raw U+2028 or U+2029" ||
		ok "hostile title: no raw U+2028 or U+2029"
	# Ids: the first derived, the second (part-1) and the non-ASCII one
	# (ecosysteme) written; all as the page has them.
	ids=$(grep -o '<h2 id="[^"]*"' "$site/output/evil/index.html" | sed 's/.*id="//; s/"$//' | tr '\n' ' ')
	got=$(read_index "$idx" 2>&1 | grep '|evil/index.html|' | cut -d'|' -f3 | tr ',' '\n' | cut -d= -f1 | tr '\n' ' ')
	[ "$ids" = "part part-1 ecosysteme " ] && [ "$got" = "$ids" ] &&
		grep -qE '"i":"([^"]*\\n)?\\tpart-1\\tecosysteme(\\n|")' "$site/output/search/text-1.js" &&
		ok "hostile title: heading ids as on the page, derived ones left out" ||
		fail "hostile title: heading ids as on the page, derived ones left out" "page: $ids" "index: $got"
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

# --- 2,001 pages: three text files of 667 (1,000 at most) ---
site=$tmp/many
mkdir -p "$site/content/p" "$site/templates"
printf 'title: Many\nbase_url: https://example.org/\n' >"$site/content/site.yaml"
printf '{{{page.content}}}\n' >"$site/templates/page.mustache"
printf '{{{page.content}}}\n' >"$site/templates/section.mustache"
cp "$site/templates/page.mustache" "$site/templates/index.mustache"
printf '<script src="index.js"></script>\n' >"$site/templates/search.mustache"
printf -- '---\ntitle: Search\nlayout: search\n---\n' >"$site/content/search.md"
printf -- '---\ntitle: Home\n---\nHome.\n' >"$site/content/index.md"
for i in $(seq 1 1999); do
	printf -- '---\ntitle: Page %s\n---\n## Part %s\n\nWord%s here.\n' "$i" "$i" "$i" >"$site/content/p/$i.md"
done
if "$BRIEF" build -q -c "$site/content" -t "$site/templates" -o "$site/out" >"$tmp/err" 2>&1; then
	read_index "$site/out/search/index.js" >"$tmp/read" 2>&1
	n=$(grep -c '|p/[0-9]*/index.html|' "$tmp/read")
	grep -qx 'lang en pages 2001 files 3' "$tmp/read" && ! grep -q '^bad' "$tmp/read" && [ "$n" = 1999 ] &&
		grep -q '^Page 1234|p/1234/index.html|part-1234=Part 1234||/Word1234 here.$' "$tmp/read" &&
		ok "2,001 pages: three text files, every page once with its text" ||
		fail "2,001 pages: three text files, every page once with its text" "$(grep -E '^(lang|bad)' "$tmp/read")" "pages: $n"
	for k in 1 2 3; do
		grep -qx "search/text-$k.js" "$site/out/.brief-manifest" || fail "2,001 pages: text-$k.js in the manifest"
	done
	[ ! -e "$site/out/search/text-4.js" ] && grep -q '"p":667,' "$site/out/search/index.js" &&
		ok "2,001 pages: 667 pages a file, no fourth" || fail "2,001 pages: 667 pages a file, no fourth"
else
	fail "2,001 pages: builds" "$(head -n 5 "$tmp/err")"
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
