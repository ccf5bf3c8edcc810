#!/usr/bin/env bash
# End-to-end tests of faults a build must survive ($BRIEF, default
# generator/brief): content/ that is a file, missing or a link loop; file
# names with spaces, leading dashes, newlines and bytes that are not UTF-8;
# a full disk (a file size limit, and a small tmpfs); an output folder on a
# read-only file system; SIGKILL, SIGINT and SIGTERM in the middle of a big
# build. Each time: a clear error, the previous output byte-identical, no
# staging folder left (or, after SIGKILL, removed by the next build), no
# worker process left running. Two builds at once: tests/e2e-output.sh.
# Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh" brief-faults

# The staging folders beside output folder $1/$2 (the lock file is not one).
staging() { ls -A "$1" | grep "^\.$2\.brief-" | grep -v '\.brief-lock$'; }

# A copy of the basic golden site in $1, built once into $1/out.
new_site() {
	mkdir -p "$1" && cp -r tests/sites/basic/content tests/sites/basic/templates "$1/" &&
		(cd "$1" && "$BRIEF" build -q -o out) || fail "new_site $1: the first build"
}

# name, folder, expected stderr, args...: exit 1, exactly that stderr,
# out/ byte-identical and no staging folder.
fails_cleanly() {
	local name=$1 dir=$2 want=$3 before status
	shift 3
	before=$(tree_sum "$dir/out")
	(cd "$dir" && "$BRIEF" build -o out "$@") >/dev/null 2>"$tmp/err"
	status=$?
	if [ $status -ne 1 ]; then
		fail "$name: exit 1" "exit $status" "$(cat "$tmp/err")"
	elif ! diff <(printf '%s\n' "$want") "$tmp/err" >"$tmp/d"; then
		fail "$name: the message" "$(cat "$tmp/d")"
	elif [ "$(tree_sum "$dir/out")" != "$before" ] || [ -n "$(staging "$dir" out)" ]; then
		fail "$name: out untouched, no staging folder" "$(ls -a "$dir")"
	else
		ok "$name: exit 1, the message, out byte-identical, no staging folder"
	fi
}

# --- content/ that is a file, missing, or a link loop ---
s=$tmp/roots
new_site "$s"
echo "not a folder" >"$s/file" && ln -s loop "$s/loop"
left="brief: build failed with 1 error; out left unchanged"
fails_cleanly "content/ is a file" "$s" "file: error: cannot open the content folder: Not a directory
$left" -c file
fails_cleanly "content/ is a link loop" "$s" "loop: error: cannot open the content folder: Too many levels of symbolic links
$left" -c loop
fails_cleanly "content/ is missing" "$s" "missing/site.yaml: error: cannot read: No such file or directory
missing/site.yaml: note: no site here: start one with 'brief init DIR', or name a site's content folder with --content DIR
$left" -c missing
fails_cleanly "templates/ is a link loop" "$s" "loop: error: cannot open folder: Too many levels of symbolic links
$left" -t loop

# --- file names ---
s=$tmp/names
new_site "$s"
printf -- '---\ntitle: Spaced\n---\nTo [the dash](-rf.md) and [a picture](img/a%%20b.svg).\n' >"$s/content/my page.md"
printf -- '---\ntitle: Dash\n---\nBack to [spaced](my%%20page.md).\n' >"$s/content/-rf.md"
cp "$s/content/img/dot.svg" "$s/content/img/a b.svg"
if (cd "$s" && "$BRIEF" build -q --check -o out) 2>"$tmp/err" && [ -f "$s/out/my page/index.html" ] &&
	[ -f "$s/out/-rf/index.html" ] && [ -f "$s/out/img/a b.svg" ] && grep -qx 'my page/index.html' "$s/out/.brief-manifest"; then
	ok "names with spaces and a leading dash build, and their links resolve (--check)"
else
	fail "names with spaces and a leading dash build, and their links resolve (--check)" "$(cat "$tmp/err")"
fi
printf -- '---\ntitle: NL\n---\nx\n' >"$s/content/new"$'\n'"line.md"
printf -- '---\ntitle: Latin-1\n---\nx\n' >"$s/content/caf"$'\xe9'".md"
echo x >"$s/content/img/tab"$'\t'"bad"$'\xff'".svg"
fails_cleanly "a newline, a tab, bytes that are not UTF-8 in file names" "$s" \
	"content: error: file name 'caf\\xE9.md' is not UTF-8: rename it
