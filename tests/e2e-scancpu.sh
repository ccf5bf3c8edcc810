#!/bin/bash
# Page order from the scan's ranks (content/pagesort.c): one sort of all
# pages, then every list sorted by rank. A section, a tag and site.pages
# must list pages in the documented order (weight, newest date with time
# zones counted, title, URL) whatever order their files are scanned in;
# a NaN weight leaves no ranks and still builds every list.
. "$(dirname "$0")/lib.sh" brief-scancpu

site=$tmp/site
mkdir -p "$site/content/posts" "$site/templates"
printf 'title: Order\n' >"$site/content/site.yaml"
printf -- '---\ntitle: Posts\n---\n' >"$site/content/posts/_index.md"
list='{{#page.pages}}{{url}}
{{/page.pages}}'
printf '%s' "$list" >"$site/templates/section.mustache"
printf '%s' "$list" >"$site/templates/tag.mustache"
printf '{{#site.pages}}{{url}}\n{{/site.pages}}' >"$site/templates/index.mustache"
printf '{{page.title}}\n' >"$site/templates/page.mustache"
printf '{{#page.tags}}{{name}}\n{{/page.tags}}' >"$site/templates/tags.mustache"

# post NAME FRONT-MATTER-LINES: a post tagged t.
post() {
	printf -- '---\n%s\ntags: [t]\n---\nBody.\n' "$2" >"$site/content/posts/$1.md"
}
write_posts() {
	post p1 "title: Z
weight: $1"
	post p9 'title: Y
weight: -1'
	post p5 'title: Same
date: 2024-06-01'
	post p3 'title: Same
date: 2024-06-01T00:00:00Z'
	post p8 'title: X
date: 2023-12-31T23:00:00Z'
	post p2 'title: W
date: 2024-01-01T00:30:00+02:00'
	post p7 'title: Alpha'
	post p4 'title: Alpha'
	post p6 'title: Beta'
}

# The URLs a list file shows (relative to the site root), on one line.
urls() { sed 's#^\(\.\./\)*##' "$1" | tr '\n' ' '; }

write_posts 2
want='posts/p9/index.html posts/p1/index.html posts/p3/index.html posts/p5/index.html posts/p8/index.html posts/p2/index.html posts/p4/index.html posts/p7/index.html posts/p6/index.html '
if "$BRIEF" build -q -c "$site/content" -t "$site/templates" -o "$site/out" 2>"$tmp/err"; then
	ok "the site builds"
else
	fail "the site builds" "$(cat "$tmp/err")"
fi
for f in posts/index.html tags/t/index.html index.html; do
	got=$(urls "$site/out/$f" 2>/dev/null)
	if [ "$got" = "$want" ]; then
		ok "$f lists the pages in the documented order"
	else
		fail "$f lists the pages in the documented order" "want: $want" "got:  $got"
	fi
done

write_posts .nan
rm -rf "$site/out"
if "$BRIEF" build -q -c "$site/content" -t "$site/templates" -o "$site/out" 2>"$tmp/err"; then
	ok "a NaN weight: the site builds"
else
	fail "a NaN weight: the site builds" "$(cat "$tmp/err")"
fi
# The words of $1, sorted, on one line.
sorted() { printf '%s' "$1" | tr ' ' '\n' | sed '/^$/d' | LC_ALL=C sort | tr '\n' ' '; }
got=$(sorted "$(urls "$site/out/tags/t/index.html" 2>/dev/null)")
sorted=$(sorted "$want")
if [ "$got" = "$sorted" ]; then
	ok "a NaN weight: the tag still lists every page once"
else
	fail "a NaN weight: the tag still lists every page once" "want: $sorted" "got:  $got"
fi

summary
