#!/usr/bin/env bash
# End-to-end tests of the output folder's safety ($BRIEF, default
# generator/brief): outputs that would destroy sources are usage errors
# that touch nothing; only brief's own output (with its .brief-manifest)
# is replaced without --force; dot-entries and keep: entries survive every
# build, failed ones included; concurrent builds wait for each other and
# always publish a complete site. Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh" brief-output


# A copy of the basic golden site in $1, with a plain text file beside it.
new_site() {
	mkdir -p "$1" && cp -r tests/sites/basic/content tests/sites/basic/templates "$1/" &&
		echo "my notes" >"$1/notes.txt"
}

# --- outputs that are, hold or lie inside the sources: exit 2, nothing touched ---
new_site "$tmp/p/site" && mkdir -p "$tmp/p/site/sub"
here=$(cd "$tmp/p/site" && pwd -P)
refuse() { # name, folder to run in, expected stderr, args...
	local name=$1 dir=$2 want=$3 before status
	shift 3
	before=$(tree_sum "$tmp/p")
	(cd "$dir" && "$BRIEF" build "$@") >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ $status -ne 2 ]; then
		fail "$name: exit 2" "exit $status" "$(cat "$tmp/err")"
	elif [ "$(cat "$tmp/err")" != "$want" ]; then
		fail "$name: the message names both folders" "got:  $(cat "$tmp/err")" "want: $want"
	elif [ "$(tree_sum "$tmp/p")" != "$before" ]; then
		fail "$name: nothing touched" "$(diff <(echo "$before") <(tree_sum "$tmp/p") | head -n 5)"
	else
		ok "$name: exit 2, both folders named, the whole tree byte-identical"
	fi
}
again="choose another -o"
refuse "-o content" "$tmp/p/site" \
	"brief: output folder 'content' is the content folder 'content': $again" -o content
refuse "-o templates" "$tmp/p/site" \
	"brief: output folder 'templates' is the templates folder 'templates': $again" -o templates
refuse "-o ." "$tmp/p/site" "brief: output folder '.' is the current folder '$here': $again" -o .
refuse "-o .. (a parent of the site)" "$tmp/p/site/sub" \
	"brief: output folder '..' contains the current folder '$here/sub': $again" \
	-c ../content -t ../templates -o ..
refuse "-o content/sub" "$tmp/p/site" \
	"brief: output folder 'content/sub' lies inside the content folder 'content': $again" -o content/sub
refuse "-o notes.txt" "$tmp/p/site" "brief: 'notes.txt' is a file, not a folder: $again" -o notes.txt
refuse "-o a parent of -c, from elsewhere" "$tmp" \
	"brief: output folder '$tmp/p' contains the content folder '$tmp/p/site/content': $again" \
	-c "$tmp/p/site/content" -t "$tmp/p/site/templates" -o "$tmp/p"
refuse "-o through a folder not made yet" "$tmp/p/site" \
	"brief: output folder 'new/../templates/x' lies inside the templates folder 'templates': $again" \
	-o new/../templates/x

# --- only brief's own output is replaced without --force ---
site=$tmp/p/site
mkdir -p "$site/theirs" && echo "a report" >"$site/theirs/report.pdf"
refuse "a non-empty folder brief did not write" "$site" \
	"brief: output folder 'theirs' is not empty and holds no .brief-manifest, so brief did not write it: use --force to replace it anyway, or choose another -o" \
	-o theirs
if (cd "$site" && "$BRIEF" build -q --force -o theirs) 2>"$tmp/err" && [ ! -e "$site/theirs/report.pdf" ] &&
	[ -f "$site/theirs/index.html" ] && head -n 1 "$site/theirs/.brief-manifest" | grep -qx 'brief-manifest 1'; then
	ok "--force replaces a folder brief did not write"
else
	fail "--force replaces a folder brief did not write" "$(cat "$tmp/err")"
fi
echo stray >"$site/theirs/stray.html"
if (cd "$site" && "$BRIEF" build -q -o theirs) 2>"$tmp/err" && [ ! -e "$site/theirs/stray.html" ]; then
	ok "without --force, brief replaces its own output (it has a manifest)"
else
	fail "without --force, brief replaces its own output (it has a manifest)" "$(cat "$tmp/err")"
