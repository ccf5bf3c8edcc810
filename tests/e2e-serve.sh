#!/usr/bin/env bash
# End-to-end tests of `brief serve` ($BRIEF, default generator/brief), with
# curl against servers started with --port 0 on 127.0.0.1: every rule of
# HTTP one by one, edits seen within a second, the errors event of a
# broken template (the exact lines `brief build` prints), its fix, editor
# droppings (no rebuild), a rename-over save (one rebuild), output/ never
# touched, limits, and a clean stop on SIGTERM. Every server and client is
# bounded in time and killed at the end. Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh" brief-serve

pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

# start NAME DIR [ARGS...]: runs `brief serve --port 0 ARGS` in DIR with
# its output in $tmp/NAME.out and .err; sets pid and url (from the first
# line) or returns 1.
start() {
	local name=$1 dir=$2 i
	shift 2
	(cd "$dir" && exec timeout 300 "$BRIEF" serve --port 0 "$@") >"$tmp/$name.out" 2>"$tmp/$name.err" &
	pid=$!
	pids+=("$pid")
	url=
	for i in $(seq 100); do
		url=$(head -n 1 "$tmp/$name.out" | sed -nE 's|^brief: serving (http://[0-9.]+:[0-9]+/) \(Ctrl-C to stop\)$|\1|p')
		[ -n "$url" ] && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# within MS COMMAND...: runs COMMAND every 20 ms until it succeeds, for at
# most MS milliseconds.
within() {
	local ms=$1 t0
	shift
	t0=$(date +%s%N)
	until "$@"; do
		[ $((($(date +%s%N) - t0) / 1000000)) -ge "$ms" ] && return 1
		sleep 0.02
	done
}

# status URL [CURL ARGS...]: the HTTP status curl gets.
status() {
	local u=$1
	shift
	curl -s -o /dev/null -m 5 -w '%{http_code}' "$@" "$u"
}

rebuilds() { grep -c '^brief: rebuilt' "$tmp/main.out"; }

site=$tmp/site
mkdir -p "$site" && cp -r content templates "$site/"
"$BRIEF" build -q -c "$site/content" -t "$site/templates" -o "$tmp/built" 2>"$tmp/build.err" ||
	fail "the briefing builds" "$(cat "$tmp/build.err")"

if ! start main "$site"; then
	fail "serve starts and prints its URL on its first line" "$(cat "$tmp/main.out" "$tmp/main.err")"
	summary
	exit
fi
ok "serve starts and prints its URL on its first line"
port=${url##*:}
port=${port%/}
# An idle connection, checked at the end: the server must close it.
exec {idle}<>"/dev/tcp/127.0.0.1/$port"
idle_since=$SECONDS

# --- HTTP, rule by rule ---
curl -s -m 5 -D "$tmp/h" -o "$tmp/b" "$url" || true
if grep -q '^HTTP/1.1 200' "$tmp/h" && grep -qi '^Content-Type: text/html; charset=utf-8' "$tmp/h" &&
	grep -qi '^Cache-Control: no-cache' "$tmp/h" && grep -qiE '^ETag: "[0-9a-f]{16}"' "$tmp/h"; then
	ok "/ is index.html, text/html; charset=utf-8, no-cache, an ETag"
else
	fail "/ is index.html, text/html; charset=utf-8, no-cache, an ETag" "$(cat "$tmp/h")"
fi
# The served page is the built one plus the script and a policy that
# lets it run: nothing else differs.
# (The built page's policy may already allow 'self', as for search.)
sed -e '\|^<script src="/__brief/reload.js"></script>$|d' "$tmp/b" >"$tmp/b.plain"
sed -e "s/script-src 'none'/script-src 'self'/" "$tmp/built/index.html" >"$tmp/built.relaxed"
if grep -q '<script src="/__brief/reload.js"></script>' "$tmp/b" && grep -q "script-src 'self'" "$tmp/b" &&
	cmp -s "$tmp/b.plain" "$tmp/built.relaxed"; then
	ok "served HTML is the built page with the reload script and script-src 'self'"
else
	fail "served HTML is the built page with the reload script and script-src 'self'" "$(diff "$tmp/b.plain" "$tmp/built.relaxed" | head -5)"
fi
grep -q '__brief' "$tmp/built/index.html" && fail "the built site never has the reload script"
grep -rq '__brief' "$tmp/built" || ok "the built site never has the reload script"

curl -s -m 5 -D "$tmp/h" -o "$tmp/b" "${url}assets/style.css"
if grep -qi '^Content-Type: text/css; charset=utf-8' "$tmp/h" && cmp -s "$tmp/b" "$tmp/built/assets/style.css"; then
	ok "a stylesheet: text/css; charset=utf-8, its bytes as built"
else
	fail "a stylesheet: text/css; charset=utf-8, its bytes as built" "$(cat "$tmp/h")"
fi
js_type=$(curl -s -m 5 -o /dev/null -w '%{content_type}' "${url}__brief/reload.js")
[ "$js_type" = "text/javascript; charset=utf-8" ] && ok "the reload script is text/javascript" ||
	fail "the reload script is text/javascript" "$js_type"

curl -s -m 5 -I -o "$tmp/h" "${url}sources/"
get_len=$(curl -s -m 5 "${url}sources/" | wc -c)
if grep -q '^HTTP/1.1 200' "$tmp/h" && grep -qi "^Content-Length: $get_len" "$tmp/h" &&
	[ "$(curl -s -m 5 -I "${url}sources/" -w '%{size_download}' -o /dev/null)" = 0 ]; then
	ok "HEAD: the headers of GET, no body"
else
	fail "HEAD: the headers of GET, no body" "GET length $get_len" "$(cat "$tmp/h")"
fi

tag=$(curl -s -m 5 -D - -o /dev/null "${url}sources/" | tr -d '\r' | sed -n 's/^ETag: //Ip')
rm -f "$tmp/b"
curl -s -m 5 -D "$tmp/h" -o "$tmp/b" -H "If-None-Match: $tag" "${url}sources/"
if [ -n "$tag" ] && grep -q '^HTTP/1.1 304' "$tmp/h" && ! [ -s "$tmp/b" ] && grep -qi "^ETag: $tag" "$tmp/h"; then
	ok "If-None-Match with the ETag: 304, no body"
else
	fail "If-None-Match with the ETag: 304, no body" "tag $tag" "$(cat "$tmp/h")"
fi
[ "$(status "${url}sources/" -H 'If-None-Match: "0000000000000000"')" = 200 ] &&
	ok "If-None-Match with another ETag: 200" || fail "If-None-Match with another ETag: 200"

loc=$(curl -s -m 5 -D - -o /dev/null "${url}sources" | tr -d '\r' | sed -n 's/^Location: //Ip')
[ "$(status "${url}sources")" = 301 ] && [ "$loc" = "/sources/" ] &&
	ok "/sources redirects to /sources/" || fail "/sources redirects to /sources/" "Location: $loc"

[ "$(status "${url}assets/")" = 404 ] && ok "a folder without index.html: 404, no listing" ||
	fail "a folder without index.html: 404, no listing"
curl -s -m 5 -D "$tmp/h" -o "$tmp/b" "${url}no/such/page"
if grep -q '^HTTP/1.1 404' "$tmp/h" && grep -qi '^Content-Type: text/html' "$tmp/h" && grep -q 'Not found' "$tmp/b"; then
	ok "a missing page: 404 with a plain page"
else
	fail "a missing page: 404 with a plain page" "$(cat "$tmp/h")"
fi

for m in POST PUT DELETE OPTIONS PATCH; do
	curl -s -m 5 -D "$tmp/h" -o /dev/null -X "$m" -d x=1 "$url"
	if grep -q '^HTTP/1.1 405' "$tmp/h" && grep -qi '^Allow: GET, HEAD' "$tmp/h"; then
		ok "$m: 405 with Allow: GET, HEAD"
	else
		fail "$m: 405 with Allow: GET, HEAD" "$(cat "$tmp/h")"
	fi
done

# Paths that would leave the site, or hide a segment: 400, never a file.
for p in '../../etc/passwd' '%2e%2e/%2e%2e/etc/passwd' 'sources/%2E%2E/%2e%2e/etc/passwd' \
	'..%2fetc%2fpasswd' 'sources%2findex.html' 'index.html%00' '%00' '..%5c..%5cetc' \
	'a\b' './index.html' 'sources//index.html' '%zz' '%2'; do
	s=$(status "$url$p" --path-as-is)
	[ "$s" = 400 ] && ok "/$p: 400" || fail "/$p: 400" "got $s"
done
long=$(head -c 3000 /dev/zero | tr '\0' a)
[ "$(status "$url$long")" = 400 ] && ok "a 3,000-byte path: 400" || fail "a 3,000-byte path: 400"
huge=$(head -c 20000 /dev/zero | tr '\0' a)
[ "$(status "$url$huge")" = 414 ] && ok "a 20,000-byte URL: 414" || fail "a 20,000-byte URL: 414"
[ "$(status "$url" -H "X-Big: $huge")" = 431 ] && ok "a 20,000-byte header: 431" ||
	fail "a 20,000-byte header: 431"

# --- live edits ---
served_has() { curl -s -m 2 "${url}$1" | grep -q "$2"; }
curl -sN -m 120 "${url}__brief/events" >"$tmp/events" &
pids+=($!)
sleep 0.3
n0=$(rebuilds)
echo "New sentence zq81." >>"$site/content/sources/_index.md"
if within 1000 served_has sources/ 'New sentence zq81'; then
	ok "an edited page is served within a second"
else
	fail "an edited page is served within a second" "$(tail -3 "$tmp/main.out" "$tmp/main.err")"
fi
within 1000 grep -q '^event: reload' "$tmp/events" &&
	ok "the edit sends a reload event" || fail "the edit sends a reload event" "$(cat "$tmp/events")"
sleep 0.5
n1=$(rebuilds)
[ "$n1" = $((n0 + 1)) ] && ok "one save, one rebuild" || fail "one save, one rebuild" "$n0 then $n1"

# Editor droppings never rebuild.
: >"$site/content/sources/_index.md~"
: >"$site/content/.x.md.swp"
: >"$site/content/4913"
rm "$site/content/4913"
echo x >"$site/templates/.base.mustache.swx"
sleep 0.4
[ "$(rebuilds)" = "$n1" ] && ok "backups, swap files and vim's 4913 rebuild nothing" ||
	fail "backups, swap files and vim's 4913 rebuild nothing" "$(tail -2 "$tmp/main.out")"

# A rename-over save (write a temporary file, rename it over): one rebuild.
sed 's/zq81/zq82/' "$site/content/sources/_index.md" >"$site/content/sources/.tmp-save"
mv "$site/content/sources/.tmp-save" "$site/content/sources/_index.md"
within 1000 served_has sources/ 'New sentence zq82' &&
	ok "a rename-over save is served" || fail "a rename-over save is served"
sleep 0.4
n2=$(rebuilds)
[ "$n2" = $((n1 + 1)) ] && ok "a rename-over save is one rebuild" ||
	fail "a rename-over save is one rebuild" "$n1 then $n2"

# A stylesheet alone: a css event with its path, no reload.
reloads=$(grep -c '^event: reload' "$tmp/events")
echo '/* edited */' >>"$site/templates/assets/style.css"
within 1000 grep -q '^event: css' "$tmp/events"
if grep -A1 '^event: css' "$tmp/events" | grep -qx 'data: assets/style.css' &&
	[ "$(grep -c '^event: reload' "$tmp/events")" = "$reloads" ]; then
	ok "a stylesheet edit sends css with its path, not reload"
else
	fail "a stylesheet edit sends css with its path, not reload" "$(cat "$tmp/events")"
fi

# A broken template: the errors event has the lines `brief build` prints;
# the last good site is still served.
cp "$site/templates/base.mustache" "$tmp/base.good"
sed -i 's/{{page.title}}/{{#page.title}}/' "$site/templates/base.mustache"
(cd "$site" && "$BRIEF" build -q -o "$tmp/broken") 2>&1 | grep -v '^brief: ' >"$tmp/want.errors"
within 2000 grep -q '^event: errors' "$tmp/events"
sed -n '/^event: errors/,/^$/p' "$tmp/events" | sed -n 's/^data: //p' >"$tmp/got.errors"
if [ -s "$tmp/want.errors" ] && grep -q 'base.mustache:[0-9]*:[0-9]*: error: ' "$tmp/want.errors" &&
	cmp -s "$tmp/got.errors" "$tmp/want.errors"; then
	ok "a broken template sends errors: the exact lines of brief build"
else
	fail "a broken template sends errors: the exact lines of brief build" "got:" "$(cat "$tmp/got.errors")" "want:" "$(cat "$tmp/want.errors")"
fi
grep -qF "$(head -n 1 "$tmp/want.errors")" "$tmp/main.err" && grep -q '^brief: rebuild failed' "$tmp/main.err" &&
	ok "the terminal shows the same lines" || fail "the terminal shows the same lines" "$(cat "$tmp/main.err")"
served_has sources/ 'New sentence zq82' && ok "the last good site is still served" ||
	fail "the last good site is still served"
# A tab opened now gets the errors at once.
curl -sN -m 1 "${url}__brief/events" >"$tmp/late" 2>/dev/null
grep -q '^event: errors' "$tmp/late" && ok "a tab that connects later gets the errors" ||
	fail "a tab that connects later gets the errors" "$(cat "$tmp/late")"

cp "$tmp/base.good" "$site/templates/base.mustache"
echo "Fixed zq83." >>"$site/content/sources/_index.md"
if within 2000 served_has sources/ 'Fixed zq83' &&
	within 500 grep -q '^event: ok' "$tmp/events"; then
	ok "the fix: ok, and the new site"
else
	fail "the fix: ok, and the new site" "$(cat "$tmp/events")"
fi

# --- limits ---
wait_s=$((12 - (SECONDS - idle_since)))
[ "$wait_s" -ge 1 ] || wait_s=1
idle_status=$(timeout "$wait_s" cat <&"$idle" >/dev/null; echo $?)
exec {idle}<&-
[ "$idle_status" = 0 ] && ok "an idle connection is closed within 10 s" ||
	fail "an idle connection is closed within 10 s" "timeout status $idle_status"

# 128 connections at most: the next waits while they are open.
conns=()
for i in $(seq 128); do
	exec {c}<>"/dev/tcp/127.0.0.1/$port"
	conns+=("$c")
done
s=$(status "$url" -m 1)
for c in "${conns[@]}"; do exec {c}<&-; done
s2=$(status "$url")
[ "$s" = 000 ] && [ "$s2" = 200 ] && ok "at most 128 connections; served again once they close" ||
	fail "at most 128 connections; served again once they close" "$s then $s2"

# --- output/ and the stop ---
[ ! -e "$site/output" ] && ok "serve never creates output/" || fail "serve never creates output/"
kill -TERM "$pid"
for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
wait "$pid"
st=$?
[ "$st" = 0 ] && ok "SIGTERM: exit 0" || fail "SIGTERM: exit 0" "exit $st" "$(tail -5 "$tmp/main.err")"
[ "$(status "$url" -m 1)" = 000 ] && ok "SIGTERM: the port is released" ||
	fail "SIGTERM: the port is released"

# --- a second site: its 404.html, new folders, a pre-filled output/ ---
small=$tmp/small
mkdir -p "$small" && cp -r tests/sites/basic/content tests/sites/basic/templates "$small/"
printf -- '---\ntitle: Lost\n---\nNothing here zq90.\n' >"$small/content/404.md"
mkdir -p "$small/output" && echo keep >"$small/output/mine.txt"
before=$(cd "$small/output" && find . -printf '%p %s %T@\n' | sort)
if start small "$small"; then
	curl -s -m 5 -D "$tmp/h" -o "$tmp/b" "${url}nothing/here"
	grep -q '^HTTP/1.1 404' "$tmp/h" && grep -q 'Nothing here zq90' "$tmp/b" &&
		grep -q '<script src="/__brief/reload.js">' "$tmp/b" &&
		ok "a missing page: 404 with the site's 404.html, reload script included" ||
		fail "a missing page: 404 with the site's 404.html, reload script included" "$(cat "$tmp/h")"
	mkdir -p "$small/content/guide/new/deeper"
	printf -- '---\ntitle: Fresh\n---\nFresh page zq91.\n' >"$small/content/guide/new/deeper/fresh.md"
	within 2000 served_has guide/new/deeper/fresh/ 'zq91' &&
		ok "a page in new folders is served" || fail "a page in new folders is served" "$(cat "$tmp/small.err")"
	echo "Edited zq92." >>"$small/content/guide/new/deeper/fresh.md"
	within 1000 served_has guide/new/deeper/fresh/ 'zq92' &&
		ok "new folders are watched" || fail "new folders are watched"
	mv "$small/content/guide/new" "$tmp/moved-out"
	within 2000 eval '[ "$(status "${url}guide/new/deeper/fresh/")" = 404 ]' &&
		ok "a folder moved away: its pages are gone" || fail "a folder moved away: its pages are gone"
	[ "$(cd "$small/output" && find . -printf '%p %s %T@\n' | sort)" = "$before" ] &&
		ok "serve leaves an existing output/ as it was" || fail "serve leaves an existing output/ as it was"
	kill -INT "$pid"
	wait "$pid"
	st=$?
	[ "$st" = 0 ] && ok "SIGINT: exit 0" || fail "SIGINT: exit 0" "exit $st"
else
	fail "the second site is served" "$(cat "$tmp/small.err")"
fi

# --- a first build that fails: served anyway, errors shown ---
broken=$tmp/broken-site
mkdir -p "$broken" && cp -r tests/sites/basic/content tests/sites/basic/templates "$broken/"
echo '{{#oops}}' >>"$broken/templates/base.mustache"
if start broken "$broken"; then
	curl -sN -m 1 "${url}__brief/events" >"$tmp/first" 2>/dev/null
	grep -q '^data: templates/base.mustache:[0-9]*:[0-9]*: error: ' "$tmp/first" &&
		[ "$(status "$url")" = 404 ] && grep -q '^templates/base.mustache:.*error:' "$tmp/broken.err" &&
		ok "a failed first build: 404s, its errors on the terminal and to tabs" ||
		fail "a failed first build: 404s, its errors on the terminal and to tabs" "$(cat "$tmp/first" "$tmp/broken.err")"
	sed -i '$d' "$broken/templates/base.mustache"
	within 2000 eval '[ "$(status "$url")" = 200 ]' && ok "fixed, the site is served" ||
		fail "fixed, the site is served"
	kill "$pid"
	wait "$pid"
else
	fail "serve starts even when the first build fails" "$(cat "$tmp/broken.out" "$tmp/broken.err")"
fi

# --- limits.render_seconds holds for an edit too ---
# A large body renders in a worker within the budget: 1 MB of emphasis and
# links on every line (the pathological suite's: far over 1 s of
# cmark-gfm) is stopped after 1 s and reported; the server goes on serving. A small body renders in the
# server itself, and an edit to it is served.
slow=$tmp/slow-site
mkdir -p "$slow" && cp -r tests/sites/basic/content tests/sites/basic/templates "$slow/"
printf 'limits:\n  render_seconds: 1\n' >>"$slow/content/site.yaml"
if start slow "$slow"; then
	curl -sN -m 60 "${url}__brief/events" >"$tmp/slow.events" &
	pids+=($!)
	sleep 0.3
	page=guide/one.md
	cp "$slow/content/$page" "$tmp/slow.good"
	python3 -c 'import sys; sys.stdout.write("*a* [b](one.md) **c** [d](one.md)\n" * 30000)' >>"$slow/content/$page"
	if within 30000 grep -q "^data: content/$page: error: rendering took more than 1 s of CPU time" "$tmp/slow.events" &&
		[ "$(status "$url")" = 200 ]; then
		ok "an edit that renders too long: stopped at limits.render_seconds, reported, still serving"
	else
		fail "an edit that renders too long: stopped at limits.render_seconds, reported, still serving" \
			"$(cat "$tmp/slow.events" "$tmp/slow.err")"
	fi
	cp "$tmp/slow.good" "$slow/content/$page"
	echo "Small edit zq95." >>"$slow/content/$page"
	within 10000 served_has guide/one/ 'zq95' && ok "then a small edit is served" ||
		fail "then a small edit is served" "$(cat "$tmp/slow.err")"
	kill "$pid"
	wait "$pid"
else
	fail "serve starts on a site with limits.render_seconds" "$(cat "$tmp/slow.out" "$tmp/slow.err")"
fi

# --- addresses and ports ---
(cd "$small" && timeout 5 "$BRIEF" serve --bind nowhere) >/dev/null 2>"$tmp/err"
st=$?
[ "$st" = 2 ] && grep -q "numeric IPv4 or IPv6 address, not 'nowhere'" "$tmp/err" &&
	ok "--bind with a name: exit 2" || fail "--bind with a name: exit 2" "exit $st" "$(cat "$tmp/err")"
(cd "$small" && timeout 5 "$BRIEF" serve --port 70000) >/dev/null 2>"$tmp/err"
[ $? = 2 ] && ok "--port 70000: exit 2" || fail "--port 70000: exit 2" "$(cat "$tmp/err")"
# A second server on the port of a first one (which warns: it listens on
# every interface; no request is sent to it).
start wide "$small" --bind 0.0.0.0
grep -q '^brief: warning: serving on 0.0.0.0: other machines can reach this preview$' "$tmp/wide.err" &&
	ok "a non-loopback --bind warns" || fail "a non-loopback --bind warns" "$(cat "$tmp/wide.err")"
busy=$(sed -nE 's|^brief: serving http://0\.0\.0\.0:([0-9]+)/.*|\1|p' "$tmp/wide.out")
(cd "$small" && timeout 5 "$BRIEF" serve --port "${busy:-1}") >/dev/null 2>"$tmp/err"
st=$?
[ "$st" = 1 ] && grep -q "^brief: cannot listen on 127.0.0.1 port $busy: Address already in use" "$tmp/err" &&
	ok "a port in use: exit 1, said so" || fail "a port in use: exit 1, said so" "exit $st" "$(cat "$tmp/err")"
kill "$pid" 2>/dev/null
wait "$pid"

# --- the inotify limit, lowered in a user namespace of our own ---
if unshare -U -r true 2>/dev/null; then
	mkdir -p "$small/content/many"
	for i in $(seq 40); do mkdir -p "$small/content/many/d$i"; done
	(cd "$small" && unshare -U -r sh -c 'echo 20 >/proc/sys/user/max_inotify_watches && exec timeout 10 "$0" serve --port 0' "$BRIEF") >/dev/null 2>"$tmp/err"
	st=$?
	[ "$st" = 1 ] && grep -q 'error: cannot watch this folder: no inotify watches left (fs.inotify.max_user_watches is [0-9]*, brief watches [0-9]* folders); raise it' "$tmp/err" &&
		ok "out of inotify watches: exit 1, the sysctl named" ||
		fail "out of inotify watches: exit 1, the sysctl named" "exit $st" "$(cat "$tmp/err")"
else
	echo "unshare -U not permitted: the inotify limit test skipped"
fi

summary
