#!/usr/bin/env bash
# End-to-end tests of the shortcuts that make a build with one page
# changed fast ($BRIEF, default generator/brief): the scan takes each
# page file's stat from the up-to-date check's walk instead of stat'ing
# it again (strace), and a page edited after that walk (strace delays
# the walk of templates/, which comes next) is rebuilt by the next
# build, byte-identical to --no-cache's. Without strace the traced
# checks are skipped. The kept pages' output files and the output's
# folders are stat'ed relative to the output folder, and still tell of
# an edit. The scan cache is written again only when it would change.
# Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh" brief-onepage

s=$tmp/s
mkdir -p "$s/content/notes" "$s/templates"
printf 'title: One\n' >"$s/content/site.yaml"
printf -- '---\ntitle: Home\n---\nWelcome.\n' >"$s/content/_index.md"
for p in a b c d; do
	printf -- '---\ntitle: Old %s\n---\nBody of %s.\n' "$p" "$p" >"$s/content/notes/$p.md"
done
printf '<title>{{page.title}}</title>{{{page.content}}}\n' >"$s/templates/page.mustache"
printf '<title>{{page.title}}</title>{{#site.pages}}<a href="{{url}}">{{title}}</a>{{/site.pages}}\n' >"$s/templates/index.mustache"
cp "$s/templates/index.mustache" "$s/templates/section.mustache"
# The caches trust no stat of a file changed within 2 s of a build.
age() { touch -d '1 hour ago' "$@"; }
age "$s/content" "$s/content/notes" "$s/content"/*.* "$s/content/notes"/*.md

# Builds $s with the cache into out (the command before it: $@), then
# without into ref; both must write the same. $name names the step.
LSAN_OFF=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 # LeakSanitizer cannot run under ptrace
step() {
	if ! ASAN_OPTIONS=$LSAN_OFF "$@" "$BRIEF" build -q -c "$s/content" -t "$s/templates" -o "$s/out" >"$tmp/log" 2>&1; then
		fail "$name: the cached build succeeds" "$(cat "$tmp/log")"
		return 1
	fi
	same_as_no_cache "$name" "$s"
}

name="first build" step env
name="nothing changed" step env

# The scan cache is written again only when what it holds changed: not
# when every page file came from it (a template changed), but when one
# was read again, or one is gone.
scan=$s/.brief-cache/out.scan
ino() { stat -c %i "$scan" 2>/dev/null; }
before=$(ino)
printf '<hr>\n' >>"$s/templates/page.mustache"
age "$s/templates/page.mustache"
name="a template changed" step env
[ -n "$before" ] && [ "$(ino)" = "$before" ] && ok "the scan cache is not written again when nothing in it changed" ||
	fail "the scan cache is not written again when nothing in it changed" "$before -> $(ino)"
mv "$s/content/notes/d.md" "$tmp/d.md"
name="a page file removed" step env
[ "$(ino)" != "$before" ] && ok "the scan cache is written again when a page file is gone" ||
	fail "the scan cache is written again when a page file is gone"
mv "$tmp/d.md" "$s/content/notes/d.md"
before=$(ino)
printf '\nMore of b.\n' >>"$s/content/notes/b.md"
age "$s/content/notes/b.md" "$s/content/notes"
name="a page file changed" step env
[ "$(ino)" != "$before" ] && ok "the scan cache is written again when a page file changed" ||
	fail "the scan cache is written again when a page file changed"
if ! command -v strace >/dev/null; then
	echo "skipped - no strace: the stats taken from the walk, a page edited after the walk"
	summary
	exit
fi

# One page's body changed: the walk stats every page file relative to
# its folder; the scan stats none of them again by its full path.
printf '\nMore of a.\n' >>"$s/content/notes/a.md"
age "$s/content/notes/a.md"
name="one page changed" step strace -f -qq -o "$tmp/trace" -e trace=%stat,%lstat,%fstat
if grep -q "\"$s/content/notes/[a-d].md\"" "$tmp/trace"; then
	fail "no page file is stat'ed again after the walk" "$(grep "notes/[a-d].md" "$tmp/trace" | head -n 5)"
elif ! grep -q ', "b.md",' "$tmp/trace"; then
	fail "the walk stats the page files" "$(head -n 5 "$tmp/trace")"
else
	ok "the walk stats each page file; the scan takes its stat"
fi
# The kept pages' output files and the output's folders are stat'ed
# relative to the output folder, opened once, not by their full paths.
if grep -q "\"$s/out/notes" "$tmp/trace"; then
	fail "no output file or folder is stat'ed by its full path" "$(grep "$s/out/notes" "$tmp/trace" | head -n 5)"
elif ! grep -q ', "notes/c/index.html",' "$tmp/trace" || ! grep -q ', "notes/c",' "$tmp/trace"; then
	fail "kept output files and folders are stat'ed relative to the output" "$(grep '"notes' "$tmp/trace" | head -n 5)"
else
	ok "kept output files and folders are stat'ed relative to the output"
fi
# Those stats still tell: a kept page's output edited (another size) or
# a file added to a folder of the output, and the next build mends both.
printf 'edited' >"$s/out/notes/c/index.html"
name="an output file edited" step env
printf 'stray' >"$s/out/notes/d/stray.html"
name="a file added to an output folder" step env

# b.md edited after the walk of content/, before the scan: the same
# size and mtime, only the ctime tells. The walk of templates/ (the
# first open of that folder) is held 3 s, the edit made 1 s in.
b=$s/content/notes/b.md
sed 's/Old b/New b/' "$b" >"$tmp/b.md"
(
	sleep 1
	cat "$tmp/b.md" >"$b"
	touch -r "$s/content/notes/c.md" "$b"
) &
ASAN_OPTIONS=$LSAN_OFF strace -f -qq -o /dev/null -P "$s/templates" -e trace=openat \
	-e inject=openat:delay_exit=3000000:when=1 \
	"$BRIEF" build -q -c "$s/content" -t "$s/templates" -o "$s/out" >"$tmp/log" 2>&1 ||
	fail "the build during the edit succeeds" "$(cat "$tmp/log")"
wait
# The build took the walk's stat (from before the edit): the front
# matter as the cache had it. Else the edit missed the window.
grep -q '<title>Old b</title>' "$s/out/notes/b/index.html" &&
	ok "the edit fell between the walk and the scan" ||
	fail "the edit fell between the walk and the scan" "$(cat "$s/out/notes/b/index.html")"
name="the next build after an edit behind the walk" step env
grep -q '<title>New b</title>' "$s/out/notes/b/index.html" &&
	ok "the next build shows the edit" || fail "the next build shows the edit" "$(cat "$s/out/notes/b/index.html")"

summary
