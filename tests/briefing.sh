#!/usr/bin/env bash
# End-to-end tests of the shipped briefing (content/ and templates/):
# builds it with --strict into a temporary folder and checks what a reader
# relies on: both languages, the article's 17 sentences word for word on
# the evidence page, the cards and the estimate, each quotation said once,
# the hedges, French typography, the language switcher, links and assets,
# and no external request, inline style or script. Each check also runs
# once on a copy of the site broken on purpose, to show that it can fail.
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
# in the stylesheets' url(); no style attribute, <style> or inline <script>
# (the search page loads the site's own scripts with src=).
check_self_contained() {
	local dir=$1 page
	pages_of "$dir" | while read -r page; do
		grep -qiE 'src="(https?:)?//' "$dir/$page" && echo "$page: src= with an external URL"
		grep -oiE '<link [^>]*>' "$dir/$page" | grep -qiE 'href="(https?:)?//' && echo "$page: <link href=> with an external URL"
		grep -qiE '<[a-z][^>]*[[:space:]]style=' "$dir/$page" && echo "$page: a style= attribute"
		grep -qiE '<style[ >]' "$dir/$page" && echo "$page: a <style> element"
		grep -iE '<script' "$dir/$page" | grep -qviE '^<script src="[^":]+" defer></script>$' &&
			echo "$page: a <script> that is inline or not the site's own"
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

# A page's text: tags removed, entities of quotes decoded, one line.
text_of() { sed -e 's/<[^>]*>/ /g' -e "s/&#39;/'/g" -e 's/&quot;/"/g' -e 's/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g' "$1" | tr '\n' ' '; }

# The pages every language has: the brief, the evidence, the method, the print.
check_pages() {
	local dir=$1 lang p
	for lang in "" fr/; do
		for p in index.html evidence/index.html sources/index.html full-briefing/index.html; do
			[ -f "$dir/$lang$p" ] || echo "$lang$p: missing"
		done
	done
}

# At most four entries in the navigation of every page.
check_nav() {
	local dir=$1 page n
	pages_of "$dir" | while read -r page; do
		n=$(awk '/<nav class="site-nav"/,/<\/nav>/' "$dir/$page" | grep -o '<li>' | wc -l)
		[ "$n" -ge 1 ] && [ "$n" -le 4 ] || echo "$page: $n navigation entries (want 1 to 4)"
	done
}

# The claim keeps both hedges of the article ("serait": reportedly; "du
# moins en bonne partie": in good part) in every page's header, in the home
# page's <title> and in its headline. $2: the language's folder, $3 and $4
# the two hedges as the language writes them (extended regular expressions).
check_hedges() {
	local dir=$1 lang=$2 h1=$3 h2=$4 page what
	pages_of "$dir" | grep "^$lang" | { [ -n "$lang" ] && cat || grep -v '^fr/'; } | while read -r page; do
		for what in "$(grep -o '<p class="site-title">.*</p>' "$dir/$page")" \
			"$( [ "$page" = "${lang}index.html" ] && grep -o '<title>.*</title>\|<h1>.*</h1>' "$dir/$page" | tr '\n' ' ')"; do
			[ -n "$what" ] || continue
			echo "$what" | grep -E "$h1" | grep -qE "$h2" || echo "$page: '$what' lacks '$h1' or '$h2'"
		done
	done
}

# The evidence page: the article's sentences in order, each an <li> with
# its anchor and number and its French text, word for word; on English
# pages the translation first and the French in <details>, on French pages
# no translation. $2: the data dump, $3: "" or "fr/".
check_evidence() {
	local dir=$1 dump=$2 lang=$3 page id n fr en want got block
	page=$dir/${lang}evidence/index.html
	[ -f "$page" ] || { echo "${lang}evidence/index.html: missing"; return; }
	want=$(awk -F'\t' '$1 == "SENT" { print $2 }' "$dump" | tr '\n' ' ')
	got=$(grep -o '<li class="sentence" id="s[0-9]*"' "$page" | sed 's/.*id="//; s/"//' | tr '\n' ' ')
	[ "$got" = "$want" ] || echo "${lang}evidence/index.html: sentences '$got', want '$want'"
	[ "$(echo "$want" | wc -w)" -eq 17 ] || echo "the data of '${lang:-en}' has $(echo "$want" | wc -w) sentences, not the article's 17"
	while IFS='	' read -r kind id n fr en; do
		[ "$kind" = SENT ] || continue
		fr=$(printf '%s' "$fr" | esc) en=$(printf '%s' "$en" | esc)
		block=$(blocks "$page" "<li class=\"sentence\" id=\"$id\" value=\"$n\">" '</li>')
		[ -n "$block" ] || { echo "${lang}evidence/index.html: no <li> $id numbered $n"; continue; }
		if [ -z "$lang" ]; then
			[ -n "$en" ] || echo "sentence $id has no English translation"
			echo "$block" | grep -qF "<p class=\"sentence-text\">$en</p> <details class=\"original\"><summary>" ||
				echo "evidence/index.html: $id does not lead with its translation"
			echo "$block" | grep -qF "<p lang=\"fr\">$fr</p></details>" || echo "evidence/index.html: $id lacks its French original in <details>"
		else
			[ -z "$en" ] || echo "sentence $id of the French data has an English translation"
			echo "$block" | grep -qF "<p class=\"sentence-text\">$fr</p>" || echo "${lang}evidence/index.html: $id is not there word for word"
			echo "$block" | grep -q 'details' && echo "${lang}evidence/index.html: $id carries a translation"
		fi
	done <"$dump"
}

# The sentences of the data, put back together, are the article, word for
# word (no-break spaces read as spaces). $1: the dump, $2: the article.
check_article() {
	local nb=$'\xc2\xa0' nnb=$'\xe2\x80\xaf' got want
	got=$(awk -F'\t' '$1 == "SENT" { print $4 }' "$1" | sed "s/$nb/ /g; s/$nnb/ /g" | tr -s ' \n' '  ' | sed 's/ *$//')
	want=$(tr -s ' \n' '  ' <"$2" | sed 's/ *$//')
	[ "$got" = "$want" ] || diff <(echo "$want" | tr ' ' '\n') <(echo "$got" | tr ' ' '\n') | head -n 6 | sed 's/^/article vs data: /'
}

# The key-figure cards (card: true): 3 to 5 on the home page, the record
# year among them, each with its figure and a link to its sentence.
check_cards() {
	local dir=$1 dump=$2 lang=$3 slug sentence figure n=0 cards
	cards=$(blocks "$dir/${lang}index.html" '<li class="card' '</li>')
	while IFS='	' read -r kind slug sentence figure; do
		[ "$kind" = CARD ] || continue
		n=$((n + 1))
		figure=$(printf '%s' "$figure" | esc)
		echo "$cards" | grep -F "<span class=\"value\">$figure</span>" |
			grep -q "href=\"\([.][.]/\)*${lang}evidence/index.html#$sentence\"" ||
			echo "${lang}index.html: no card '$figure' linking to its sentence $sentence"
	done <"$dump"
	{ [ "$n" -ge 3 ] && [ "$n" -le 5 ]; } || echo "${lang}index.html: $n key-figure cards (want 3 to 5)"
	grep -q '^CARD	record-year	' "$dump" || echo "the record year has no card in '${lang:-en}'"
}

# This site's estimates are never values nor cards, and the home page shows
# each only in a row of the chart marked as derived: hatched bar, badge.
check_derived() {
	local dir=$1 dump=$2 lang=$3 slug status figure card row
	while IFS='	' read -r kind slug status figure card; do
		[ "$kind" = FACT ] && [ "$status" = derived ] || continue
		[ -n "$card" ] && echo "fact $slug: this site's estimate is a card"
		grep -q "^VALUE	$slug	" "$dump" && echo "fact $slug: derived, but has a value (use estimate)"
		figure=$(printf '%s' "$figure" | esc)
		[ "$(grep -oF "$figure" "$dir/${lang}index.html" | wc -l)" -eq 1 ] ||
			echo "${lang}index.html: estimate '$figure' shown $(grep -oF "$figure" "$dir/${lang}index.html" | wc -l) times (want once, in the chart)"
		row=$(blocks "$dir/${lang}index.html" '<div class="rate-row' '</svg>' | grep -F "$figure")
		echo "$row" | grep -q 'class="rate-row rate-derived"' || echo "${lang}index.html: '$figure' is not in a derived row of the chart"
		echo "$row" | grep -q 'class="status status-derived"' || echo "${lang}index.html: '$figure' has no estimate badge"
		echo "$row" | grep -q '<pattern id="hatch"' || echo "${lang}index.html: '$figure' has no hatched bar"
	done <"$dump"
}

# Each quotation of the article (sentences with « or ») in full on one page
# of its language, the evidence page, besides the full briefing, and never
# twice on a page; on English pages, its translation likewise.
check_once() {
	local dir=$1 dump=$2 lang=$3 id fr en text pages page n
	pages=$(pages_of "$dir" | grep -v 'full-briefing' | { [ -n "$lang" ] && grep '^fr/' || grep -v '^fr/'; })
	while IFS='	' read -r kind id _ fr en; do
		[ "$kind" = SENT ] || continue
		case $fr in *«* | *»*) ;; *) continue ;; esac
		for text in "$fr" "$en"; do
			[ -n "$text" ] || continue
			text=$(printf '%s' "$text" | esc)
			n=0
			for page in $pages $(pages_of "$dir" | grep "^${lang}full-briefing"); do
				case $(grep -oF "$text" "$dir/$page" | wc -l) in
				0) ;;
				1) case $page in *full-briefing*) ;; *) n=$((n + 1)) ;; esac ;;
				*) echo "$page: quotation $id more than once" ;;
				esac
			done
			[ "$n" -eq 1 ] || echo "quotation $id: on $n pages of '${lang:-en}' (want 1, the evidence page)"
		done
	done <"$dump"
}

