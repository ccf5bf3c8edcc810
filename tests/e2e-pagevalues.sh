#!/usr/bin/env bash
# Page values made per render (render/pagevalue.h): templates see every
# key of page, prev, next, section, tags, translations and the items of
# lists of pages as when each page's map was kept for the whole build.
# tests/sites/pagevalues prints them all, on pages of every kind in two
# languages; its expected/ was written by the build before the change
# (e2e.sh checks the build with the build cache against it). Here: the
# build that streams pages (--no-cache), one that holds every page's
# HTML, their messages, and the memory a page costs.
. "$(dirname "$0")/lib.sh" brief-pagevalues

site=tests/sites/pagevalues

# Builds content $1 with templates $2 into $3 ($4: more options); its
# report in $3.log, its messages in $3.err.
build() {
	"$BRIEF" build -v ${4:-} -c "$1" -t "$2" -o "$3" >"$3.log" 2>"$3.err"
}

# Builds the site with templates $2 into $tmp/$1 with --no-cache: $3
# pages must stream, and the output must be expected/.
check_build() {
	if ! build $site/content "$2" "$tmp/$1" --no-cache || ! grep -q "; $3 streamed\$" "$tmp/$1.log"; then
		fail "$1: the build failed, or not $3 pages streamed" "$(cat "$tmp/$1.log")"
	elif d=$(diff -r "$tmp/$1" $site/expected 2>&1); then
		ok "$1: pages see the values a kept map gave ($3 streamed)"
	else
		fail "$1: pages see other values" "$(echo "$d" | head -n 20)"
	fi
}

# The pages the feeds show are held (4), the others stream.
check_build stream $site/templates 13
# A template that could show another page's content (in a section that
# never opens): nothing streams, every page's HTML is held, and the
# values are read after the Markdown phase instead of before.
cp -r $site/templates "$tmp/held-templates"
printf '{{#page.never}}{{#site.pages}}{{{content}}}{{summary}}{{/site.pages}}{{/page.never}}' \
	>>"$tmp/held-templates/page.mustache"
check_build held "$tmp/held-templates" 0

# A name a page lacks falls through to the top context and is reported,
# as before: path on a section page made for a folder, tag.name beyond
# a tag's page, a date on an undated page. The build with the build
# cache reports the same (its notes may name another page of the same
# template: pages stream in the order their Markdown is done).
build $site/content $site/templates "$tmp/cached"
for out in stream cached; do
	grep 'warning' "$tmp/$out.err" | sort >"$tmp/$out.msgs"
done
if grep -q "keys.mustache:1:35: warning: 'path' is not defined" "$tmp/stream.msgs" &&
	grep -q "keys.mustache:5:95: warning: 'tag.name' is not defined" "$tmp/stream.msgs" &&
	grep -q "keys.mustache:2:7: warning: 'date' is not defined" "$tmp/stream.msgs" &&
	[ "$(wc -l <"$tmp/stream.msgs")" -eq 16 ] && cmp -s "$tmp/stream.msgs" "$tmp/cached.msgs"; then
	ok "missing keys warn as they did, streamed or not"
else
	fail "missing keys: other warnings" "$(diff "$tmp/stream.msgs" "$tmp/cached.msgs" | head)" \
		"$(head -n 8 "$tmp/stream.msgs")"
fi

# What a page costs the build: the peak memory of two bench sites with
# no page file held (over 20,000 files), per page of the difference.
# With a map of about 23 entries kept for each page it was 3.3 KB; made
# per render, 2.1 KB. The ASan build's own bookkeeping hides it.
if [[ $BRIEF == */debug/* ]]; then
	echo "# memory per page: not measured on the ASan build"
else
	make -s tests/build/bench/gensite >/dev/null || fail "make tests/build/bench/gensite"
	for n in 21000 41000; do
		tests/build/bench/gensite $n "$tmp/g$n" --no-hugo >/dev/null || fail "gensite $n"
		/usr/bin/time -f '%M' -o "$tmp/rss$n" "$BRIEF" build -q --no-cache -j 1 \
			-c "$tmp/g$n/brief/content" -t "$tmp/g$n/brief/templates" -o "$tmp/o$n" ||
			fail "the $n-post build"
		rm -rf "$tmp/o$n" "$tmp/g$n"
	done
	per_page=$((($(cat "$tmp/rss41000") - $(cat "$tmp/rss21000")) * 1024 / 20000))
	if [ "$per_page" -lt 2600 ]; then
		ok "a page costs $per_page bytes of peak memory (under 2,600)"
	else
		fail "a page costs $per_page bytes of peak memory (2,600 or more)"
	fi
fi

summary
