#!/usr/bin/env bash
# End-to-end tests of hostile content ($BRIEF, default generator/brief):
# with unsafe_html off, none of the payloads of tests/hostile/payloads.txt
# reaches the output as live markup, through any channel an author
# controls: Markdown text, raw HTML, links, images, autolinks and
# reference links; front matter title and summary; YAML, JSON and CSV data
# shown by a template (as text and in attributes); chart titles, notes and
# bar labels, from the chart and from CSV; i18n strings. A real HTML parser
# (tests/hostile/check.py) reads every page, and each channel must show
# every payload back as text, so a channel that never ran cannot pass.
# Also: templates use {{{ }}} only for the HTML brief makes itself.
# Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh" brief-hostile

payloads=tests/hostile/payloads.txt
check=tests/hostile/check.py
n=$(grep -c . "$payloads")
[ "$n" -ge 50 ] && ok "$n payloads (50 at least)" || fail "$n payloads (50 at least)"

# --- the checker finds what it must, and nothing in escaped text ---
python3 "$check" tests/hostile/selftest >"$tmp/self" 2>/dev/null
status=$?
want=$(seq 3 16)
got=$(sed -nE 's/^LIVE bad\.html:([0-9]+): .*/\1/p' "$tmp/self" | sort -nu)
if [ $status -eq 1 ] && [ "$got" = "$want" ]; then
	ok "the checker finds the live markup on each of lines 3-16 of selftest/bad.html, none in escaped text"
else
	fail "the checker finds the live markup on each of lines 3-16 of selftest/bad.html, none in escaped text" \
		"exit $status" "lines: $(echo $got)"
fi

# --- every text channel: one build, each payload back as text in each ---
site=$tmp/text
python3 tests/hostile/gen.py "$payloads" "$site" || fail "gen.py"
if (cd "$site" && "$BRIEF" build -q -o out) 2>"$tmp/err"; then
	ok "the site with every payload in every text channel builds"
else
	fail "the site with every payload in every text channel builds" "$(cat "$tmp/err")"
fi
python3 "$check" "$site/out" --texts >"$tmp/found" 2>"$tmp/err"
status=$?
if [ $status -eq 0 ] && ! grep -q '^LIVE' "$tmp/found" && grep -q "^$((n + 2)) pages read, 0 live" "$tmp/err"; then
	ok "no live markup in any of the $((n + 2)) pages"
else
	fail "no live markup in any of the $((n + 2)) pages" "exit $status" "$(grep '^LIVE' "$tmp/found" | head -n 10)" "$(cat "$tmp/err")"
fi
# Each channel holds each payload as text, exactly (after the parser
# decodes the escapes); the chart labels twice (bars, then CSV).
python3 - "$payloads" "$tmp/found" >"$tmp/channels" <<'PY'
import json, sys
payloads = sorted(l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip())
texts = json.loads(open(sys.argv[2], encoding="utf-8").read().splitlines()[-1])
want = {"yaml": 1, "yaml@title": 1, "json": 1, "json@data-x": 1, "csv": 1, "csv@alt": 1,
        "i18n": 1, "title": 1, "title@title": 1, "summary": 1, "page": 1, "description": 1,
        "chart-label": 2}
for name, times in sorted(want.items()):
    # Chart labels wrap into lines: compare them without white space.
    norm = (lambda s: "".join(s.split())) if name == "chart-label" else (lambda s: s)
    got = sorted(norm(t) for t in texts.get(name, []))
    print("%s %s" % ("same" if got == sorted(norm(p) for p in payloads * times) else "DIFFERENT", name))
PY
if [ "$(grep -c '^same ' "$tmp/channels")" -eq 13 ]; then
	ok "all 13 channels show every payload back as text: $(sed 's/^same //' "$tmp/channels" | tr '\n' ' ')"
else
	fail "all 13 channels show every payload back as text" "$(grep -v '^same ' "$tmp/channels")"
fi
if grep -c 'raw HTML omitted' "$site/out/index.html" | grep -qv '^0$'; then
	ok "raw HTML in Markdown is dropped (unsafe_html off)"
else
	fail "raw HTML in Markdown is dropped (unsafe_html off)"
fi

# The contrast: with unsafe_html: true the same Markdown is live, and the
# checker sees it there.
echo "unsafe_html: true" >>"$site/content/site.yaml"
if (cd "$site" && "$BRIEF" build -q -o unsafe) 2>"$tmp/err" &&
	! python3 "$check" "$site/unsafe" >"$tmp/found" 2>/dev/null && grep -q '^LIVE index.html:.*<script> element' "$tmp/found"; then
	ok "with unsafe_html: true the raw HTML is live, and found ($(grep -c '^LIVE index.html' "$tmp/found") times)"
else
	fail "with unsafe_html: true the raw HTML is live, and found" "$(cat "$tmp/err")"
fi