# French pages: a no-break space (U+00A0 or U+202F) before : ; ? ! and
# inside « », and one apostrophe (’) in the text.
check_typography() {
	local dir=$1 page t nb=$'\xc2\xa0' nnb=$'\xe2\x80\xaf'
	pages_of "$dir" | grep '^fr/' | while read -r page; do
		t=$(text_of "$dir/$page")
		echo "$t" | grep -oE ".{0,20}[^$nb$nnb][:;?!]( |$).{0,10}" | sed "s|^|$page: no no-break space before the mark: |"
		echo "$t" | grep -oE ".{0,10}«[^$nb$nnb].{0,10}|.{0,10}[^$nb$nnb]».{0,10}" | sed "s|^|$page: « » without no-break spaces: |"
		echo "$t" | grep -oE ".{0,15}'.{0,10}" | sed "s|^|$page: a straight apostrophe: |"
	done
}

# Words the issue struck out: calques, invented terms, grammar lessons.
# English pages are checked with the French originals (lang="fr") removed.
check_wording() {
	local dir=$1 page t w
	pages_of "$dir" | while read -r page; do
		t=$(sed 's|<p lang="fr">[^<]*</p>||g' "$dir/$page" | text_of /dev/stdin)
		case $page in
		fr/*) set -- "Son statut dit" "Construit avec" "Rien ici ne vient" "que relaie un article" "pilote depuis le début" "Un record" "exercice fiscal" "recrutement" "dit par un dirigeant" "Aujourd’hui, par rapport" "Annoncé par Microsoft" ;;
		*) set -- "attracted by attractive" "doing the impossible" "It is true that" "CRN tells us" "figure of the article" "figures of the article" "order of magnitude" "about 3,500" "conditional" "serait" "aurait" "Reported by CRN" "Their words" ;;
		esac
		for w in "$@"; do
			echo "$t" | grep -qiF "$w" && echo "$page: '$w'"
		done
	done
}

# Reads the data of each language with brief itself (the same YAML loader
# as the site): a copy of every template that prints, on the home page,
# one tab-separated line per fact, card, value and sentence.
dump_data() {
	local out=$1 t
	mkdir -p "$tmp/dump-templates"
	(cd templates && find . -name '*.mustache') | while read -r t; do
		mkdir -p "$tmp/dump-templates/$(dirname "$t")"
		cat >"$tmp/dump-templates/$t" <<-'EOF'
			{{#page.is_home}}{{#data.facts}}FACT	{{slug}}	{{status}}	{{{value}}}{{{estimate}}}	{{#card}}card{{/card}}
			{{#card}}CARD	{{slug}}	{{sentence}}	{{{value}}}
			{{/card}}{{#value}}VALUE	{{slug}}	{{status}}	{{{value}}}
			{{/value}}{{/data.facts}}{{#data.evidence.paragraphs}}{{#sentences}}SENT	{{id}}	{{n}}	{{{fr}}}	{{{translation}}}
			{{/sentences}}{{/data.evidence.paragraphs}}{{/page.is_home}}
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
article=tests/briefing-article.txt

expect_clean "the brief, the evidence, the method and the full briefing, in both languages" "$(check_pages "$site")"
expect_clean "every page exists in English and in French" "$(check_both_languages "$site")"
expect_clean "every language switcher leads to the page in the other language" "$(check_switcher "$site")"
expect_clean "every reference leads to an existing file and id, none absolute" "$(check_references "$site")"
expect_clean "no external request, no style attribute, no <style>, no inline <script>" "$(check_self_contained "$site")"
expect_clean "one <h1> a page, <main id=main>, the skip link first" "$(check_structure "$site")"
expect_clean "at most four navigation entries on every page" "$(check_nav "$site")"
expect_clean "both hedges in every header, the home <title> and headline (en)" "$(check_hedges "$site" "" reported "in good part")"
expect_clean "both hedges in every header, the home <title> and headline (fr)" "$(check_hedges "$site" fr/ "rait|présumé" "en bonne partie")"
expect_clean "the data's sentences are the article, word for word (en)" "$(check_article "$en" "$article")"
expect_clean "the data's sentences are the article, word for word (fr)" "$(check_article "$fr" "$article")"
expect_clean "the evidence page: 17 sentences in order, translation first, original in <details> (en)" "$(check_evidence "$site" "$en" "")"
expect_clean "the evidence page: 17 sentences in order, the original alone (fr)" "$(check_evidence "$site" "$fr" "fr/")"
expect_clean "3 to 5 key-figure cards, the record year included, each linking to its sentence (en)" "$(check_cards "$site" "$en" "")"
expect_clean "3 to 5 key-figure cards, the record year included, each linking to its sentence (fr)" "$(check_cards "$site" "$fr" "fr/")"
expect_clean "the estimate: never a value or a card, once, hatched and badged (en)" "$(check_derived "$site" "$en" "")"
expect_clean "the estimate: never a value or a card, once, hatched and badged (fr)" "$(check_derived "$site" "$fr" "fr/")"
expect_clean "each quotation in full once, on the evidence page (en)" "$(check_once "$site" "$en" "")"
expect_clean "each quotation in full once, on the evidence page (fr)" "$(check_once "$site" "$fr" "fr/")"
expect_clean "French typography: no-break spaces before : ; ? ! and inside « », one apostrophe" "$(check_typography "$site")"
expect_clean "no struck-out wording (calques, grammar lessons, invented terms)" "$(check_wording "$site")"

# --- the same checks on a copy broken on purpose: each must complain ---
bad=$tmp/broken
cp -r "$site" "$bad"
rm "$bad/fr/sources/index.html"
sed -i 's|<p class="lang-switch">|<p class="lang-switch"><a href="../index.html" hreflang="fr">x</a>|' "$bad/evidence/index.html"
sed -i 's|href="../assets/style.css"|href="../assets/gone.css"|' "$bad/sources/index.html"
sed -i 's|<main id="main"|<main id="main" style="color:red"|' "$bad/evidence/index.html"
sed -i 's|</head>|<link rel="stylesheet" href="https://cdn.example.com/x.css"></head>|' "$bad/full-briefing/index.html"
sed -i 's|<h1>|<h1>x</h1><h1>|' "$bad/sources/index.html"
sed -i 's|<li><a href="../index.html">Brief</a></li>|&<li>5</li>|' "$bad/evidence/index.html"
sed -i 's/reportedly closing/closing/' "$bad/sources/index.html"
sed -i 's/id="s9"/id="s99"/; s/93%/39%/' "$bad/evidence/index.html"
sed -i 's|<details class="original">|<details>|' "$bad/fr/evidence/index.html"
sed -i 's|evidence/index.html#s1"|evidence/index.html#s2"|' "$bad/index.html"
sed -i 's|class="rate-row rate-derived"|class="rate-row rate-stated"|; s|Our partners go to great lengths|&. Our partners go to great lengths|' "$bad/index.html"
sed -i '/Lorsque nous pensons/p' "$bad/evidence/index.html"
sed -i 's|Microsoft terminerait|L’année record de Microsoft : l'"'"'avis|' "$bad/fr/index.html"
sed -i 's|Sources and method|Sources and method, in the conditional|' "$bad/index.html"
sed '0,/nous apprend CRN/s//nous apprend CRN, qui/' "$en" >"$tmp/bad-en"
printf 'FACT\tmade-up\tderived\tabout 3,500\tcard\nVALUE\tmade-up\tderived\tabout 3,500\nCARD\tgone\ts1\tNothing\n' >>"$tmp/bad-en"
expect_caught "the pages check catches a missing page" "$(check_pages "$bad")"
expect_caught "the language check catches a page missing in French" "$(check_both_languages "$bad")"
expect_caught "the switcher check catches a link to the wrong language" "$(check_switcher "$bad")"
expect_caught "the reference check catches a missing stylesheet" "$(check_references "$bad")"
expect_caught "the self-contained check catches style= and a CDN stylesheet" "$(check_self_contained "$bad")"
expect_caught "the structure check catches two <h1>" "$(check_structure "$bad")"
expect_caught "the navigation check catches a fifth entry" "$(check_nav "$bad")"
expect_caught "the hedges check catches a header without 'reportedly'" "$(check_hedges "$bad" "" reported "in good part")"
expect_caught "the article check catches a word added to a sentence" "$(check_article "$tmp/bad-en" "$article")"
expect_caught "the evidence check catches a lost anchor and a translation on a French page" "$(check_evidence "$bad" "$en" ""; check_evidence "$bad" "$fr" "fr/")"
expect_caught "the cards check catches a card linking to the wrong sentence" "$(check_cards "$bad" "$en" "")"
expect_caught "the derived check catches an estimate drawn as a stated bar, valued and carded" "$(check_derived "$bad" "$en" ""; check_derived "$site" "$tmp/bad-en" "")"
expect_caught "the quotation check catches a quotation said twice" "$(check_once "$bad" "$en" "")"
expect_caught "the typography check catches a straight apostrophe and a missing no-break space" "$(check_typography "$bad")"
expect_caught "the wording check catches a grammar lesson on an English page" "$(check_wording "$bad")"

summary