content: error: file name 'new\\x0Aline.md' holds a control character (a newline, a tab...): rename it
content/img: error: file name 'tab\\x09bad\\xFF.svg' holds a control character (a newline, a tab...): rename it
brief: build failed with 3 errors; out left unchanged"

# --- a full disk: a file size limit (ulimit -f), then a small tmpfs ---
s=$tmp/full
new_site "$s"
head -c 300000 /dev/zero >"$s/content/img/big.bin"
before=$(tree_sum "$s/out")
(ulimit -f 100 && cd "$s" && "$BRIEF" build -o out) >/dev/null 2>"$tmp/err"
status=$?
if [ $status -eq 1 ] && grep -q '/img/big.bin: error: cannot copy content/img/big.bin: File too large$' "$tmp/err" &&
	[ "$(tail -n 1 "$tmp/err")" = "$left" ] && [ "$(tree_sum "$s/out")" = "$before" ] && [ -z "$(staging "$s" out)" ]; then
	ok "ulimit -f: exit 1, 'File too large' at the file, out byte-identical, no staging folder"
else
	fail "ulimit -f: exit 1, 'File too large' at the file, out byte-identical, no staging folder" \
		"exit $status" "$(cat "$tmp/err")" "$(ls -a "$s")"
fi
rm "$s/content/img/big.bin"

# A private mount namespace for the tmpfs and read-only mounts (root, or
# a user namespace); nothing mounted is seen outside it.
ns=
if unshare -m true 2>/dev/null; then
	ns="unshare -m"
elif unshare -rm true 2>/dev/null; then
	ns="unshare -rm"
fi
# Runs $1 (bash) in the namespace with $s, $BRIEF, $tmp exported; the
# script writes what it saw into $tmp/ns.*.
in_ns() { s=$s BRIEF=$BRIEF tmp=$tmp $ns bash -c "$1"; }
if [ -z "$ns" ]; then
	echo "unshare not found; the tmpfs and read-only tests skipped"
	skipped=2
