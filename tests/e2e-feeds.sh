#!/usr/bin/env bash
# Feeds, sitemap, robots.txt and tag pages ($BRIEF): the XML checked with
# xmllint (well-formed, the sitemap against tests/feeds/sitemap.xsd, Atom's
# required elements by XPath), robots.txt both ways, the note without
# base_url, tag folding, tag pages only with their templates.
. "$(dirname "$0")/lib.sh" brief-feeds

# check NAME COMMAND...: ok when the command succeeds, else its output.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$name"; else fail "$name" "$out"; fi
}
# xp FILE XPATH: the XPath's value, namespaces ignored (local-name()).
xp() { xmllint --xpath "$2" "$1" 2>/dev/null; }
atom() { echo "*[local-name()='$1']"; }

site=tests/sites/feeds
out=$tmp/feeds
(cd $site && "$BRIEF" build -q -o "$out") 2>"$tmp/err"

# --- well-formed XML, the sitemap valid against the protocol ---
for f in sitemap.xml feed.xml fr/feed.xml; do
	check "$f is well-formed XML" xmllint --noout "$out/$f"
done
check "sitemap.xml is valid against the sitemap protocol" \
	xmllint --noout --schema tests/feeds/sitemap.xsd "$out/sitemap.xml"

# --- sitemap: every page but 404, translations, lastmod ---
locs=$(xp "$out/sitemap.xml" "count(//$(atom url))")
pages=$(find "$out" -name index.html | wc -l)
if [ "$locs" = "$pages" ] && ! grep -q '404' "$out/sitemap.xml"; then
	ok "sitemap lists every HTML page ($pages) but 404 pages"
else
	fail "sitemap lists every HTML page but 404 pages" "$locs <url> for $pages pages"
