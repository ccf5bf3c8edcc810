#!/usr/bin/env bash
# End-to-end tests of the scan cache's parsed front matter ($BRIEF,
# default generator/brief): pages whose front matter has a date, a list
# of tags, nested maps, numbers as written, YAML aliases or JSON come
# back from the cache as a --no-cache build reads them (diff -r of the
# outputs), without the page file being opened (strace); a message about
# a cached front matter keeps its line and column; an edit that keeps
# the size and sets the mtime back is seen (the ctime); a corrupt scan
# cache is refused. Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh" brief-cachefast

s=$tmp/s
mkdir -p "$s/content/notes" "$s/templates"
printf 'title: Fast\n' >"$s/content/site.yaml"
printf -- '---\ntitle: Home\n---\nWelcome.\n' >"$s/content/_index.md"
cat >"$s/content/notes/a.md" <<'MD'
---
title: Alpha
date: 2024-03-04T10:30:00+02:00
lastmod: "2024-05-06"
weight: 2.50
tags: [one, two, "three"]
nested: {x: {y: [1, 0x10, {z: deep}]}}
base: &b {k: shared}
alias: *b
flag: yes
none: ~
---
Body of a.
MD
printf -- '---\ntitle: 2018\ndate: "2023-12-31"\ntags: solo\n---\nBody of b.\n' >"$s/content/notes/b.md"
printf -- '{\n  "title": "Jay",\n  "date": "2024-01-15",\n  "tags": ["j", "one"],\n  "deep": {"a": [true, null, 1.5]}\n}\nBody of j.\n' >"$s/content/notes/j.md"
printf -- '---\ntitle: Plain\ndate: 2022-02-02\n---\nBody of p.\n' >"$s/content/notes/p.md"
printf -- '---\ntitle: Styled\nlayout: fancy\ndate: 2021-01-01\n---\nBody of s.\n' >"$s/content/notes/s.md"
printf '<title>{{page.title}}</title>{{#site.pages}}<a href="{{url}}">{{title}}{{#date}} {{date.iso}}{{/date}}</a>{{/site.pages}}{{{page.content}}}\n' >"$s/templates/index.mustache"
printf '<title>{{page.title}}</title>{{#page.pages}}<li>{{title}}{{#date}} {{date.iso}}{{/date}}</li>{{/page.pages}}\n' >"$s/templates/section.mustache"
cat >"$s/templates/page.mustache" <<'TPL'
<title>{{page.title}}</title>
<p>{{page.date}} {{page.date.long}} {{page.date.year}}{{#page.lastmod}} {{page.lastmod}}{{/page.lastmod}}{{#page.weight}} {{page.weight}}{{/page.weight}}</p>
<ul>{{#page.tags}}<li>{{.}}</li>{{/page.tags}}</ul>
{{#page.nested}}<p>{{#x.y}}[{{.}}{{#z}}{{z}}{{/z}}]{{/x.y}} {{page.alias.k}} {{page.base.k}} {{page.flag}} [{{page.none}}]</p>{{/page.nested}}
{{#page.deep}}<p>{{#a}}[{{.}}]{{/a}}</p>{{/page.deep}}
{{{page.content}}}
TPL
printf '<div class="fancy">{{page.title}}</div>{{{page.content}}}\n' >"$s/templates/fancy.mustache"
# The scan cache keeps only files changed more than 2 s before a build.
age() { touch -d '1 hour ago' "$@"; }
age "$s/content" "$s/content/notes" "$s/content"/*.* "$s/content/notes"/*.md

# Builds $s with the cache into out (-v, output in $tmp/log; with
# trace=1, strace's record of opened files in $tmp/trace when there is
# strace) and without it into ref, then checks both wrote the same; $1
# names the step. LeakSanitizer cannot run under ptrace: off in traced
# builds only.
trace=0
traced() {
	if [ "$trace" = 1 ] && command -v strace >/dev/null; then
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
			strace -f -qq -e trace=open,openat -o "$tmp/trace" "$@"
	else
		: >"$tmp/trace"
		"$@"
	fi
}
step() {
	local name=$1
	if ! traced "$BRIEF" build -v -c "$s/content" -t "$s/templates" -o "$s/out" >"$tmp/log" 2>&1; then
		fail "$name: the cached build succeeds" "$(cat "$tmp/log")"
		return 1
	fi
	same_as_no_cache "$name" "$s"
}
# Whether the last cached build opened page file $1 (true without strace).
opened() { ! command -v strace >/dev/null || grep -q "notes/$1\"" "$tmp/trace"; }

step "first build"
grep -q '<li>three</li>' "$s/out/notes/a/index.html" && grep -q '\[1\]\[16\]\[deep\] shared shared yes \[\]' "$s/out/notes/a/index.html" &&
	ok "the first build shows the front matter" || fail "the first build shows the front matter" "$(cat "$s/out/notes/a/index.html")"
scan=$s/.brief-cache/out.scan
[ -s "$scan" ] && ok "the scan cache is written" || fail "no scan cache at $scan"

# Another page's body changed: every other page's front matter comes
# from the cache, its file not opened.
printf '\nMore of p.\n' >>"$s/content/notes/p.md"
age "$s/content/notes/p.md"
trace=1 step "one body changed, the rest from the scan cache"
grep -q ": warning:" "$tmp/log" && fail "no warnings (a noisy page renders every time)" "$(cat "$tmp/log")"
if command -v strace >/dev/null; then
	if opened a.md || opened b.md || opened j.md; then
		fail "cached page files are not opened" "$(grep notes/ "$tmp/trace" | head -n 5)"
	elif ! opened p.md; then
		fail "the changed page file is opened" "$(grep notes/ "$tmp/trace" | head -n 5)"
	else
		ok "cached page files are not opened; the changed one is"
	fi
else
	echo "skipped - no strace: whether cached files are opened"
fi

# A template that names every page's date changed: all pages render,
# with their front matter (dates, tags, aliases, JSON) from the cache.
sed -i 's/<title>/<title>Note: /' "$s/templates/page.mustache"
trace=1 step "every page rendered again from cached front matter"
opened a.md && opened j.md && ok "the bodies of rendered pages are read" || fail "the bodies of rendered pages are read"

# A message about a cached front matter keeps its place: the layout
# goes missing, and the error names s.md's 'layout' line and column.
mv "$s/templates/fancy.mustache" "$tmp/fancy.mustache"
"$BRIEF" build -q -c "$s/content" -t "$s/templates" -o "$s/out" >/dev/null 2>"$tmp/cached.err"
"$BRIEF" build -q --no-cache -c "$s/content" -t "$s/templates" -o "$s/ref" >/dev/null 2>"$tmp/ref.err"
sed -i "s#$s/ref #$s/out #" "$tmp/ref.err"
if ! grep -q "notes/s.md:3:9: error" "$tmp/cached.err"; then
	fail "a missing layout is reported at the cached front matter's line and column" "$(cat "$tmp/cached.err")"
elif ! diff "$tmp/cached.err" "$tmp/ref.err" >/dev/null; then
	fail "the cached build's messages are --no-cache's" "$(diff "$tmp/cached.err" "$tmp/ref.err")"
else
	ok "a missing layout: the same message as --no-cache, at s.md:3:9"
fi
mv "$tmp/fancy.mustache" "$s/templates/fancy.mustache"
age "$s/templates/fancy.mustache"
step "the layout back"

# Same size and inode, mtime set back: only the ctime tells. Alone (the up-to-date
# check) and beside another change (the scan cache).
edit_keep_stat() {
	local f=$s/content/notes/$1
	local ino text
	ino=$(stat -c %i "$f")
	cp -p "$f" "$tmp/stamp"
	text=$(sed "s/$2/$3/" "$f")
	printf '%s\n' "$text" >"$f" # in place: the same inode
	touch -d "@$(stat -c %.9Y "$tmp/stamp")" "$f"
	[ "$(stat -c %s.%.9Y.%i "$f")" = "$(stat -c %s.%.9Y "$tmp/stamp").$ino" ] ||
		fail "the edit of $1 keeps its size, mtime and inode"
}
edit_keep_stat a.md "title: Alpha" "title: Omega"
step "a front matter edited, size and mtime kept" &&
	{ grep -q '<title>Note: Omega' "$s/out/notes/a/index.html" && ok "the edited title shows" || fail "the edited title shows"; }
edit_keep_stat b.md "tags: solo" "tags: duet"
printf '\nStill more of p.\n' >>"$s/content/notes/p.md"
age "$s/content/notes/p.md"
step "a front matter edited, size and mtime kept, beside another change" &&
	{ grep -q '<li>duet</li>' "$s/out/notes/b/index.html" && ok "the edited tags show" || fail "the edited tags show" "$(cat "$s/out/notes/b/index.html")"; }

# A corrupt scan cache is refused whole: the build reads every file.
printf 'X' | dd of="$scan" bs=1 seek=$(($(stat -c %s "$scan") / 2)) conv=notrunc 2>/dev/null
sed -i 's/Body of j/Body of J/' "$s/content/notes/j.md"
age "$s/content/notes/j.md"
trace=1 step "a corrupt scan cache" && opened a.md && ok "a corrupt scan cache: every page file read" ||
	fail "a corrupt scan cache: every page file read"
summary
