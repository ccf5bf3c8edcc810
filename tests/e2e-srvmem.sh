#!/usr/bin/env bash
# End-to-end tests of the site `brief serve` holds compressed (memsite.h,
# zpack.h): on a site of 600 pages that each list every page (41 MB of
# HTML), a large stylesheet, noise, a tiny and an empty file, every file
# is served as `brief build` writes it (HTML with the reload script
# only), ETags and 304s hold, a template edit is served whole, and the
# server's peak RSS stays under half the site's size (release build only:
# ASan's quarantine and shadow memory hide it). Ends with "N passed, N
# failed".
. "$(dirname "$0")/lib.sh" brief-srvmem

pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

site=$tmp/site
mkdir -p "$site/content/files" "$site/templates/assets"
printf 'title: Memory\n' >"$site/content/site.yaml"
for i in $(seq -w 0 599); do
	printf -- '---\ntitle: Page %s\n---\nThe body of page %s.\n' "$i" "$i" >"$site/content/p$i.md"
done
cat >"$site/templates/page.mustache" <<'EOF'
<!doctype html>
<html lang="en"><head><title>{{page.title}}</title>
<link rel="stylesheet" href="{{root}}assets/big.css"></head>
<body><h1>{{page.title}}</h1>
{{{page.content}}}
<ul>
{{#site.pages}}
<li class="entry"><a href="{{url}}">{{title}}</a>: another page of this site, listed on every page.</li>
{{/site.pages}}
</ul>
</body></html>
EOF
cp "$site/templates/page.mustache" "$site/templates/index.mustache"
cp "$site/templates/page.mustache" "$site/templates/section.mustache"
for i in $(seq 3000); do printf '.rule-%d { margin: %dpx; color: #333; }\n' "$i" $((i % 17)); done \
	>"$site/templates/assets/big.css"
head -c 65536 /dev/urandom >"$site/content/files/noise.bin"
printf 'tiny' >"$site/content/files/tiny.txt"
: >"$site/content/files/empty.txt"

# strip FILE: the served HTML file without the reload script's line.
strip() { sed -i '\|^<script src="/__brief/reload.js"></script>$|d' "$1"; }

# serves URL FILE: the server answers URL with 200 and FILE's bytes.
serves() {
	[ "$(curl -s -m 10 -o "$tmp/got" -w '%{http_code}' "$1")" = 200 ] || return 1
	case $2 in *.html) strip "$tmp/got" ;; esac
	cmp -s "$tmp/got" "$2"
}

# every_file DIR: every file of DIR (a build's output) is served, with
# 200, as it is there (one curl for all); prints the first that is not.
every_file() {
	local rel got=$tmp/got-all
	rm -rf "$got" && mkdir -p "$got"
	(cd "$1" && find . -type f ! -name .brief-manifest | sed 's|^\./||' | LC_ALL=C sort) >"$tmp/files"
	while IFS= read -r rel; do
		printf 'url = "%s%s"\noutput = "%s/%s"\n' "$url" "$rel" "$got" "$rel"
	done <"$tmp/files" >"$tmp/curl.conf"
	curl -s -m 60 --create-dirs -K "$tmp/curl.conf" -w '%{http_code}\n' >"$tmp/codes"
	if grep -qv '^200$' "$tmp/codes" || [ "$(wc -l <"$tmp/codes")" -ne "$(wc -l <"$tmp/files")" ]; then
		echo "a status other than 200: $(sort "$tmp/codes" | uniq -c | tr '\n' ' ')"
		return 1
	fi
	while IFS= read -r rel; do
		case $rel in *.html) strip "$got/$rel" ;; esac
		cmp -s "$got/$rel" "$1/$rel" || {
			echo "$rel"
			return 1
		}
	done <"$tmp/files"
}

hwm_kb() { awk '/^VmHWM/ { print $2 }' "/proc/$pid/status"; }
rebuilds() { grep -c '^brief: rebuilt' "$tmp/serve.out"; }

