#!/usr/bin/env bash
# End-to-end tests of data files (YAML, JSON, CSV), charts drawn from data,
# and front matter brief cannot read (TOML) or reads as Hugo does (JSON).
# Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh" brief-data

site=tests/sites/data
templates=$top/tests/errors/templates

# --- the data golden site: a table and a chart from CSV, a JSON file in a template ---
if (cd $site && "$BRIEF" build -q --strict -o "$tmp/data") 2>"$tmp/err"; then
	ok "the data site builds with --strict"
else
	fail "the data site builds with --strict" "$(cat "$tmp/err")"
fi
html=$tmp/data/index.html
if grep -q '^<tr><td>South, coast</td><td>850.5</td><td>+33 1</td></tr>$' "$html" &&
	grep -q '^<tr><td>North</td><td>1200</td><td>007</td></tr>$' "$html"; then
	ok "a template renders a table from CSV rows, codes kept as written"
else
	fail "a template renders a table from CSV rows, codes kept as written" "$(grep '<tr>' "$html")"
fi
if grep -q '<desc id="chart_index_1_desc">North: 1,200 k€; South, coast: 850.5 k€; East: -40 k€.</desc>' "$html" &&
	[ "$(grep -c '<rect class="chart-bar"' "$html")" -eq 3 ]; then
	ok "a chart draws its bars from CSV columns"
else
	fail "a chart draws its bars from CSV columns" "$(grep -A3 '<svg' "$html")"
fi
if cmp -s $site/content/figures/sales.csv "$tmp/data/figures/sales.csv" &&
	cmp -s $site/content/team.json "$tmp/data/team.json" &&
	grep -q '<a href="figures/sales.csv">' "$html"; then
	ok "CSV and JSON data files are copied as they are, and links to them resolve"
else
	fail "CSV and JSON data files are copied as they are, and links to them resolve" "$(ls -R "$tmp/data")"
fi
if grep -q '<p>Lead: Ana Élise, since 2019, on site.</p>' "$html" && grep -q '<li>Chloé 😀</li>' "$html" &&
	grep -q '<li>Bo (analyst)</li>' "$html"; then
	ok "JSON data: nested objects, \\u escapes, surrogate pairs, numbers, false and null"
else
	fail "JSON data: nested objects, \\u escapes, surrogate pairs, numbers, false and null" "$(grep -i 'lead\|<li>' "$html")"
fi
if grep -q '<title>Sales - Data site</title>' "$html"; then
	ok "JSON front matter gives the page its title"
else
	fail "JSON front matter gives the page its title" "$(grep '<title>' "$html")"
fi

# --- languages: stats.fr.csv replaces stats.csv on French pages; YAML data is not copied ---
lang=$tmp/lang
mkdir -p "$lang/content"
printf 'title: L\nlanguages: [{code: en, name: English}, {code: fr, name: Français}]\n' >"$lang/content/site.yaml"
printf 'label,value\nNorth,1\n' >"$lang/content/stats.csv"
printf 'label,value\nNord,2\n' >"$lang/content/stats.fr.csv"
printf 'a: 1\n' >"$lang/content/facts.yaml"
chart=$'```chart\ntitle: T\ndata: stats\n```\n'
printf '# Home\n\n%s' "$chart" >"$lang/content/index.md"
printf '# Accueil\n\n%s' "$chart" >"$lang/content/index.fr.md"
if (cd "$lang" && "$BRIEF" build -q -t "$templates" -o out) 2>"$tmp/err" &&
	grep -q '<desc id="chart_index_1_desc">North: 1.</desc>' "$lang/out/index.html" &&
	grep -q '<desc id="chart_index-fr_1_desc">Nord: 2.</desc>' "$lang/out/fr/index.html" &&
	[ -f "$lang/out/stats.csv" ] && [ -f "$lang/out/stats.fr.csv" ] && [ ! -e "$lang/out/facts.yaml" ]; then
	ok "each language charts its own CSV; both CSV files are copied, YAML data is not"
else
	fail "each language charts its own CSV; both CSV files are copied, YAML data is not" \
		"$(cat "$tmp/err")" "$(grep -h '<desc' "$lang"/out/index.html "$lang"/out/fr/index.html 2>&1)"
fi

# --- one name, two data files ---
clash=$tmp/clash
mkdir -p "$clash/content"
printf 'title: C\n' >"$clash/content/site.yaml"
printf '# Home\n' >"$clash/content/index.md"
printf 'label,value\na,1\n' >"$clash/content/stats.csv"
printf '[{"label": "a", "value": 1}]\n' >"$clash/content/stats.json"
(cd "$clash" && "$BRIEF" build -q -t "$templates" -o out) >/dev/null 2>"$tmp/err"
status=$?
if [ $status -eq 1 ] && grep -q "^content/stats.json: error: data 'stats' is also defined by content/stats.csv$" "$tmp/err" &&
	[ ! -e "$clash/out" ]; then
	ok "stats.csv and stats.json both defining data.stats is an error"
else
	fail "stats.csv and stats.json both defining data.stats is an error" "exit $status" "$(cat "$tmp/err")"
fi

# --- front matter: TOML is an error even without --strict, never text ---
fm=$tmp/fm
mkdir -p "$fm/content" "$fm/out/keep"
echo previous >"$fm/out/keep/index.html"
printf 'brief-manifest 1\nkeep/index.html\n' >"$fm/out/.brief-manifest" # a previous build of brief's
printf 'title: F\n' >"$fm/content/site.yaml"
printf '+++\ntitle = "Overview"\n+++\n\n# Overview\n' >"$fm/content/index.md"
(cd "$fm" && "$BRIEF" build -q -t "$templates" -o out) >/dev/null 2>"$tmp/err"
status=$?
if [ $status -eq 1 ] && [ "$(head -n 1 "$tmp/err")" = "content/index.md:1:1: error: TOML front matter (+++) is not supported: use YAML between --- lines" ] &&
	[ "$(cat "$fm/out/keep/index.html")" = previous ] && [ ! -e "$fm/out/index.html" ]; then
	ok "TOML front matter is a located error and the output is untouched"
else
	fail "TOML front matter is a located error and the output is untouched" "exit $status" "$(cat "$tmp/err")"
fi
# A page that starts with '{' but holds no JSON (a Hugo shortcode) says why it failed.
printf '{{< youtube id >}}\n' >"$fm/content/index.md"
(cd "$fm" && "$BRIEF" build -q -t "$templates" -o out) >/dev/null 2>"$tmp/err"
status=$?
if [ $status -eq 1 ] && grep -q "^content/index.md:1:1: note: a page that starts with '{' starts with JSON front matter, as in Hugo$" "$tmp/err"; then
	ok "a page starting with '{' that is not JSON front matter fails with a note saying why"
else
	fail "a page starting with '{' that is not JSON front matter fails with a note saying why" "exit $status" "$(cat "$tmp/err")"
fi

summary