else
	skipped=0
	s=$tmp/disk
	mkdir -p "$s" && cp -r tests/sites/basic/content tests/sites/basic/templates "$s/"
	in_ns '
		mkdir -p "$s/small" && mount -t tmpfs -o size=256k brief-full "$s/small" || exit 1
		cd "$s" && "$BRIEF" build -q -o small/out 2>"$tmp/ns.first" || exit 1
		sum() { (cd "$1" && find . -printf "%p %m\n" | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }
		sum small/out >"$tmp/ns.before"
		head -c 400000 /dev/urandom >content/img/noise.bin
		"$BRIEF" build -o small/out >/dev/null 2>"$tmp/ns.err"
		echo $? >"$tmp/ns.status"
		sum small/out >"$tmp/ns.after"
		ls -A small >"$tmp/ns.ls"
		df -k small | tail -n 1 >"$tmp/ns.df"'
	if [ "$(cat "$tmp/ns.status" 2>/dev/null)" = 1 ] && grep -q 'error: .*No space left on device$' "$tmp/ns.err" &&
		[ "$(tail -n 1 "$tmp/ns.err")" = "brief: build failed with 1 error; small/out left unchanged" ] &&
		cmp -s "$tmp/ns.before" "$tmp/ns.after" && [ "$(cat "$tmp/ns.ls")" = "$(printf '.brief-cache\n.out.brief-lock\nout')" ]; then
		ok "a full 256 KiB tmpfs: exit 1, 'No space left on device', out byte-identical, no staging folder"
	else
		fail "a full 256 KiB tmpfs: exit 1, 'No space left on device', out byte-identical, no staging folder" \
			"exit $(cat "$tmp/ns.status" 2>/dev/null)" "$(cat "$tmp/ns.first" "$tmp/ns.err" "$tmp/ns.ls" 2>/dev/null)"
	fi
	rm -f "$s/content/img/noise.bin"

	# The output's parent on a read-only file system: once with an old
	# output in it, once without.
	in_ns '
		cd "$s" && mkdir -p ro && "$BRIEF" build -q -o ro/out || exit 1
		mount --bind ro ro && mount -o remount,bind,ro ro || exit 1
		"$BRIEF" build -o ro/out >/dev/null 2>"$tmp/ns.err"
		echo $? >"$tmp/ns.status"
		"$BRIEF" build -o ro/new >/dev/null 2>"$tmp/ns.err2"
		echo $? >"$tmp/ns.status2"
		ls -A ro >"$tmp/ns.ls"'
	if [ "$(cat "$tmp/ns.status" "$tmp/ns.status2" 2>/dev/null)" = "$(printf '1\n1')" ] &&
		diff - "$tmp/ns.err" <<<"ro/.out.brief-lock: error: cannot open the lock file: Read-only file system
brief: build failed with 1 error; ro/out left unchanged" >"$tmp/d" &&
		diff - "$tmp/ns.err2" <<<"ro/.new.brief-lock: error: cannot open the lock file: Read-only file system
brief: build failed with 1 error; ro/new left unchanged" >>"$tmp/d" &&
		[ "$(cat "$tmp/ns.ls")" = "$(printf '.brief-cache\n.out.brief-lock\nout')" ]; then
		ok "a read-only parent: exit 1 with the reason, before anything is written, for an old output and a new one"
	else
		fail "a read-only parent: exit 1 with the reason, before anything is written, for an old output and a new one" \
			"$(cat "$tmp/d" "$tmp/ns.ls" 2>/dev/null)"
	fi
fi

# --- signals in the middle of a big build ---
big=$tmp/big
big_site "$big"
site=$big/brief
(cd "$site" && "$BRIEF" build -q -o out) 2>"$tmp/err" || fail "the first build of $pages pages" "$(cat "$tmp/err")"
before=$(tree_sum "$site/out")

# Starts a build of the big site in the background (pid in $pid) and
# stops it (SIGSTOP) once it has written $1 entries into posts/ of its own
# staging folder (not one that a killed build left): the signal sent next
# lands in the middle of the writing, however fast the build. Once the
# folder exists the loop forks nothing, to see it fill at once. After the
# swap the old tree sits under the staging name: a build that got that far
# before the loop saw it (out has a new inode) is tried again, up to three
# times, so that no check looks at a finished build.
start_build() {
	local try
	for try in 1 2 3; do
		start_build_once "$1" && return 0
		wait $pid 2>/dev/null
	done
	return 1
}
start_build_once() {
	local old new d entries i ino
	old=$(staging "$site" out)
	ino=$(stat -c %i "$site/out")
	# Without the build cache, which may find out up to date (nothing
	# to write, so no staging folder) once the sources are 2 s old.
	rm -rf "$site/.brief-cache"
	(cd "$site" && exec "$BRIEF" build -q -j 3 -o out) 2>"$tmp/err" &
	pid=$!
	shopt -s nullglob
	for ((i = 0; i < 1000000; i++)); do
		new=
		for d in "$site"/.out.brief-??????; do
			[ "${d##*/}" = "$old" ] || new=$d
		done
		if [ -z "$new" ]; then
			sleep 0.02 # still rendering: leave the CPU to it
		else
			entries=("$new"/posts/*)
			[ ${#entries[@]} -ge "$1" ] && break
		fi
		[ $((i % 1000)) -ne 0 ] || kill -0 $pid 2>/dev/null || break
	done
	shopt -u nullglob
	kill -STOP $pid 2>/dev/null
	# Still writing: the staging folder is there, out not swapped yet.
	[ -n "$new" ] && [ -d "$new" ] && [ "$(stat -c %i "$site/out")" = "$ino" ] &&
		[ "$(tree_sum "$site/out")" = "$before" ] && return 0
	kill -KILL $pid 2>/dev/null
	return 1
}
alive() { # pids of $@ still running (a zombie is not)
	local p
	for p in "$@"; do
		[ -r "/proc/$p/stat" ] && [ "$(cut -d' ' -f3 "/proc/$p/stat" 2>/dev/null)" != Z ] && echo "$p"
	done
}

# SIGKILL while the Markdown workers run: they die with the build (no
# cache: with one, nothing changed and no Markdown renders).
(cd "$site" && exec "$BRIEF" build -q -j 3 --no-cache -o out) 2>"$tmp/err" &
pid=$!
kids=
for i in $(seq 1 600); do
	kids=$(pgrep -P $pid)
	[ -n "$kids" ] && break
	sleep 0.02
done
kill -KILL $pid
wait $pid 2>/dev/null
sleep 0.3
if [ -n "$kids" ] && [ -z "$(alive $kids)" ]; then
	ok "SIGKILL while rendering: the worker processes ($(echo $kids)) die with the build"
else
	fail "SIGKILL while rendering: the worker processes die with the build" "workers: ${kids:-none seen}" \
		"still running: $(alive $kids)"
	kill -KILL $(alive $kids) 2>/dev/null
fi

# SIGKILL while writing: the staging folder stays, the output is whole.
if start_build 20; then
	kill -KILL $pid
	wait $pid 2>/dev/null
	abandoned=$(staging "$site" out)
	if [ -n "$abandoned" ] && [ "$(tree_sum "$site/out")" = "$before" ]; then
		ok "SIGKILL while writing $pages pages: out byte-identical ($abandoned abandoned)"
	else
		fail "SIGKILL while writing $pages pages: out byte-identical" "staging: $abandoned" "$(ls -A "$site")"
	fi
else
	fail "SIGKILL while writing: the build never reached its staging folder" "$(cat "$tmp/err")"
fi

# SIGINT and SIGTERM while writing: 128+signal, the message, out
# byte-identical, and no staging folder: not its own, nor the abandoned one.
for sig in INT TERM; do
	if start_build 20; then
		kill -$sig $pid && kill -CONT $pid
		wait $pid
		status=$?
		want=$((128 + $(kill -l $sig)))
		if [ $status -eq $want ] && [ "$(cat "$tmp/err")" = "brief: interrupted; out left unchanged" ] &&
			[ -z "$(staging "$site" out)" ] && [ "$(tree_sum "$site/out")" = "$before" ]; then
			ok "SIG$sig while writing: exit $want, 'interrupted', out byte-identical, no staging folder left"
		else
			fail "SIG$sig while writing: exit $want, 'interrupted', out byte-identical, no staging folder left" \
				"exit $status" "$(cat "$tmp/err")" "$(ls -A "$site")"
		fi
	else
		fail "SIG$sig while writing: the build never reached its staging folder" "$(cat "$tmp/err")"
	fi
done

# SIGTERM before any staging folder exists ends brief at once. The build
# is held before its staging folder for sure: another holds the lock.
flock -x "$site/.out.brief-lock" sleep 60 &
holder=$!
for _ in $(seq 50); do flock -n "$site/.out.brief-lock" true || break; sleep 0.1; done
(cd "$site" && exec "$BRIEF" build -q -o out) 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do grep -q waiting "$tmp/err" 2>/dev/null && break; sleep 0.1; done
kill -TERM $pid
wait $pid
status=$?
kill $holder 2>/dev/null
wait $holder 2>/dev/null
if [ $status -eq 143 ] && [ -z "$(staging "$site" out)" ] && [ "$(tree_sum "$site/out")" = "$before" ]; then
	ok "SIGTERM before writing: exit 143 at once, nothing left"
else
	fail "SIGTERM before writing: exit 143 at once, nothing left" "exit $status" "$(ls -A "$site")"
fi

# After all that, a build succeeds and leaves no staging folder.
start_build 1 && kill -KILL $pid && wait $pid 2>/dev/null
[ -n "$(staging "$site" out)" ] || fail "the last SIGKILL left a staging folder to remove"
if (cd "$site" && "$BRIEF" build -q -o out) 2>"$tmp/err" && [ -z "$(staging "$site" out)" ] &&
	[ "$(find "$site/out/posts" -mindepth 2 -maxdepth 2 -name index.html | wc -l)" -eq "$pages" ]; then
	ok "the next build succeeds and removes the abandoned staging folder"
else
	fail "the next build succeeds and removes the abandoned staging folder" "$(cat "$tmp/err")" "$(ls -A "$site")"
fi

if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
else
	summary
fi
