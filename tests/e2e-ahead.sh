#!/usr/bin/env bash
# End-to-end tests of the work a cached build does ahead or late
# ($BRIEF, default generator/brief): the staging folder is made before
# the scan, and the last build's folders in it on a thread, which also
# checks the last output files; the folders that nothing went into are
# removed; the kept pages are linked from the end of the Markdown phase;
# the old output's removal starts only once the build cache is written;
# a few small pages' Markdown renders without forking a worker.
# Each build is compared with a --no-cache build's (diff -r: a folder
# left empty differs too). Without strace the traced checks are skipped.
# Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh" brief-ahead

s=$tmp/s
mkdir -p "$s/content/notes" "$s/content/deep/x/y" "$s/templates"
printf 'title: Ahead\n' >"$s/content/site.yaml"
printf -- '---\ntitle: Home\n---\nWelcome.\n' >"$s/content/_index.md"
for p in a b c d; do
	printf -- '---\ntitle: Note %s\n---\nBody of %s.\n' "$p" "$p" >"$s/content/notes/$p.md"
done
printf -- '---\ntitle: Deep\n---\nAlone down here.\n' >"$s/content/deep/x/y/z.md"
printf '<title>{{page.title}}</title>{{{page.content}}}\n' >"$s/templates/page.mustache"
printf '<title>{{page.title}}</title>{{#site.pages}}<a href="{{url}}">{{title}}</a>{{/site.pages}}\n' >"$s/templates/index.mustache"
cp "$s/templates/index.mustache" "$s/templates/section.mustache"
# The caches trust no stat of a file changed within 2 s of a build.
age() { find "$@" -exec touch -d '1 hour ago' {} +; }
age "$s/content" "$s/templates"

LSAN_OFF=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 # LeakSanitizer cannot run under ptrace
build() {
	ASAN_OPTIONS=$LSAN_OFF "$@" "$BRIEF" build -q -c "$s/content" -t "$s/templates" -o "$s/out" >"$tmp/log" 2>&1
}
# A cached build (the command before it: $@) that must succeed and
# write what --no-cache writes, with no empty folder; step $name.
step() {
	if ! build "$@"; then
		fail "$name: the cached build succeeds" "$(cat "$tmp/log")"
		return 1
	fi
	same_as_no_cache "$name" "$s"
	empty=$(cd "$s/out" && find . -mindepth 1 -type d -empty)
	[ -z "$empty" ] && ok "$name: no empty folder in the output" ||
		fail "$name: no empty folder in the output" "$empty"
}

name="first build" step env
name="nothing changed" step env
printf '\nMore of b.\n' >>"$s/content/notes/b.md"
age "$s/content/notes"
name="one page changed" step env

# The folders made ahead for deep/x/y/z/ go when the page does, all
# three levels, and come back with it.
mv "$s/content/deep" "$tmp/deep"
name="a page alone in its folders removed" step env
mv "$tmp/deep" "$s/content/deep"
age "$s/content"
name="that page back" step env

# A kept page's last output edited by hand (same size): the check made
# ahead of the plan sees it, and the page renders again.
sed -i 's/Body of c/Body of C/' "$s/out/notes/c/index.html"
touch -d '1 hour ago' "$s/out/notes/c/index.html"
printf '\nMore of a.\n' >>"$s/content/notes/a.md"
age "$s/content/notes"
name="a kept page's output edited by hand" step env

