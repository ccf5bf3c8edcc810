#!/usr/bin/env bash
# End-to-end tests of the shipped briefing (content/ and templates/):
# builds it with --strict into a temporary folder and checks what a reader
# relies on: both languages, every figure with its citation, both people's
# quotations, the language switcher, links and assets, and no external
# request, inline style or script. Each check also runs once on a copy of
# the site broken on purpose, to show that it can fail.
# $BRIEF is the binary (default generator/brief). Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh" brief-briefing
# expect_clean NAME PROBLEMS: passes when the check found nothing.
expect_clean() {
	if [ -z "$2" ]; then ok "$1"; else fail "$1" "$(echo "$2" | head -n 20)"; fi
}
# expect_caught NAME PROBLEMS: on the broken copy, the check must complain.
expect_caught() {
	if [ -n "$2" ]; then ok "$1"; else fail "$1" "the check found nothing wrong in the broken copy"; fi
}

# Text as brief's templates write it with {{x}}: HTML-escaped.
esc() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' -e "s/'/\&#39;/g"; }

# Every HTML page of a site, relative to it, sorted.
pages_of() { (cd "$1" && find . -name '*.html' | sed 's|^\./||' | sort); }

# The lang attribute of a page's <html> element.
html_lang() { grep -o -m 1 '<html[^>]* lang="[^"]*"' "$1" | sed 's/.* lang="//; s/"$//'; }

# --- the checks: each takes a built site and prints one line per problem ---

