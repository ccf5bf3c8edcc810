#!/usr/bin/env bash
# Links end to end: what tests/sites/links and tests/errors/link-* do not
# show on their own: drafts with --drafts, ids from footnotes and raw HTML,
# links that stay as written, every link problem of a build at once.
. "$(dirname "$0")/lib.sh" brief-links

templates=$top/tests/errors/templates

# site NAME: a fresh site in $tmp/NAME with a site.yaml; pages follow with page.
site() {
	mkdir -p "$tmp/$1/content" && printf 'title: Links\n' >"$tmp/$1/content/site.yaml"
}
page() { # site, path in content/, body (front matter added)
	mkdir -p "$(dirname "$tmp/$1/content/$2")"
	printf -- '---\ntitle: %s\n%s---\n%s\n' "$(basename "$2" .md)" "${4:-}" "$3" >"$tmp/$1/content/$2"
}
build() { # site, extra options...; output in $tmp/NAME/out, messages in $tmp/err
	local name=$1
	shift
	(cd "$tmp/$name" && "$BRIEF" build -q -j 3 -t "$templates" -o out "$@") >"$tmp/out" 2>"$tmp/err"
}
expect_href() { # name, file, href
	if grep -qF "href=\"$3\"" "$2"; then ok "$1"; else fail "$1" "no href=\"$3\" in $2" "$(cat "$tmp/err")"; fi
}

# --- a draft: an error that names --drafts, a link with it ---
site draft
page draft index.md '[the plan](notes/plan.md#aims)'
page draft notes/plan.md '## Aims' 'draft: true
'
if ! build draft && grep -qF "content/index.md:4:1: error: link to 'notes/plan.md#aims': that page is a draft (draft: true); build with --drafts to include it" "$tmp/err"; then
	ok "a link to a draft names --drafts"
else
	fail "a link to a draft names --drafts" "$(cat "$tmp/err")"
fi
build draft --drafts
expect_href "with --drafts the draft link resolves" "$tmp/draft/out/index.html" "notes/plan/index.html#aims"

# Pages made from data can be drafts too.
site data
page data facts/_index.md 'See [one](one.md) and [two](/facts/two.md).' 'pages_from: {data: facts}
'
printf -- '- {slug: one}\n- {slug: two, draft: true}\n' >"$tmp/data/content/facts.yaml"
if ! build data && [ "$(grep -c 'error:' "$tmp/err")" -eq 1 ] &&
	grep -qF "content/facts/_index.md:5:23: error: link to '/facts/two.md': that page is a draft" "$tmp/err"; then
	ok "a link to a draft data page names --drafts"
else
	fail "a link to a draft data page names --drafts" "$(cat "$tmp/err")"
fi

# --- ids that are not headings ---
site ids
page ids index.md '# Top

[note](#fn-1), [back](#fnref-1), [other note](other.md#fn-x), [top](#TOP)[^1]

[^1]: A note.'
page ids other.md 'Text.[^x]

[^x]: Its note.'
if build ids; then
	ok "footnote ids and #top are valid link targets, on the page and across pages"
else
	fail "footnote ids and #top are valid link targets, on the page and across pages" "$(cat "$tmp/err")"
fi

# Raw HTML ids exist only when raw HTML is kept.
site raw
page raw index.md '<a id="raw-anchor"></a><span id='"'"'single'"'"'>x</span>

[raw](#raw-anchor), [single](#single) and [other](other.md#kept).'
page raw other.md '<div class="x" id="kept">Kept.</div>'
if ! build raw && [ "$(grep -c 'error:' "$tmp/err")" -eq 3 ] &&
	grep -qF "content/index.md:6:1: error: link to '#raw-anchor': this page has no heading with that id" "$tmp/err"; then
	ok "without unsafe_html raw HTML ids are dropped, and links to them fail"
else
	fail "without unsafe_html raw HTML ids are dropped, and links to them fail" "$(cat "$tmp/err")"
fi
printf 'unsafe_html: true\n' >>"$tmp/raw/content/site.yaml"
if build raw; then
	ok "with unsafe_html links to raw HTML ids pass"
else
	fail "with unsafe_html links to raw HTML ids pass" "$(cat "$tmp/err")"
fi

# --- links that stay as written ---
site keep
page keep index.md '[cdn](//cdn.example.org/x.js) [tel](tel:+15550100) [q](?page=2) [ftp](ftp://x.org/a.md) [s](https://x.org/a.md)'
build keep
for href in //cdn.example.org/x.js tel:+15550100 '?page=2' ftp://x.org/a.md https://x.org/a.md; do
	expect_href "$href stays as written" "$tmp/keep/out/index.html" "$href"
done

# --- every link problem of a build at once, broken files and ids alike ---
site all
page all index.md '[gone](gone.md), [id](#nope), [other](other.md#nope), ![pic](/img/x.png)'
page all other.md 'Other.'
build all
if [ "$(grep -c 'error:' "$tmp/err")" -eq 4 ] && grep -q "link to '#nope': this page" "$tmp/err" &&
	grep -q "link to '#nope': content/other.md has no" "$tmp/err" && [ ! -e "$tmp/all/out" ]; then
	ok "broken links and missing ids are reported together, nothing written"
else
	fail "broken links and missing ids are reported together, nothing written" "$(cat "$tmp/err")"
fi

# --- a page's content shown inside another page keeps working links ---
site shown
mkdir -p "$tmp/shown/templates"
cp "$templates"/*.mustache "$tmp/shown/templates/"
printf '{{{page.content}}}{{#site.pages}}<section>{{{content}}}</section>{{/site.pages}}\n' >"$tmp/shown/templates/index.mustache"
page shown deep/er/page.md '[root file](/notes.txt) [up](../../notes.txt)'
echo notes >"$tmp/shown/content/notes.txt"
(cd "$tmp/shown" && "$BRIEF" build -q -o out) 2>"$tmp/err"
expect_href "a root-relative link shown on the home page is relative to the home page" \
	"$tmp/shown/out/index.html" "notes.txt"
expect_href "the same link on its own page climbs to the root" \
	"$tmp/shown/out/deep/er/page/index.html" "../../../notes.txt"

summary
