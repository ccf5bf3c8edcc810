#!/bin/bash
# The starter site of `brief init`: it builds with --strict as written, with
# every optional field missing, and with a second language; pages carry
# their own language, the language switcher and the menu lead to pages that
# exist; and `brief build` outside a site says how to start one.
# (tests/browser/run.mjs checks the same starters with html-validate and axe.)
. "$(dirname "$0")/lib.sh" brief-starter

"$BRIEF" init "$tmp/starter" >/dev/null 2>"$tmp/err" || fail "init" "$(cat "$tmp/err")"

# A fresh copy of the starter in $tmp/NAME.
variant() {
	rm -rf "${tmp:?}/$1" && cp -r "$tmp/starter" "$tmp/$1"
}

# Builds $tmp/NAME with --strict: passes when it succeeds without a message.
build_ok() { # name, description
	if (cd "$tmp/$1" && "$BRIEF" build -q --strict) >"$tmp/out" 2>&1 && [ ! -s "$tmp/out" ]; then
		ok "starter, $2: builds with --strict"
		return 0
	fi
	fail "starter, $2: builds with --strict" "$(head -n 6 "$tmp/out")"
	return 1
}

# The lang attribute of a page's <html>.
lang_of() {
	sed -n 's/^<html lang="\([^"]*\)">$/\1/p' "$1"
}

# The file the language switcher of page $1 leads to (one other language).
switch_target() {
	local href
	href=$(grep -o '<a class="lang-switch" href="[^"]*"' "$1" | sed 's/.*href="//; s/"$//')
	[ -n "$href" ] && realpath -m "$(dirname "$1")/$href"
}

# Every href and src of the pages of output folder $1 that leads nowhere.
broken_links() {
	local page ref
	for page in $(cd "$1" && find . -name '*.html' | sort); do
		for ref in $(grep -oE '(href|src)="[^"#]+' "$1/$page" | sed -E 's/^[a-z]+="//'); do
			[ -f "$1/$(dirname "$page")/$ref" ] || echo "$page: $ref"
		done
	done
}

# --- the starter as written ---
if build_ok starter "as written"; then
	out=$tmp/starter/output
	pages=$(cd "$out" && find . -name '*.html' | sort | tr '\n' ' ')
	want="./index.html ./notes/first/index.html ./notes/index.html ./notes/second/index.html ./search/index.html "
	want+="./tags/debut/index.html ./tags/example/index.html ./tags/index.html "
	[ "$pages" = "$want" ] && ok "starter: five pages and three tag pages" || fail "starter: five pages and three tag pages" "$pages"
	langs=$(for p in $pages; do lang_of "$out/$p"; done | sort -u | tr '\n' ' ')
	[ "$langs" = "en " ] && ok "starter: every page says lang=\"en\"" || fail "starter: every page says lang=\"en\"" "$langs"
	broken=$(broken_links "$out")
	[ -z "$broken" ] && ok "starter: every link resolves" || fail "starter: every link resolves" "$broken"
	if grep -q '<time datetime="2024-01-02">2024-01-02</time>' "$out/notes/first/index.html" &&
		grep -q '<ul class="tags"><li><a href="../../tags/example/index.html">example</a></li><li><a href="../../tags/debut/index.html">Début</a></li></ul>' "$out/notes/first/index.html" &&
		grep -q '<a rel="next" href="../../notes/second/index.html"><span>Next</span> Second note</a>' "$out/notes/first/index.html" &&
		grep -q '<li><a href="../../index.html">Home</a></li>' "$out/notes/first/index.html" &&
		! grep -q 'lang-switch' "$out/notes/first/index.html"; then
		ok "starter: a page shows its date, tags, neighbour and the menu; no language switcher"
	else
		fail "starter: a page shows its date, tags, neighbour and the menu; no language switcher"
	fi
fi