fi
if diff <(cd "$site/theirs" && find . -type f ! -name .brief-manifest | sed 's|^\./||' | LC_ALL=C sort) \
	<(tail -n +2 "$site/theirs/.brief-manifest") >"$tmp/d"; then
	ok "the manifest lists every file the build wrote, sorted"
else
	fail "the manifest lists every file the build wrote, sorted" "$(head -n 5 "$tmp/d")"
fi
mkdir -p "$site/empty" "$site/dotted/.git" && echo ref >"$site/dotted/.git/HEAD"
if (cd "$site" && "$BRIEF" build -q -o empty && "$BRIEF" build -q -o dotted) 2>"$tmp/err" &&
	[ -f "$site/empty/index.html" ] && [ "$(cat "$site/dotted/.git/HEAD")" = ref ]; then
	ok "an empty folder, or one holding only dot-entries, is fine"
else
	fail "an empty folder, or one holding only dot-entries, is fine" "$(cat "$tmp/err")"
fi
if [ -f "$site/.empty.brief-lock" ] && [ -z "$(ls -a "$site" | grep '\.brief-' | grep -v -e '\.brief-lock$' -e '^\.brief-cache$')" ]; then
	ok "the lock file stays beside the output; no staging folder is left"
else
	fail "the lock file stays beside the output; no staging folder is left" "$(ls -a "$site")"
fi

# --- dot-entries and keep: entries are carried over, never copied ---
pub=$site/pub
printf 'keep: [CNAME]\n' >>"$site/content/site.yaml"
(cd "$site" && "$BRIEF" build -q -o pub) 2>"$tmp/err" || fail "build into pub" "$(cat "$tmp/err")"
mkdir -p "$pub/.git/objects/ab" "$pub/.well-known"
echo "ref: refs/heads/gh-pages" >"$pub/.git/HEAD"
head -c 100000 /dev/urandom >"$pub/.git/objects/ab/cdef"
echo x >"$pub/.well-known/x" && : >"$pub/.nojekyll" && echo example.org >"$pub/CNAME"
kept_sum() { (cd "$pub" && tree_sum .git && tree_sum .well-known && sha256sum .nojekyll CNAME && stat -c '%n %i' .git .well-known); }
kept=$(kept_sum)
for n in 1 2; do
	echo stray >"$pub/stray.html"
	if (cd "$site" && "$BRIEF" build -q -o pub) 2>"$tmp/err" && [ "$(kept_sum)" = "$kept" ] &&
		[ ! -e "$pub/stray.html" ] && [ -f "$pub/index.html" ] && ! grep -qE '^(\.|CNAME)' <(tail -n +2 "$pub/.brief-manifest"); then
		ok "build $n: .git, .well-known/x, .nojekyll and keep: CNAME carried over byte-identical (same inodes)"
	else
		fail "build $n: .git, .well-known/x, .nojekyll and keep: CNAME carried over byte-identical (same inodes)" "$(cat "$tmp/err")"
	fi
done
before=$(tree_sum "$pub")
printf -- '---\ntitle: Broken\n---\nSee [nothing](nowhere.md).\n' >"$site/content/broken.md"
(cd "$site" && "$BRIEF" build -o pub) >/dev/null 2>"$tmp/err"
status=$?
rm "$site/content/broken.md"
if [ $status -eq 1 ] && grep -q '^content/broken.md:4:[0-9]*: error: ' "$tmp/err" &&
	[ "$(tree_sum "$pub")" = "$before" ] && [ "$(kept_sum)" = "$kept" ]; then
	ok "a failed build leaves pub, its dot-entries and CNAME exactly as they were"
else
	fail "a failed build leaves pub, its dot-entries and CNAME exactly as they were" "exit $status" "$(cat "$tmp/err")"
fi

# --- keep: is checked ---
keep_error() { # name, keep: line, expected stderr
	cp "$site/content/site.yaml" "$tmp/site.yaml"
	sed -i "s|^keep:.*|$2|" "$site/content/site.yaml"
	before=$(tree_sum "$pub")
	(cd "$site" && "$BRIEF" build -o pub) >/dev/null 2>"$tmp/err"
	local status=$?
	cp "$tmp/site.yaml" "$site/content/site.yaml"
	if [ $status -eq 1 ] && diff <(printf '%s\n' "$3" "brief: build failed with $4; pub left unchanged") "$tmp/err" >"$tmp/d" &&
		[ "$(tree_sum "$pub")" = "$before" ]; then
		ok "keep: $1"
	else
		fail "keep: $1" "exit $status" "$(cat "$tmp/d")"
	fi
}
keep_error "must be a list" 'keep: CNAME' \
	"content/site.yaml:9:7: error: 'keep' must be a list of names of entries at the top of the output folder, such as [CNAME]" "1 error"