"$BRIEF" build -q -c "$site/content" -t "$site/templates" -o "$tmp/built" 2>"$tmp/build.err" ||
	fail "the site builds" "$(cat "$tmp/build.err")"
size_kb=$(($(du -sb "$tmp/built" | cut -f1) / 1024))
[ "$size_kb" -gt 40000 ] && ok "the site is over 40 MB ($size_kb KiB)" ||
	fail "the site is over 40 MB" "$size_kb KiB"

(cd "$site" && exec "$BRIEF" serve --port 0) >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
url=
for _ in $(seq 100); do
	url=$(head -n 1 "$tmp/serve.out" 2>/dev/null | sed -nE 's|^brief: serving (http://[0-9.]+:[0-9]+/) .*|\1|p')
	[ -n "$url" ] && [ "$(curl -s -m 5 -o /dev/null -w '%{http_code}' "${url}p599/")" = 200 ] && break
	url=
	sleep 0.1
done
if [ -z "$url" ]; then
	fail "serve starts and serves the site" "$(cat "$tmp/serve.out" "$tmp/serve.err")"
	summary
	exit
fi

if bad=$(every_file "$tmp/built"); then
	ok "every file (compressed, noise, tiny, empty) is served as built"
else
	fail "every file (compressed, noise, tiny, empty) is served as built" "first to differ: $bad"
fi

# The ETag names the bytes served: the same after a fetch, and a 304.
for path in p123/ files/noise.bin assets/big.css; do
	tag=$(curl -s -m 5 -D - -o /dev/null "$url$path" | sed -nE 's/^ETag: ("[0-9a-f]{16}").*/\1/ip')
	code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' -H "If-None-Match: $tag" "$url$path")
	[ -n "$tag" ] && [ "$code" = 304 ] && ok "$path: If-None-Match with its ETag gets 304" ||
		fail "$path: If-None-Match with its ETag gets 304" "ETag $tag, status $code"
done

release=true
case $BRIEF in */debug/*) release=false ;; esac
first_kb=$(hwm_kb)
if $release; then
	[ "$first_kb" -lt $((size_kb / 2)) ] &&
		ok "after the first build, peak RSS $first_kb KiB is under half the site's $size_kb KiB" ||
		fail "after the first build, peak RSS under half the site" "$first_kb KiB of $size_kb KiB"
fi

# A template edit changes all 600 pages: two sites held while it runs.
n=$(rebuilds)
sed -i 's/listed on every page/listed on each page/' "$site/templates/page.mustache"
for _ in $(seq 200); do
	[ "$(rebuilds)" -gt "$n" ] && break
	sleep 0.05
done
sed -i 's/listed on every page/listed on each page/' "$site/templates/index.mustache" \
	"$site/templates/section.mustache"
"$BRIEF" build -q -c "$site/content" -t "$site/templates" -o "$tmp/built2" 2>"$tmp/build.err" ||
	fail "the edited site builds" "$(cat "$tmp/build.err")"
for _ in $(seq 200); do
	serves "${url}index.html" "$tmp/built2/index.html" && break
	sleep 0.05
done
if bad=$(every_file "$tmp/built2"); then
	ok "after template edits, every file is served as built"
else
	fail "after template edits, every file is served as built" "first to differ: $bad"
fi
if $release; then
	kb=$(hwm_kb)
	[ "$kb" -lt $((size_kb / 2)) ] &&
		ok "with template edits, peak RSS $kb KiB is under half the site's $size_kb KiB" ||
		fail "with template edits, peak RSS under half the site" "$kb KiB of $size_kb KiB"
fi

kill "$pid" && wait "$pid" 2>/dev/null
pid=
# Nothing on stderr: no error, nor any report of the sanitizers at exit.
[ ! -s "$tmp/serve.err" ] && ok "the server stops without a word on stderr" ||
	fail "the server stops without a word on stderr" "$(head -n 5 "$tmp/serve.err")"
summary