fi
summer="//$(atom url)[$(atom loc)='https://example.org/briefs/notes/summer/']"
alts=$(xp "$out/sitemap.xml" "count($summer/*[local-name()='link' and @rel='alternate'])")
lastmod=$(xp "$out/sitemap.xml" "string($summer/$(atom lastmod))")
self=$(xp "$out/sitemap.xml" "string($summer/*[local-name()='link'][@hreflang='en']/@href)")
if [ "$alts" = 2 ] && [ "$lastmod" = 2024-08-15T10:30:00+02:00 ] &&
	[ "$self" = https://example.org/briefs/notes/summer/ ]; then
	ok "sitemap: hreflang alternates (the page itself too) and lastmod from front matter"
else
	fail "sitemap: hreflang alternates and lastmod" "alternates $alts, lastmod '$lastmod', self '$self'"
fi

# --- Atom: required elements, order, limit, absolute URLs ---
feed=$out/feed.xml
missing=
for x in "$(atom feed)/$(atom id)" "$(atom feed)/$(atom title)" "$(atom feed)/$(atom updated)" \
	"$(atom feed)/$(atom author)/$(atom name)" "$(atom feed)/$(atom link)[@rel='self']" \
	"$(atom feed)/$(atom link)[@rel='alternate']"; do
	[ -n "$(xp "$feed" "string(/$x)")$(xp "$feed" "string(/$x/@href)")" ] || missing="$missing $x"
done
entries=$(xp "$feed" "count(//$(atom entry))")
for f in id title updated published link content; do
	n=$(xp "$feed" "count(//$(atom entry)[$(atom $f)])")
	[ "$n" = "$entries" ] || missing="$missing entry/$f"
done
if [ -z "$missing" ] && [ "$entries" -gt 0 ] &&
	[ "$(xp "$feed" "string(/$(atom feed)/@*[local-name()='lang'])")" = en ]; then
	ok "Atom feed has its required elements and xml:lang (feed and each of $entries entries)"
else
	fail "Atom feed has its required elements" "missing:$missing; $entries entries"
fi
titles=$(xp "$feed" "//$(atom entry)/$(atom title)/text()" | tr '\n' '|')
if [ "$titles" = 'Summer "report"|Spring|Winter|' ]; then
	ok "feed: newest first, feed_limit 3 leaves the oldest out, undated pages out"
else
	fail "feed: newest first, feed_limit 3" "titles: $titles"
fi
updated=$(xp "$feed" "string(/$(atom feed)/$(atom updated))")
check "feed's updated is its newest entry's (lastmod)" test "$updated" = 2024-08-15T10:30:00+02:00
content=$(xp "$feed" "string(//$(atom entry)[1]/$(atom content))")
relative=$(echo "$content" | grep -oE '(href|src)="[^"]*"' | grep -v '="https\?://' || true)
if [ -z "$relative" ] && echo "$content" | grep -q 'href="https://example.org/briefs/notes/winter/#cold"' &&
	echo "$content" | grep -q 'src="https://example.org/briefs/img/dot.png"' &&
	echo "$content" | grep -q 'href="https://example.org/briefs/notes/summer/#where"'; then
	ok "feed entry content: every URL absolute (links, images, #ids)"
else
	fail "feed entry content: every URL absolute" "relative: $relative" "$content"
fi
check "French feed at fr/feed.xml, xml:lang fr, its own pages" \
	test "$(xp "$out/fr/feed.xml" "string(//$(atom entry)/$(atom id))")" = https://example.org/briefs/fr/notes/summer/
if grep -q '<link rel="alternate" type="application/atom+xml" href="../../feed.xml">' "$out/notes/summer/index.html" &&
	grep -q 'type="application/atom+xml" href="../../../fr/feed.xml">' "$out/fr/notes/summer/index.html"; then
	ok "site.feed_url: each language's feed, relative to the page"
else
	fail "site.feed_url: each language's feed, relative to the page"
fi

# --- robots.txt, both ways ---
printf 'User-agent: *\nAllow: /\nSitemap: https://example.org/briefs/sitemap.xml\n' >"$tmp/robots"
check "robots.txt names the sitemap" cmp "$tmp/robots" "$out/robots.txt"
cp -r $site "$tmp/own-robots"
printf 'User-agent: *\nDisallow: /private/\n' >"$tmp/own-robots/content/robots.txt"
if (cd "$tmp/own-robots" && "$BRIEF" build -q -o out 2>/dev/null) &&
	cmp -s "$tmp/own-robots/content/robots.txt" "$tmp/own-robots/out/robots.txt"; then
	ok "content/robots.txt is copied and wins"
else
	fail "content/robots.txt is copied and wins"
fi

# --- tags: folding, warnings, pages ---
if grep -q "content/notes/winter.md:4:8: warning: tags 'ete' and 'Été' have one slug, 'ete'" "$tmp/err" &&
	grep -q "content/notes/summer.md:6:8: note: 'Été' comes first and names the tag" "$tmp/err"; then
	ok "two spellings of one slug: a warning at the second, a note at the first"
else
	fail "two spellings of one slug: a warning" "$(cat "$tmp/err")"
fi
(cd $site && "$BRIEF" build -q --strict -o "$tmp/strict") >/dev/null 2>&1
check "under --strict that warning fails the build" test $? -eq 1
if grep -q '<h1>Travel (4)</h1>' "$out/tags/travel/index.html" &&
	grep -q '<a href="../tags/ete/index.html">Été</a> 2' "$out/tags/index.html" &&
	grep -q 'Étiquettes' "$out/fr/tags/index.html" && [ ! -e "$out/fr/tags/travel" ]; then
	ok "tags/ and tags/SLUG/ per language, named by the first spelling, with counts"
else
	fail "tags/ and tags/SLUG/ per language"
fi
cp -r $site "$tmp/notags" && rm "$tmp/notags/templates/tag.mustache"
(cd "$tmp/notags" && "$BRIEF" build -q -o out) >/dev/null 2>"$tmp/err2"
if [ ! -e "$tmp/notags/out/tags" ] && grep -q '<li><a href="">Été</a> (Été, ete, 2)' "$tmp/notags/out/notes/summer/index.html"; then
	ok "without the tag template: no tag pages, page.tags without url"
else
	fail "without the tag template: no tag pages" "$(ls "$tmp/notags/out")"
fi

# --- without base_url: nothing written, one note with --verbose only ---
for flags in "" "--verbose"; do
	(cd tests/sites/basic && "$BRIEF" build -q --strict $flags -o "$tmp/basic$flags") >/dev/null 2>"$tmp/err3"
	status=$?
	notes=$(grep -c "note: no 'base_url': sitemap.xml, feed.xml and robots.txt are not written" "$tmp/err3")
	want=0
	[ -n "$flags" ] && want=1
	if [ $status -eq 0 ] && [ "$notes" = $want ] && [ "$(wc -l <"$tmp/err3")" = $want ] &&
		[ ! -e "$tmp/basic$flags/sitemap.xml" ] && [ ! -e "$tmp/basic$flags/feed.xml" ] &&
		[ ! -e "$tmp/basic$flags/robots.txt" ]; then
		ok "no base_url ${flags:-(quiet)}: no sitemap, feed or robots.txt, --strict passes, $want note"
	else
		fail "no base_url $flags: $want note" "exit $status" "$(cat "$tmp/err3")"
	fi
done

# --- feed_limit's default, a language without dated pages ---
mkdir -p "$tmp/many/content/posts" "$tmp/many/templates"
printf 'title: Many\nbase_url: http://localhost:8000/\nlanguages: [en, de]\n' >"$tmp/many/content/site.yaml"
for i in $(seq -w 1 25); do printf -- '---\ndate: 2024-01-%s\n---\nPost %s.\n' "$i" "$i" >"$tmp/many/content/posts/p$i.md"; done
printf 'Hallo.\n' >"$tmp/many/content/index.de.md"
printf '{{#site.feed_url}}feed: {{site.feed_url}}{{/site.feed_url}}{{{page.content}}}\n' >"$tmp/many/templates/page.mustache"
for t in index section; do cp "$tmp/many/templates/page.mustache" "$tmp/many/templates/$t.mustache"; done
(cd "$tmp/many" && "$BRIEF" build -q --strict -o out) 2>"$tmp/err4"
n=$(xp "$tmp/many/out/feed.xml" "count(//$(atom entry))")
first=$(xp "$tmp/many/out/feed.xml" "string(//$(atom entry)[1]/$(atom id))")
if [ "$n" = 20 ] && [ "$first" = http://localhost:8000/posts/p25/ ]; then
	ok "feed_limit defaults to 20, newest first"
else
	fail "feed_limit defaults to 20" "$n entries, first $first" "$(cat "$tmp/err4")"
fi
if [ ! -e "$tmp/many/out/de/feed.xml" ] && ! grep -q feed: "$tmp/many/out/de/index.html" &&
	grep -q 'feed: ../../feed.xml' "$tmp/many/out/posts/p01/index.html"; then
	ok "a language without dated pages has no feed and no site.feed_url"
else
	fail "a language without dated pages has no feed"
fi

summary
