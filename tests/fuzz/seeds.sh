#!/usr/bin/env bash
# Rebuilds the seed part of each corpus, tests/fuzz/corpus/NAME/seed-*,
# from the repository's own files (the shipped briefing, the golden sites,
# the error cases), shaped as each target reads its input (README,
# Fuzzing). Regression inputs (crash-*, regress-*) are left alone.
# Run it from anywhere after adding test sites; commit what it changes.
set -eu
cd "$(dirname "$0")/../.."
out=tests/fuzz/corpus
sep=$'\n%%\n'

# Tracked files matching the patterns, outside the browser suite and the
# corpora themselves, at most 16 KB: libFuzzer's inputs grow no larger
# than its largest seed.
files() {
	git -c core.quotePath=false ls-files -- "$@" | grep -v -e node_modules -e '^tests/browser/' -e '^tests/fuzz/' |
		while read -r f; do [ "$(stat -c %s "$f")" -le 16384 ] && echo "$f"; done
}

# seed NAME SOURCE: stdin becomes corpus/NAME/seed-SOURCE (slashes as dashes).
seed() {
	mkdir -p "$out/$1"
	cat >"$out/$1/seed-${2//\//-}"
}

# The body of a page: what follows its front matter.
body() {
	awk 'NR == 1 && /^---$/ { fm = 1; next } fm && /^(---|\.\.\.)$/ { fm = 0; next } !fm' "$1"
}

# Its front matter's title and date, or stand-ins.
field() {
	awk -v k="$2" -v d="$3" 'NR > 1 && /^(---|\.\.\.)$/ { exit }
		$1 == k ":" { sub(/^[^:]*: */, ""); print; found = 1; exit }
		END { if (!found) print d }' "$1"
}

# Each ```chart block of a page, one seed each.
charts() {
	awk -v dir="$out/chart" -v name="seed-${1//\//-}" '
		/^```chart/ { n++; f = dir "/" name "-" n; printf "" > f; on = 1; next }
		on && /^```/ { on = 0; close(f); next }
		on { print >> f }' "$1"
}

rm -f "$out"/*/seed-*
mkdir -p "$out/chart"
for f in $(files '*.yaml' '*.yml'); do
	seed yaml "$f" <"$f"
	seed mustache_data "$f" <"$f"
done
for f in $(files '*.md'); do
	seed frontmatter "$f" <"$f"
	body "$f" | seed markdown "$f"
	charts "$f"
	printf '%s%s%s%s%s' "$(field "$f" title Title)" "$sep" "$(field "$f" summary '')" "$sep" \
		"$(body "$f")" | seed searchindex "$f"
	printf '%s\n%s\n%s' "$(field "$f" date 2024-05-01)" "$(field "$f" title Title)" \
		"$(body "$f")" | seed feed "$f"
done
for f in $(files '*.csv'); do seed csv "$f" <"$f"; done
for f in $(files '*.json'); do seed json "$f" <"$f"; done
for f in $(files '*.mustache'); do seed mustache_template "$f" <"$f"; done
for f in $(files 'tests/sites/*.html' 'tests/check/*.html'); do seed linkcheck "$f" <"$f"; done

# A whole site: site.yaml, the home page, another page, the page (or
# home) template and a data file, from each site that has them.
for site in . tests/sites/* tests/errors/*; do
	c=$site/content t=$site/templates
	[ -f "$c/site.yaml" ] || continue
	[ -d "$t" ] || t=templates
	page=$(files "$c/*.md" | grep -v '/index\.md$' | head -n 1)
	tpl=$(files "$t/page.mustache" "$t/index.mustache" | head -n 1)
	data=$(files "$c/*.yaml" "$c/*.json" | grep -v -e '/site\.yaml$' -e '/i18n/' | head -n 1)
	{
		cat "$c/site.yaml"
		printf '%s' "$sep"
		cat "$c/index.md" 2>/dev/null || true
		printf '%s' "$sep"
		[ -z "$page" ] || cat "$page"
		printf '%s' "$sep"
		[ -z "$tpl" ] || cat "$tpl"
		printf '%s' "$sep"
		[ -z "$data" ] || cat "$data"
	} | seed build "$([ "$site" = . ] && echo shipped || echo "${site#tests/}")-site"
done
# Requests to `brief serve` (URL, then method and If-None-Match): the
# address of each page and asset of the shipped site, each also as a
# redirect, HEAD and a conditional GET; then paths that try to leave the
# site or to confuse the decoding.
n=0
for f in $(git ls-files 'content/*.md' 'templates/assets/*'); do
	p=${f#content/} lang=
	case $f in
	templates/*) p=${f#templates/} ;;
	*.fr.md) lang=fr/ p=${p%.fr.md}/ ;;
	*) p=${p%.md}/ ;;
	esac
	p=${p%_index/} p=${p%index/}
	url=/$lang$p
	n=$((n + 1))
	printf '%s' "$url" | seed http "url-$n"
	printf '%s%sHEAD%s*' "${url%/}" "$sep" "$sep" | seed http "url-$n-head"
	printf '%s%sGET%sW/"0123456789abcdef", "x"' "$url" "$sep" "$sep" | seed http "url-$n-etag"
done
n=0
for url in / /.. /../etc/passwd /a/../b /%2e%2e/%2e%2e/etc/passwd /%2E%2e/ /./ /fr/./ /a%2fb \
	/a%2F.. /index.html%00.css /%00 /a%5c..%5cb '/\..\x' /%c0%ae%c0%ae/ /%c0%af /caf%e9 \
	/caf%C3%A9%20menu/ /%ed%a0%80 //etc/passwd /fr//search/ /a%0d%0aSet-Cookie:x /%7f /%zz /%2 /%; do
	n=$((n + 1))
	printf '%s' "$url" | seed http "hostile-$n"
done
printf '/%sPOST' "$sep" | seed http method-post
printf '/%sget' "$sep" | seed http method-lowercase

for d in "$out"/*/; do
	echo "$(basename "$d"): $(find "$d" -type f | wc -l) inputs"
done
