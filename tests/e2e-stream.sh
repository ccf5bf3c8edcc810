#!/usr/bin/env bash
# Pages that stream (site_stream.h): written as soon as their Markdown is
# rendered when no template shows another page's content. The same site
# built with a template that could show other pages' content (a section
# that never opens) holds every page's HTML: both must write the same
# files, and streaming must hold less. Builds with the build cache do not
# stream yet: these run with --no-cache, and one check says so.
. "$(dirname "$0")/lib.sh" brief-stream

# A site of $2 pages of about 60 KB of HTML each in $1; $3: whether a
# template mentions other pages' content (so nothing streams).
make_site() {
	local dir=$1 n=$2 held=$3 i
	mkdir -p "$dir/content/posts" "$dir/templates"
	printf 'title: Stream\nbase_url: https://example.org/\n' >"$dir/content/site.yaml"
	printf -- '---\ntitle: Home\n---\nSee [notes](posts/p1.md#fn-1), [the end](posts/p2.md#end) and [top](posts/p2.md#top).\n' \
		>"$dir/content/_index.md"
	local para
	para=$(printf 'Some *words* and `code` and [a link](https://example.org/). %.0s' $(seq 1 60))
	for ((i = 1; i <= n; i++)); do
		{
			printf -- '---\ntitle: Post %d\ndate: 2024-01-%02d\n---\n# Post %d\n\nA note.[^1]\n\n' \
				"$i" $((i % 28 + 1)) "$i"
			for _ in $(seq 1 16); do printf '%s\n\n' "$para"; done
			printf '## End\n\n[^1]: The note.\n'
		} >"$dir/content/posts/p$i.md"
	done
	printf '<h1>{{page.title}}</h1>{{{page.content}}}<ul>{{#page.pages}}<li><a href="{{url}}">{{title}}</a></li>{{/page.pages}}</ul>\n' \
		>"$dir/templates/section.mustache"
	cp "$dir/templates/section.mustache" "$dir/templates/index.mustache"
	if [ "$held" = yes ]; then
		printf '<article>{{page.title}}{{{page.content}}}{{#page.never}}{{#site.pages}}{{{content}}}{{/site.pages}}{{/page.never}}</article>\n' \
			>"$dir/templates/page.mustache"
	else
		printf '<article>{{page.title}}{{{page.content}}}</article>\n' >"$dir/templates/page.mustache"
	fi
}

# Builds $1 into $1/out (-v, its report in $1/log; $2: more options,
# --no-cache by default); prints the peak RSS in KB and the pages streamed.
build() {
	/usr/bin/time -f '%M' -o "$1/rss" "$BRIEF" build ${2:---no-cache} -v -c "$1/content" -t "$1/templates" \
		-o "$1/out" >"$1/log" 2>&1 || return 1
	echo "$(cat "$1/rss") $(sed -n 's/.*; \([0-9]*\) streamed$/\1/p' "$1/log")"
}

n=300
make_site "$tmp/stream" $n no
make_site "$tmp/held" $n yes
# With the build cache, nothing streams (for now): the cache's records of
# each page come from the render threads.
if read -r _ c_streamed < <(build "$tmp/stream" "-j 1") && [ "$c_streamed" = 0 ]; then
	ok "a build with the build cache streams nothing"
else
	fail "a build with the build cache streams nothing" "$(cat "$tmp/stream/log")"
fi
rm -rf "$tmp/stream/out" "$tmp/stream/.brief-cache"
if read -r s s_streamed < <(build "$tmp/stream") && read -r h h_streamed < <(build "$tmp/held"); then
	# Every page but the feed's 20: the posts, the home page and posts/.
	if [ "$s_streamed" = $((n + 2 - 20)) ] && [ "$h_streamed" = 0 ]; then
		ok "pages stream unless a template can show their content elsewhere, or a feed does"
	else
		fail "streamed: $s_streamed pages (expected $((n + 2 - 20))), and $h_streamed held (expected 0)"
	fi
	if diff -r "$tmp/stream/out" "$tmp/held/out" >"$tmp/diff"; then
		ok "streamed pages are byte for byte the pages a build holding every page writes"
	else
		fail "streamed pages differ from held ones" "$(head -n 5 "$tmp/diff")"
	fi
	# About 18 MB of HTML: held, the peak grows by all of it (the ASan
	# build's own bookkeeping hides it).
	if [[ $BRIEF == */debug/* ]]; then
		echo "# peak memory: not compared on the ASan build"
	elif [ $((s + 10000)) -lt "$h" ]; then
		ok "streaming holds less: $s KB against $h KB"
	else
		fail "streaming holds no less than holding every page: $s KB against $h KB"
	fi
else
	fail "the builds failed" "$(cat "$tmp/stream/log" "$tmp/held/log")"
fi

# The feed shows its pages' HTML: they are held, and it has it.
if grep -q 'The note' "$tmp/stream/out/feed.xml" 2>/dev/null &&
	[ "$(grep -c '<entry>' "$tmp/stream/out/feed.xml")" -eq 20 ]; then
	ok "the feed's pages keep their HTML"
else
	fail "the feed lacks its pages' HTML"
fi

# Links to a streamed page's heading id and to an id only its HTML has (a
# footnote's) resolve (the builds above); one to no id fails the build,
# which leaves the output alone.
printf -- '---\ntitle: Home\n---\n[gone](posts/p3.md#nothing-here)\n' >"$tmp/stream/content/_index.md"
before=$(tree_sum "$tmp/stream/out")
if build "$tmp/stream" >/dev/null; then
	fail "a link to a missing id of a streamed page passed"
elif grep -q "_index.md:4:1: error: link to '#nothing-here': .*posts/p3.md has no heading with that id" \
	"$tmp/stream/log" && [ "$(tree_sum "$tmp/stream/out")" = "$before" ] &&
	[ -z "$(find "$tmp/stream" -maxdepth 1 -name '.out.brief-??????' -print -quit)" ]; then
	ok "a link to a missing id of a streamed page fails the build, output untouched"
else
	fail "a broken link to a streamed page: wrong report or output touched" "$(cat "$tmp/stream/log")"
fi

summary
