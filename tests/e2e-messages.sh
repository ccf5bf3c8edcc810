#!/usr/bin/env bash
# Pages and messages as documented: default titles, the 404 page, dates,
# --max-errors, and every error of a build in one sorted list.
. "$(dirname "$0")/lib.sh" brief-messages

# A small site whose templates show what the checks look for.
site=$tmp/site
mkdir -p "$site/content/guide" "$site/content/notes" "$site/templates"
printf 'title: Messages\nlanguages: [en, fr]\n' >"$site/content/site.yaml"
printf -- '---\ndate: 2026-11-30\n---\nNo title.\n' >"$site/content/getting-started.md"
printf -- '---\ntitle: A\nweight: 1\n---\na\n' >"$site/content/guide/a.md"
printf -- '---\ntitle: B\nweight: 2\n---\nb\n' >"$site/content/guide/b.md"
printf -- 'Guide.\n' >"$site/content/guide/_index.md"
printf -- 'Notes.\n' >"$site/content/notes/index.md"
printf -- '---\ntitle: Lost\n---\nBack [home](index.md).\n' >"$site/content/404.md"
printf -- '---\ntitle: Perdu\n---\nx\n' >"$site/content/404.fr.md"
printf -- 'Home.\n' >"$site/content/index.md"
printf -- '---\ntitle: Accueil\n---\nx\n' >"$site/content/index.fr.md"
cat >"$site/templates/index.mustache" <<'EOF'
[{{page.title}}] pages:{{#site.pages}} {{title}}{{/site.pages}} here:{{#page.pages}} {{title}}{{/page.pages}}
EOF
cat >"$site/templates/section.mustache" <<'EOF'
[{{page.title}}]{{#page.pages}} {{title}}{{#prev}} prev={{title}}{{/prev}}{{#next}} next={{title}}{{/next}}{{/page.pages}}
EOF
cat >"$site/templates/page.mustache" <<'EOF'
[{{page.title}}] {{#page.date}}{{page.date}}|{{page.date.long}}|{{page.date.iso}}{{/page.date}} 404:{{page.is_404}} tr:{{#page.translations}}{{lang}}{{/page.translations}} root:{{root}}
{{{page.content}}}
EOF
if (cd "$site" && "$BRIEF" build -q -o out) 2>"$tmp/err"; then
	ok "the messages site builds"
else
	fail "the messages site builds" "$(cat "$tmp/err")"
fi
out=$site/out

check() { # name, file, fixed string expected in it
	if grep -qF -- "$3" "$out/$2" 2>/dev/null; then
		ok "$1"
	else
		fail "$1" "no '$3' in $2:" "$(cat "$out/$2" 2>&1)"
	fi
}
check "a page without title is named after its file" getting-started/index.html "[Getting started]"
check "a section page without title is named after its folder (_index.md)" guide/index.html "[Guide]"
check "a section page without title is named after its folder (index.md)" notes/index.html "[Notes]"
check "the home page without title gets the site's title" index.html "[Messages]"
check "404.md becomes 404.html at the root" 404.html "[Lost]"
check "404.fr.md becomes fr/404.html" fr/404.html "[Perdu]"
check "the 404 page links from the root" 404.html 'href="index.html"'
check "the 404 page knows it is one" 404.html "404:true tr:"
check "the 404 page lists no translations" 404.html "tr: root:"
check "a page's date prints as written, long and iso" getting-started/index.html \
	"2026-11-30|30 November 2026|2026-11-30"
if [ ! -e "$out/404" ] && [ ! -e "$out/fr/404" ]; then
	ok "no 404/index.html is written"
else
	fail "no 404/index.html is written" "$(ls "$out")"
fi
if grep -q 'pages: A B Getting started here: Getting started$' "$out/index.html" &&
	! grep -q 'Lost' "$out/index.html" "$out/guide/index.html" "$out/getting-started/index.html"; then
	ok "404 is left out of site.pages, section listings and translations"
else
	fail "404 is left out of site.pages, section listings and translations" "$(cat "$out/index.html")"
fi
check "prev/next stay within the section" guide/index.html "[Guide] A next=B B prev=A"

# --- --max-errors ---
many=tests/errors/too-many-errors
run_many() { (cd $many && "$BRIEF" build -t ../templates -o "$tmp/many" "$@") 2>"$tmp/err"; }
run_many --max-errors 0
if [ "$(grep -c ': error: ' "$tmp/err")" -eq 25 ] && ! grep -q 'not shown' "$tmp/err"; then
	ok "--max-errors 0 prints every error"
else
	fail "--max-errors 0 prints every error" "$(cat "$tmp/err")"
fi
run_many --max-errors 3
if [ "$(grep -c ': error: ' "$tmp/err")" -eq 3 ] &&
	grep -qx 'brief: 22 more errors not shown; --max-errors N shows N errors, 0 all' "$tmp/err" &&
	grep -q 'build failed with 25 errors' "$tmp/err"; then
	ok "--max-errors 3 prints 3 and says how many more"
else
	fail "--max-errors 3 prints 3 and says how many more" "$(cat "$tmp/err")"
fi
"$BRIEF" build --max-errors x >"$tmp/err" 2>&1
if [ $? -eq 2 ] && grep -q "invalid --max-errors 'x'" "$tmp/err"; then
	ok "a bad --max-errors is a usage error"
else
	fail "a bad --max-errors is a usage error" "$(cat "$tmp/err")"
fi

# --- one run reports everything, sorted, whatever the number of threads ---
case=tests/errors/all-at-once
for j in 1 4; do
	(cd $case && "$BRIEF" build -j $j -t templates -o "$tmp/all") 2>"$tmp/err"
	sed -i '$d' "$tmp/err" # the closing line names the output folder
	if sort -t: -k1,1 -k2,2n -k3,3n -s "$tmp/err" | grep -v ': note: ' |
		diff - <(grep -v ': note: ' "$tmp/err") >/dev/null &&
		[ "$(grep -c ': error: ' "$tmp/err")" -eq 7 ]; then
		ok "all-at-once -j $j: 7 errors from every phase, sorted by place"
	else
		fail "all-at-once -j $j: 7 errors from every phase, sorted by place" "$(cat "$tmp/err")"
	fi
done

# A future date is built: brief reads no clock.
mkdir -p "$tmp/future/content"
printf 'title: F\n' >"$tmp/future/content/site.yaml"
printf -- '---\ntitle: Later\ndate: 2999-01-01\n---\nx\n' >"$tmp/future/content/later.md"
if (cd "$tmp/future" && "$BRIEF" build -q -t "$top/tests/errors/templates" -o out) 2>"$tmp/err" &&
	[ -f "$tmp/future/out/later/index.html" ]; then
	ok "a page dated in the future is built"
else
	fail "a page dated in the future is built" "$(cat "$tmp/err")"
fi

summary