if command -v strace >/dev/null; then
	# The last build's folders, all made before the first kept page is
	# linked, each link at the first try.
	dirs=$(cd "$s/out" && find . -mindepth 1 -type d | wc -l)
	printf '\nMore of d.\n' >>"$s/content/notes/d.md"
	age "$s/content/notes"
	name="one page changed, traced" step strace -f -qq -o "$tmp/trace" -e trace=mkdirat,linkat,rename,execve
	made=$(awk '/linkat\(/ { exit } /mkdirat\(.*\.out\.brief-/ || /mkdirat\([0-9]+, "/ { n++ } END { print n + 0 }' "$tmp/trace")
	links=$(grep -c 'linkat(' "$tmp/trace")
	bad=$(grep 'linkat(' "$tmp/trace" | grep -v '= 0$' | grep -cv 'unfinished')
	[ "$made" -ge "$dirs" ] && ok "the last build's $dirs folders are made before the first link ($made)" ||
		fail "the last build's $dirs folders are made before the first link" "$made made" "$(head -n 20 "$tmp/trace")"
	[ "$links" -ge 5 ] && [ "$bad" -eq 0 ] && ok "each kept page is linked at the first try ($links links)" ||
		fail "each kept page is linked at the first try" "$links links, $bad failed" "$(grep linkat "$tmp/trace" | head)"
	# The old output's removal (a shell that starts rm) begins after the
	# build cache is in place.
	cache_at=$(grep -n 'rename(".*\.brief-cache/out\.tmp-[^"]*", "[^"]*\.brief-cache/out"' "$tmp/trace" | head -n 1 | cut -d: -f1)
	sh_at=$(grep -n 'execve("/bin/sh"' "$tmp/trace" | head -n 1 | cut -d: -f1)
	[ -n "$cache_at" ] && [ -n "$sh_at" ] && [ "$sh_at" -gt "$cache_at" ] &&
		ok "the old output's removal starts after the build cache is written" ||
		fail "the old output's removal starts after the build cache is written" "cache at line ${cache_at:-none}, sh at ${sh_at:-none}" "$(grep -E 'rename|execve' "$tmp/trace")"
	for _ in $(seq 100); do
		[ -z "$(ls -A "$s/.brief-cache/trash" 2>/dev/null)" ] && break
		sleep 0.1
	done
	[ -z "$(ls -A "$s/.brief-cache/trash" 2>/dev/null)" ] && ok "the old output is then removed" ||
		fail "the old output is then removed" "$(ls -A "$s/.brief-cache/trash")"

	# A page or two to render: their Markdown renders in brief itself,
	# no worker forked (clone without CLONE_VM: fork; threads and the
	# shell's spawn share the memory); a large page still goes to one.
	# brief's own: the shell that starts rm forks it too.
	forks() {
		local pid
		pid=$(head -n 1 "$1" | cut -d ' ' -f 1)
		grep -E "^$pid +(clone|clone3|fork|vfork)\\(" "$1" | grep -vc 'CLONE_VM'
	}
	printf '\nMore of a and b.\n' | tee -a "$s/content/notes/a.md" >>"$s/content/notes/b.md"
	age "$s/content/notes"
	name="two pages changed, traced" step strace -f -qq -o "$tmp/forks" -e trace=clone,clone3,fork,vfork
	[ "$(forks "$tmp/forks")" -eq 0 ] && ok "two small pages changed: no Markdown worker forked" ||
		fail "two small pages changed: no Markdown worker forked" "$(cat "$tmp/forks")"
	python3 -c 'import sys; sys.stdout.write("A line of *the* large page.\n" * 2000)' >>"$s/content/notes/b.md"
	age "$s/content/notes"
	name="a large page changed, traced" step strace -f -qq -o "$tmp/forks" -e trace=clone,clone3,fork,vfork
	[ "$(forks "$tmp/forks")" -ge 1 ] && ok "a large page (over 32 KiB) changed: its Markdown renders in a worker" ||
		fail "a large page (over 32 KiB) changed: its Markdown renders in a worker" "$(cat "$tmp/forks")"

	# SIGTERM while a cached build scans (its staging folder, made ahead,
	# is there): the build unwinds, and nothing is left of it.
	printf '\nMore of c.\n' >>"$s/content/notes/c.md"
	age "$s/content/notes"
	before=$(tree_sum "$s/out")
	ASAN_OPTIONS=$LSAN_OFF strace -f -qq -o /dev/null -P "$s/content/notes/c.md" -e trace=openat \
		-e inject=openat:delay_exit=3000000:when=1 \
		"$BRIEF" build -q -c "$s/content" -t "$s/templates" -o "$s/out" >"$tmp/log" 2>&1 &
	tracer=$!
	staged=
	for _ in $(seq 100); do
		staged=$(ls -A "$s" | grep '^\.out\.brief-' | grep -v 'lock$')
		[ -n "$staged" ] && break
		sleep 0.05
	done
	sleep 0.5
	pid=$(pgrep -P $tracer)
	[ -n "$pid" ] && kill -TERM "$pid"
	wait $tracer
	status=$?
	left=$(ls -A "$s" | grep '^\.out\.brief-' | grep -v 'lock$')
	if [ -n "$staged" ] && [ "$status" -eq 143 ] && [ -z "$left" ] && [ "$(tree_sum "$s/out")" = "$before" ] &&
		grep -q "^brief: interrupted; $s/out left unchanged$" "$tmp/log"; then
		ok "SIGTERM while a cached build scans: exit 143, out unchanged, its early staging folder gone"
	else
		fail "SIGTERM while a cached build scans: exit 143, out unchanged, its early staging folder gone" \
			"staged '${staged}', exit $status, left '${left}'" "$(cat "$tmp/log")"
	fi
fi

# A build that fails in the content, with a cache and so a staging
# folder made ahead: exit 1, out untouched, no staging folder left.
before=$(tree_sum "$s/out")
printf -- '---\ntitle: [broken\n---\nBody.\n' >"$s/content/notes/e.md"
build env
status=$?
left=$(ls -A "$s" | grep '^\.out\.brief-' | grep -v 'lock$')
[ "$status" -eq 1 ] && [ -z "$left" ] && [ "$(tree_sum "$s/out")" = "$before" ] &&
	ok "a failing cached build: exit 1, out untouched, no staging folder left" ||
	fail "a failing cached build: exit 1, out untouched, no staging folder left" "exit $status, left '$left'" "$(cat "$tmp/log")"
rm "$s/content/notes/e.md"
name="the next good build" step env

summary