keep_error "plain names only, each error at its item" 'keep: [CNAME, a/b, "..", 7]' \
	"content/site.yaml:9:15: error: keep: 'a/b' must be the plain name of an entry at the top of the output folder (no '/', not '.' or '..')
content/site.yaml:9:20: error: keep: '..' must be the plain name of an entry at the top of the output folder (no '/', not '.' or '..')
content/site.yaml:9:26: error: keep: each entry must be a name (a string), such as CNAME" "3 errors"
keep_error "an entry the build writes itself is an error" 'keep: [CNAME, guide]' \
	"content/site.yaml:9:15: error: keep: 'guide' is written by the build itself (guide/index.html, for content/guide/_index.md): drop it from keep: or from the site" "1 error"

# --- CLI ---
if "$BRIEF" --help | grep -q -- '--force' && "$BRIEF" --help | grep -q -- '--no-wait'; then
	ok "--help lists --force and --no-wait"
else
	fail "--help lists --force and --no-wait"
fi
if (cd "$site" && "$BRIEF" build -q --no-wait -o pub) 2>"$tmp/err" && [ ! -s "$tmp/err" ]; then
	ok "--no-wait builds when no other build is running"
else
	fail "--no-wait builds when no other build is running" "$(cat "$tmp/err")"
fi

# --- concurrent builds: the second waits; the output is always complete ---
# Fewer pages on the ASan build, slower by far; the first build still runs
# for seconds when the second starts (checked: the second says it waits):
# it is a --no-cache build, which an unchanged site does not cut short.
big=$tmp/big
big_site "$big"
complete() { # the output folder is a whole build of the big site
	local out=$big/brief/out
	[ -f "$out/index.html" ] && [ -f "$out/posts/index.html" ] &&
		[ "$(find "$out/posts" -mindepth 2 -maxdepth 2 -name index.html | wc -l)" -eq "$pages" ] &&
		diff <(cd "$out" && find . -type f ! -name .brief-manifest | sed 's|^\./||' | LC_ALL=C sort) \
			<(tail -n +2 "$out/.brief-manifest") >/dev/null &&
		[ -z "$(ls -a "$big/brief" | grep '^\.out\.brief-' | grep -v '^\.out\.brief-lock$')" ]
}
waiting="brief: another build is writing 'out' (lock .out.brief-lock): waiting"
for r in 1 2 3; do
	(cd "$big/brief" && "$BRIEF" build -q --no-cache -o out) 2>"$tmp/err1" &
	first=$!
	sleep 0.3
	(cd "$big/brief" && "$BRIEF" build -q -o out) 2>"$tmp/err2"
	st2=$?
	wait $first
	st1=$?
	if [ $st1 -eq 0 ] && [ $st2 -eq 0 ] && [ "$(cat "$tmp/err2")" = "$waiting" ] && [ ! -s "$tmp/err1" ] && complete; then
		ok "run $r: two builds of $pages pages 0.3 s apart: the second waited, both exit 0, the output is complete"
	else
		fail "run $r: two builds of $pages pages 0.3 s apart: the second waited, both exit 0, the output is complete" \
			"exit $st1 and $st2" "$(cat "$tmp/err1" "$tmp/err2")" "$(ls -a "$big/brief")"
	fi
done
(cd "$big/brief" && "$BRIEF" build -q --no-cache -o out) 2>"$tmp/err1" &
first=$!
sleep 0.3
(cd "$big/brief" && "$BRIEF" build -q --no-wait -o out) 2>"$tmp/err2"
st2=$?
wait $first
st1=$?
if [ $st1 -eq 0 ] && [ $st2 -eq 1 ] && complete && diff - "$tmp/err2" >"$tmp/d" <<EOF; then
out: error: another build is writing this folder (lock .out.brief-lock): not waiting (--no-wait)
brief: build failed with 1 error; out left unchanged
EOF
	ok "--no-wait during a running build exits 1 with the message; the output is complete"
else
	fail "--no-wait during a running build exits 1 with the message; the output is complete" \
		"exit $st1 and $st2" "$(cat "$tmp/d")"
fi

summary