# --- every optional field missing, one at a time ---
for field in title date weight summary tags; do
	variant "no-$field"
	sed -i "/^$field:/d" "$tmp/no-$field/content/notes/first.md"
	grep -q "^$field:" "$tmp/no-$field/content/notes/first.md" && fail "starter without $field: the field is still there"
	build_ok "no-$field" "a page without $field"
done
grep -q '<time' "$tmp/no-date/output/notes/first/index.html" &&
	fail "starter, a page without date: no <time> element" || ok "starter, a page without date: no <time> element"
grep -q '<ul class="tags"></ul>' "$tmp/no-tags/output/notes/first/index.html" &&
	ok "starter, a page without tags: an empty list (hidden by the stylesheet)" ||
	fail "starter, a page without tags: an empty list (hidden by the stylesheet)"
grep -q '^\.tags:empty, \.pager:empty { display: none; }$' "$tmp/starter/templates/assets/style.css" &&
	ok "starter: the stylesheet hides empty tag lists and pagers" ||
	fail "starter: the stylesheet hides empty tag lists and pagers"

# --- the least a site can be: site.yaml with a title, pages with only a body, an empty section ---
variant bare
printf 'title: Bare\n' >"$tmp/bare/content/site.yaml"
for f in "$tmp"/bare/content/index.md "$tmp"/bare/content/notes/*.md; do
	sed -n '/^---$/,/^---$/!p' "$f" >"$f.body" && mv "$f.body" "$f"
done
printf 'Only a body.\n' >"$tmp/bare/content/notes/bare.md"
mkdir "$tmp/bare/content/empty" && printf 'A section without pages.\n' >"$tmp/bare/content/empty/_index.md"
if build_ok bare "site.yaml with only a title, pages with only a body, an empty section"; then
	out=$tmp/bare/output
	if grep -q '^<h1>Bare</h1>$' "$out/index.html" && ! grep -q '<time' "$out/notes/bare/index.html" &&
		! grep -q 'Your name' "$out/index.html" && grep -q '<p>Built with brief.</p>' "$out/index.html"; then
		ok "starter, bare: home titled from site.yaml, no date, no author"
	else
		fail "starter, bare: home titled from site.yaml, no date, no author"
	fi
	grep -q '<p>Nothing here yet.</p>' "$out/empty/index.html" &&
		ok "starter, bare: an empty section says so" || fail "starter, bare: an empty section says so"
	grep -c '<article class="entry">' "$out/notes/index.html" | grep -qx 3 &&
		ok "starter, bare: the section lists its three pages" || fail "starter, bare: the section lists its three pages"
	broken=$(broken_links "$out")
	[ -z "$broken" ] && ok "starter, bare: every link resolves" || fail "starter, bare: every link resolves" "$broken"
fi

# --- two languages, as site.yaml's comment says to add one ---
variant bilingual
if bash tests/starter-french.sh "$tmp/bilingual" 2>"$tmp/err" && build_ok bilingual "English and French"; then
	out=$tmp/bilingual/output
	problems=""
	for p in index.html notes/index.html notes/first/index.html notes/second/index.html; do
		[ "$(lang_of "$out/$p")" = en ] || problems+="$p: lang=$(lang_of "$out/$p") "
	done
	for p in fr/index.html fr/notes/index.html fr/notes/first/index.html; do
		[ "$(lang_of "$out/$p")" = fr ] || problems+="$p: lang=$(lang_of "$out/$p") "
	done
	[ -z "$problems" ] && ok "bilingual starter: each page's lang is its own language" ||
		fail "bilingual starter: each page's lang is its own language" "$problems"
	# Every switcher link leads to a page in its language that links back.
	problems=""
	for p in index.html notes/index.html notes/first/index.html fr/index.html fr/notes/index.html fr/notes/first/index.html; do
		target=$(switch_target "$out/$p") code=$(grep -o 'class="lang-switch" [^>]* hreflang="[^"]*"' "$out/$p" | sed 's/.*hreflang="//; s/"$//')
		if [ ! -f "$target" ]; then
			problems+="$p: its switcher leads nowhere; "
		elif [ "$(lang_of "$target")" != "$code" ] || [ "$code" = "$(lang_of "$out/$p")" ]; then
			problems+="$p: its switcher to '$code' leads to a page in '$(lang_of "$target")'; "
		elif [ "$(switch_target "$target")" != "$out/$p" ]; then
			problems+="$p: ${target#"$out"/} does not switch back; "
		fi
	done
	[ -z "$problems" ] && ok "bilingual starter: every language switcher leads to its language, and back" ||
		fail "bilingual starter: every language switcher leads to its language, and back" "$problems"
	grep -q 'lang-switch' "$out/notes/second/index.html" &&
		fail "bilingual starter: a page without translation has no switcher" ||
		ok "bilingual starter: a page without translation has no switcher"
	if grep -q '<li><a href="../../../fr/index.html">Accueil</a></li>' "$out/fr/notes/first/index.html" &&
		grep -q '<li><a href="../../../fr/notes/index.html">Notes</a></li>' "$out/fr/notes/first/index.html" &&
		grep -q '<a class="skip" href="#main">Aller au contenu</a>' "$out/fr/notes/first/index.html" &&
		grep -q '<li><a href="../../index.html">Home</a></li>' "$out/notes/second/index.html"; then
		ok "bilingual starter: the menu leads to each language's home, in its words"
	else
		fail "bilingual starter: the menu leads to each language's home, in its words"
	fi
	broken=$(broken_links "$out")
	[ -z "$broken" ] && ok "bilingual starter: every link resolves" || fail "bilingual starter: every link resolves" "$broken"
else
	fail "bilingual starter: made" "$(cat "$tmp/err")"
fi

# A language without its interface words fails --strict, naming the page.
variant no-words
bash tests/starter-french.sh "$tmp/no-words" && rm "$tmp/no-words/content/i18n/fr.yaml"
(cd "$tmp/no-words" && "$BRIEF" build -q --strict) >/dev/null 2>"$tmp/err"
status=$?
if [ $status -eq 1 ] &&
	sed -n 1p "$tmp/err" | grep -qE "^templates/base\.mustache:[0-9]+:[0-9]+: error: 'i18n\.skip' is not defined" &&
	sed -n 2p "$tmp/err" | grep -qx 'content/index.fr.md: note: while rendering this page with templates/index.mustache'; then
	ok "bilingual starter without content/i18n/fr.yaml: an error, and a note naming the page"
else
	fail "bilingual starter without content/i18n/fr.yaml: an error, and a note naming the page" "exit $status" "$(head -n 4 "$tmp/err")"
fi

# --- brief build outside a site ---
mkdir "$tmp/nowhere"
(cd "$tmp/nowhere" && "$BRIEF" build) >/dev/null 2>"$tmp/err"
status=$?
hint="content/site.yaml: note: no site here: start one with 'brief init DIR', or name a site's content folder with --content DIR"
if [ $status -eq 1 ] && sed -n 1p "$tmp/err" | grep -q '^content/site.yaml: error: cannot read: No such file or directory$' &&
	[ "$(sed -n 2p "$tmp/err")" = "$hint" ] && [ ! -e "$tmp/nowhere/output" ]; then
	ok "outside a site: the error and a hint to run brief init or pass --content"
else
	fail "outside a site: the error and a hint to run brief init or pass --content" "exit $status" "$(cat "$tmp/err")"
fi
# A site.yaml that exists but cannot be parsed is no reason for the hint.
mkdir -p "$tmp/broken/content" && printf 'title: [\n' >"$tmp/broken/content/site.yaml"
(cd "$tmp/broken" && "$BRIEF" build) >/dev/null 2>"$tmp/err"
grep -q 'no site here' "$tmp/err" && fail "a broken site.yaml: no 'no site here' hint" "$(cat "$tmp/err")" ||
	ok "a broken site.yaml: no 'no site here' hint"

summary