# Every English page has its French counterpart under fr/, and vice versa.
check_both_languages() {
	local dir=$1 page
	pages_of "$dir" | while read -r page; do
		case $page in
		fr/*) [ -f "$dir/${page#fr/}" ] || echo "$page: no English page ${page#fr/}" ;;
		*) [ -f "$dir/fr/$page" ] || echo "$page: no French page fr/$page" ;;
		esac
	done
}

# The language switcher (<p class="lang-switch">) and <link rel="alternate">
# of every page lead to an existing page in the other language.
check_switcher() {
	local dir=$1 page own links href lang target got
	pages_of "$dir" | while read -r page; do
		own=$(html_lang "$dir/$page")
		[ -n "$own" ] || echo "$page: no <html lang>"
		links=$( (awk '/class="lang-switch"/,/<\/p>/' "$dir/$page" | grep -o '<a [^>]*>' | sed 's/^/switch /'
			grep -o '<link rel="alternate"[^>]*>' "$dir/$page" | sed 's/^/alternate /') )
		if ! echo "$links" | grep -q '^switch '; then
			echo "$page: no language switcher link"
			continue
		fi
		echo "$links" | while read -r kind tag; do
			href=$(echo "$tag" | grep -o 'href="[^"]*"' | sed 's/^href="//; s/"$//')
			lang=$(echo "$tag" | grep -o 'hreflang="[^"]*"' | sed 's/^hreflang="//; s/"$//')
			target=$(realpath -m "$dir/$(dirname "$page")/${href%%#*}")
			if [ ! -f "$target" ]; then
				echo "$page: $kind link '$href' leads to no page"
				continue
			fi
			got=$(html_lang "$target")
			[ "$got" = "$lang" ] || echo "$page: $kind link '$href' (hreflang $lang) leads to a page in '$got'"
			[ "$got" != "$own" ] || echo "$page: $kind link '$href' leads to a page in its own language"
		done
	done
}

# Every href and src inside the site leads to an existing file (and to an
# existing id when it has a #fragment); none is absolute.
check_references() {
	local dir=$1 page ref target frag
	pages_of "$dir" | while read -r page; do
		grep -oE '(href|src)="[^"]*"' "$dir/$page" | sed -E 's/^(href|src)="//; s/"$//' | sort -u |
			while read -r ref; do
				case $ref in
				http:* | https:* | mailto:*) continue ;;
				'#'*) target=$dir/$page ;;
				/*) echo "$page: absolute reference $ref" && continue ;;
				*) target=$(realpath -m "$dir/$(dirname "$page")/${ref%%#*}") ;;
				esac
				if [ ! -f "$target" ]; then
					echo "$page: '$ref' references no file"
					continue
				fi
				frag=
				case $ref in *'#'*) frag=${ref#*#} ;; esac
				if [ -n "$frag" ] && ! grep -q "id=\"$frag\"" "$target"; then
					echo "$page: '$ref': no id '$frag' there"
				fi
			done
	done
}

# No request leaves the site: no http(s) URL in src= or <link href=>, none
# in the stylesheets' url(); no style attribute, <style> or <script>.
check_self_contained() {
	local dir=$1 page
	pages_of "$dir" | while read -r page; do
		grep -qiE 'src="(https?:)?//' "$dir/$page" && echo "$page: src= with an external URL"
		grep -oiE '<link [^>]*>' "$dir/$page" | grep -qiE 'href="(https?:)?//' && echo "$page: <link href=> with an external URL"
		grep -qiE '<[a-z][^>]*[[:space:]]style=' "$dir/$page" && echo "$page: a style= attribute"
		grep -qiE '<style[ >]' "$dir/$page" && echo "$page: a <style> element"
		grep -qiE '<script' "$dir/$page" && echo "$page: a <script>"
	done
	find "$dir" -name '*.css' | while read -r css; do
		grep -qiE 'url\([^)]*(https?:)?//|@import' "$css" && echo "${css#"$dir"/}: an external url() or @import"
	done
}

# One <h1> a page, a <main id="main"> and a skip link to it, first in <body>.
check_structure() {
	local dir=$1 page n
	pages_of "$dir" | while read -r page; do
		n=$(grep -o '<h1[ >]' "$dir/$page" | wc -l)
		[ "$n" -eq 1 ] || echo "$page: $n <h1> elements"
		grep -q '<main id="main"' "$dir/$page" || echo "$page: no <main id=\"main\">"
		awk '/<body>/ { getline; print; exit }' "$dir/$page" | grep -q '^<a class="skip" href="#main">' ||
			echo "$page: the first thing in <body> is not the skip link to #main"
	done
}

# The block of a page that starts at the line matching START and ends at
# the first line matching END after it, joined on one line per block.
blocks() { awk -v s="$2" -v e="$3" '$0 ~ s { on = 1; b = "" } on { b = b $0 " " } on && $0 ~ e { print b; on = 0 }' "$1"; }

# Every fact of the data: its figure (value, or estimate when derived) and
# its French quote in one block of the key figures page, and on its own page.
# $2 is the data dump of the language (see dump_data), $3 its folder ("" or "fr/").
check_facts() {
	local dir=$1 dump=$2 lang=$3 slug status figure quote n=0 page
	page=$dir/${lang}key-figures/index.html
	[ -f "$page" ] || { echo "${lang}key-figures/index.html: missing"; return; }
	while IFS='	' read -r kind slug status figure quote; do
		[ "$kind" = FACT ] || continue
		n=$((n + 1))
		figure=$(printf '%s' "$figure" | esc)
		quote=$(printf '%s' "$quote" | esc)
		[ -n "$figure" ] || echo "fact $slug: neither value nor estimate"
		[ -n "$quote" ] || echo "fact $slug: no quote"
		if ! blocks "$page" "id=\"fact-$slug\"" '</article>' | grep -F "$figure" | grep -qF "$quote"; then
			echo "${lang}key-figures/index.html: fact $slug is not there with its figure '$figure' and its quote"
		fi
		if [ ! -f "$dir/${lang}key-figures/$slug/index.html" ]; then
			echo "${lang}key-figures/$slug/index.html: missing"
		elif ! grep -qF "$figure" "$dir/${lang}key-figures/$slug/index.html" ||
			! grep -qF "$quote" "$dir/${lang}key-figures/$slug/index.html"; then
			echo "${lang}key-figures/$slug/index.html: the figure or its quote is missing"
		fi
	done <"$dump"
	[ "$n" -gt 0 ] || echo "no fact in the data of '${lang:-en}'"
}

# The key-figure cards (card: true) are on the home page and link to their facts.
check_cards() {
	local dir=$1 dump=$2 lang=$3 slug n=0
	while IFS='	' read -r kind slug; do
		[ "$kind" = CARD ] || continue
		n=$((n + 1))
		blocks "$dir/${lang}index.html" '<li class="card' '</li>' | grep -q "href=\"\([.][.]/\)*${lang}key-figures/$slug/index.html\"" ||
			echo "${lang}index.html: no card linking to key-figures/$slug/"
	done <"$dump"
	{ [ "$n" -ge 3 ] && [ "$n" -le 5 ]; } || echo "${lang}index.html: $n key-figure cards (want 3 to 5)"
}

# Derived figures are never written as a `value` (the build checks values
# against their quotes; a derived figure is not in its quote).
check_derived() {
	local dump=$1 slug status figure
	while IFS='	' read -r kind slug status figure; do
		[ "$kind" = VALUE ] && [ "$status" = derived ] && echo "fact $slug: derived, but has a value '$figure' (use estimate)"
	done <"$dump"
}

# Both people's quotations on the quotations page: the French original, the
# English translation and the speaker's name in one quotation block.
check_quotations() {
	local dir=$1 dump=$2 lang=$3 name text translation page who
	page=$dir/${lang}quotations/index.html
	[ -f "$page" ] || { echo "${lang}quotations/index.html: missing"; return; }
	while IFS='	' read -r kind name text translation; do
		[ "$kind" = QUOTE ] || continue
		text=$(printf '%s' "$text" | esc)
		translation=$(printf '%s' "$translation" | esc)
		[ -n "$translation" ] || echo "a quotation of $name has no translation"
		blocks "$page" '<figure class="quotation"' '</figure>' | grep -F "lang=\"fr\"><p>« $text »" |
			grep -F "lang=\"en\"><p>“$translation”" | grep -qF ">$name</a>" ||
			echo "${lang}quotations/index.html: a quotation of $name is not there in French and English with attribution"
	done <"$dump"
	for who in "Gavriella Schuster" "Toby Richards"; do
		grep -q "^QUOTE	$who	" "$dump" || echo "no quotation of $who in the data of '${lang:-en}'"
	done
}

# Reads the data of each language with brief itself (the same YAML loader
# as the site): a copy of every template that prints, on the home page,
# one tab-separated line per fact, card and quotation.
dump_data() {
	local out=$1 t name
	mkdir -p "$tmp/dump-templates"
	(cd templates && find . -name '*.mustache') | while read -r t; do
		mkdir -p "$tmp/dump-templates/$(dirname "$t")"
		cat >"$tmp/dump-templates/$t" <<-'EOF'
			{{#page.is_home}}{{#data.facts}}FACT	{{slug}}	{{status}}	{{{value}}}{{{estimate}}}	{{{quote}}}
			{{#card}}CARD	{{slug}}
			{{/card}}{{#value}}VALUE	{{slug}}	{{status}}	{{{value}}}
			{{/value}}{{/data.facts}}{{#data.people}}{{#quotes}}QUOTE	{{name}}	{{{text}}}	{{{translation}}}
			{{/quotes}}{{/data.people}}{{/page.is_home}}
		EOF
	done
	"$BRIEF" build -q -t "$tmp/dump-templates" -o "$out" >/dev/null 2>&1
}

# --- build the shipped briefing ---
site=$tmp/site
if "$BRIEF" build --strict -o "$site" >"$tmp/out" 2>"$tmp/err" && [ ! -s "$tmp/err" ]; then
	ok "the briefing builds with --strict and no diagnostics"
else
	fail "the briefing builds with --strict and no diagnostics" "$(cat "$tmp/err" "$tmp/out" | head -n 20)"
	echo "$passed passed, $failed failed"
	exit 1
fi
if dump_data "$tmp/dump" && [ -f "$tmp/dump/index.html" ] && [ -f "$tmp/dump/fr/index.html" ]; then
	ok "the data of both languages can be read back"
else
	fail "the data of both languages can be read back"
fi
en=$tmp/dump/index.html fr=$tmp/dump/fr/index.html

n=$(pages_of "$site" | wc -l)
[ "$n" -ge 20 ] && ok "the briefing has $n pages" || fail "the briefing has at least 20 pages" "it has $n"
[ -f "$site/full-briefing/index.html" ] && [ -f "$site/fr/full-briefing/index.html" ] &&
	ok "the full briefing exists in both languages" || fail "the full briefing exists in both languages"

expect_clean "every page exists in English and in French" "$(check_both_languages "$site")"
expect_clean "every language switcher leads to the page in the other language" "$(check_switcher "$site")"
expect_clean "every reference leads to an existing file and id, none absolute" "$(check_references "$site")"
expect_clean "no external request, no style attribute, no <style>, no <script>" "$(check_self_contained "$site")"
expect_clean "one <h1> a page, <main id=main>, the skip link first" "$(check_structure "$site")"
expect_clean "every fact: its figure and French quote on the key figures page and its own page (en)" "$(check_facts "$site" "$en" "")"
expect_clean "every fact: its figure and French quote on the key figures page and its own page (fr)" "$(check_facts "$site" "$fr" "fr/")"
expect_clean "3 to 5 key-figure cards on the home page, each linking to its fact (en)" "$(check_cards "$site" "$en" "")"
expect_clean "3 to 5 key-figure cards on the home page, each linking to its fact (fr)" "$(check_cards "$site" "$fr" "fr/")"
expect_clean "derived figures are estimates, never values" "$(check_derived "$en"; check_derived "$fr")"
expect_clean "both people's quotations, French and English, with attribution (en)" "$(check_quotations "$site" "$en" "")"
expect_clean "both people's quotations, French and English, with attribution (fr)" "$(check_quotations "$site" "$fr" "fr/")"
grep -q 'Gavriella Schuster' "$site/quotations/index.html" && grep -q 'Toby Richards' "$site/fr/quotations/index.html" &&
	ok "the quotations pages name both speakers" || fail "the quotations pages name both speakers"

# --- the same checks on a copy broken on purpose: each must complain ---
bad=$tmp/broken
cp -r "$site" "$bad"
rm "$bad/fr/themes/index.html"
sed -i 's|<p class="lang-switch">|<p class="lang-switch"><a href="../index.html" hreflang="fr">x</a>|' "$bad/people/index.html"
sed -i 's|href="../assets/style.css"|href="../assets/gone.css"|' "$bad/sources/index.html"
sed -i 's|<main id="main"|<main id="main" style="color:red"|' "$bad/quotations/index.html"
sed -i 's|</head>|<link rel="stylesheet" href="https://cdn.example.com/x.css"></head>|' "$bad/programs/index.html"
sed -i 's|<h1>|<h1>x</h1><h1>|' "$bad/themes/index.html"
sed -i 's/93%/39%/g' "$bad/key-figures/index.html"
sed -i 's/Toby Richards/T. Richards/g' "$bad/fr/quotations/index.html"
sed -i 's|<li class="card|<li class="gone|' "$bad/index.html"
echo 'VALUE	made-up	derived	about 3,500' >"$tmp/bad-dump"
expect_caught "the language check catches a page missing in French" "$(check_both_languages "$bad")"
expect_caught "the switcher check catches a link to the wrong language" "$(check_switcher "$bad")"
expect_caught "the reference check catches a missing stylesheet" "$(check_references "$bad")"
expect_caught "the self-contained check catches style= and a CDN stylesheet" "$(check_self_contained "$bad")"
expect_caught "the structure check catches two <h1>" "$(check_structure "$bad")"
expect_caught "the facts check catches a figure that no longer matches" "$(check_facts "$bad" "$en" "")"
expect_caught "the cards check catches missing cards" "$(check_cards "$bad" "$en" "")"
expect_caught "the derived check catches a derived value" "$(check_derived "$tmp/bad-dump")"
expect_caught "the quotations check catches a missing attribution" "$(check_quotations "$bad" "$fr" "fr/")"

summary