# --- links, images, autolinks, reference links: one payload a line ---
# A payload brief cannot resolve is a build error at its line; those lines
# go, and the rest must build with every link checked.
site=$tmp/links
mkdir -p "$site/content" "$site/templates"
cp "$tmp/text/templates/page.mustache" "$site/templates/index.mustache"
echo "title: Links" >"$site/content/site.yaml"
{
	printf -- '---\ntitle: Links\n---\n'
	i=0
	while IFS= read -r p; do
		i=$((i + 1))
		printf '[a](<%s>) ![b](<%s>) [c][r%d] <%s> [d](%s)\n\n[r%d]: <%s>\n\n' "$p" "$p" $i "$p" "$p" $i "$p"
	done <"$payloads"
} >"$site/content/index.md"
(cd "$site" && "$BRIEF" build -q --max-errors 0 -o out) 2>"$tmp/err"
status=$?
bad_lines=$(sed -nE 's/^content\/index\.md:([0-9]+):[0-9]+: error: .*/\1/p' "$tmp/err" | sort -nu)
others=$(grep -vE '^content/index\.md:[0-9]+:[0-9]+: error: |^brief: build failed with ' "$tmp/err")
if [ $status -eq 1 ] && [ -n "$bad_lines" ] && [ -z "$others" ] && [ ! -e "$site/out" ]; then
	ok "links brief cannot resolve are errors at their lines ($(echo $bad_lines | wc -w) lines), nothing written"
else
	fail "links brief cannot resolve are errors at their lines, nothing written" "exit $status" "$others"
fi
for l in $bad_lines; do sed -i "${l}s/.*//" "$site/content/index.md"; done
kept=$(grep -c '^\[a\]' "$site/content/index.md")
if (cd "$site" && "$BRIEF" build -q -o out) 2>"$tmp/err" &&
	python3 "$check" "$site/out" >"$tmp/found" 2>/dev/null && [ "$kept" -ge 10 ] &&
	[ "$(grep -o '<a href="">' "$site/out/index.html" | wc -l)" -ge 10 ]; then
	ok "the other $kept payload lines build; no live markup; javascript:, vbscript:, data: links become href=\"\""
else
	fail "the other payload lines build; no live markup" "$(cat "$tmp/err")" "$(head -n 10 "$tmp/found")"
fi

# --- site.yaml menu entries: each payload as a title and as a url ---
# A url that a browser would run (check.py's rule) is an error at its
# line; the other entries build, with no live markup and every title
# back as text.
site=$tmp/menu
mkdir -p "$site/content" "$site/templates"
echo hi >"$site/content/index.md"
echo '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>M</title></head><body><ul>{{#site.menu}}<li><a class="ch-menu" href="{{url}}" title="{{title}}">{{title}}</a></li>{{/site.menu}}</ul></body></html>' >"$site/templates/index.mustache"
must=$(python3 - "$payloads" "$site/content/site.yaml" <<'PY'
import json, re, sys
ps = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("title: Menu\nmenu:\n")
    f.write("".join("  - {title: %s, url: %s}\n" % (json.dumps(p), json.dumps(p)) for p in ps))
# check.py's url_is_live: the lines that must be refused.
for i, p in enumerate(ps):
    v = re.sub(r"[\t\n\r]", "", p).strip("".join(map(chr, range(33)))).lower()
    if v.startswith(("javascript:", "vbscript:", "data:")):
        print(i + 3)
PY
)
(cd "$site" && "$BRIEF" build -q --max-errors 0 -o out) 2>"$tmp/err"
status=$?
refused=$(sed -nE "s/^content\/site\.yaml:([0-9]+):[0-9]+: error: menu entry's url .*/\1/p" "$tmp/err" | sort -nu)
others=$(grep -vE "^content/site\.yaml:[0-9]+:[0-9]+: error: menu entry's url |^brief: build failed with " "$tmp/err")
missed=$(comm -23 <(echo "$must" | sort -u) <(echo "$refused" | sort -u))
if [ $status -eq 1 ] && [ "$(echo "$must" | wc -w)" -ge 5 ] && [ -z "$missed" ] && [ -z "$others" ] &&
	[ ! -e "$site/out" ]; then
	ok "menu urls a browser would run are errors at their lines ($(echo $refused | wc -w) of $n), nothing written"
else
	fail "menu urls a browser would run are errors at their lines, nothing written" "exit $status" \
		"not refused: $(echo $missed)" "$others"
fi
for l in $(echo "$refused" | sort -nr); do sed -i "${l}d" "$site/content/site.yaml"; done
kept=$(grep -c '^  - ' "$site/content/site.yaml")
if (cd "$site" && "$BRIEF" build -q -o out) 2>"$tmp/err" &&
	python3 "$check" "$site/out" --texts >"$tmp/found" 2>/dev/null && [ "$kept" -ge 10 ] &&
	python3 - "$site/content/site.yaml" "$tmp/found" <<'PY'
import json, sys, yaml
menu = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))["menu"]
texts = json.loads(open(sys.argv[2], encoding="utf-8").read().splitlines()[-1])
want = [m["title"] for m in menu]
sys.exit(0 if texts.get("menu") == want and texts.get("menu@title") == want else 1)
PY
then
	ok "the other $kept menu entries build: no live markup, every title back as text"
else
	fail "the other menu entries build: no live markup, every title back as text" "$(cat "$tmp/err")" \
		"$(grep '^LIVE' "$tmp/found" | head -n 10)"
fi

# --- {{{ }}} (unescaped) only for HTML that brief made: page.content ---
raw=$( (grep -rhoE '\{\{(\{|&) *[^}]*\}' templates tests/sites/*/templates tests/errors/templates &&
	grep -hoE '\{\{(\{|&) *[^}]*\}' generator/init.c) | sed -E 's/^\{\{[{&] *//; s/ *\}$//' | sort | uniq -c)
if [ -n "$raw" ] && ! echo "$raw" | awk '{print $2}' | grep -vqxE 'page\.content|content'; then
	ok "templates (shipped, starter, tests) write unescaped only page.content and content: $(echo $raw)"
else
	fail "templates write unescaped only page.content and content" "$raw"
fi

summary
