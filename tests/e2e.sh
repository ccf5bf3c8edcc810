#!/usr/bin/env bash
# End-to-end tests of the brief binary ($BRIEF, default generator/brief):
# golden sites, error cases with their exact stderr, the CLI, init, and
# the shipped site's links. Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh" brief-e2e

# A fingerprint of a whole tree: names, modes and contents.
tree_sum() { (cd "$1" && find . -printf '%p %m\n' | sort && find . -type f -print0 | sort -z | xargs -0 -r sha256sum); }

# --- golden sites: tests/sites/NAME/{content,templates,expected} ---
for site in tests/sites/*/; do
	name=$(basename "$site")
	out=$tmp/site-$name
	if ! (cd "$site" && "$BRIEF" build -q -o "$out") >"$tmp/err" 2>&1; then
		fail "site $name builds" "$(cat "$tmp/err")"
		continue
	fi
	if d=$(diff -r "$out" "$site/expected" 2>&1); then
		ok "site $name matches expected/"
	else
		fail "site $name matches expected/" "$(echo "$d" | head -n 30)"
	fi
	(cd "$site" && "$BRIEF" build -q -o "$out.2") >/dev/null 2>&1
	if diff -r "$out" "$out.2" >/dev/null; then
		ok "site $name builds byte-identical twice"
	else
		fail "site $name builds byte-identical twice"
	fi
done

# --- error cases: tests/errors/NAME/{content,[templates],expected.stderr,[args]} ---
# Templates default to tests/errors/templates; OUTPUT in expected.stderr
# stands for the output folder.
for case in tests/errors/*/; do
	name=$(basename "$case")
	[ -f "$case/expected.stderr" ] || continue
	out=$tmp/err-$name
	mkdir -p "$out/keep" && echo "previous build" >"$out/keep/index.html"
	printf 'brief-manifest 1\nkeep/index.html\n' >"$out/.brief-manifest" # brief's own
	before=$(tree_sum "$out")
	templates=templates
	[ -d "$case/templates" ] || templates=../templates
	args=()
	[ -f "$case/args" ] && read -r -a args <"$case/args"
	# Three threads, whatever the machine: messages must come in page order.
	(cd "$case" && "$BRIEF" build -j 3 -t "$templates" -o "$out" "${args[@]}") >"$tmp/out" 2>"$tmp/err"
	status=$?
	sed -i "s|$out|OUTPUT|g" "$tmp/err"
	if [ $status -ne 1 ]; then
		fail "error $name exits 1" "exit status $status" "$(cat "$tmp/err")"
	elif ! d=$(diff "$case/expected.stderr" "$tmp/err"); then
		fail "error $name prints the expected diagnostics" "$d"
	elif [ "$(tree_sum "$out")" != "$before" ]; then
		fail "error $name leaves output untouched"
	elif ls -a "$tmp" | grep -v '\.brief-lock$' | grep -q "^\.err-$name\.brief-"; then
		fail "error $name leaves no staging folder"
	else
		ok "error $name: exit 1, exact diagnostics, output untouched"
	fi
done

# --- a symbolic link out of content/ is refused (made here: git keeps no dangling intent) ---
mkdir -p "$tmp/link/content" && cp tests/errors/templates/*.mustache "$tmp/link/" 2>/dev/null
printf 'title: t\n' >"$tmp/link/content/site.yaml"
echo secret >"$tmp/secret.txt"
ln -s "$tmp/secret.txt" "$tmp/link/content/leak.txt"
(cd "$tmp/link" && "$BRIEF" build -t "$top/tests/errors/templates" -o out) >/dev/null 2>"$tmp/err"
status=$?
if [ $status -eq 1 ] && grep -q "^content/leak.txt: error: symbolic link leads outside" "$tmp/err" &&
	[ ! -e "$tmp/link/out" ]; then
	ok "symlink out of content/ is an error and nothing is written"
else
	fail "symlink out of content/ is an error and nothing is written" "exit $status" "$(cat "$tmp/err")"
fi

# --- options and environment that change a build ---
basic=tests/sites/basic
if (cd $basic && "$BRIEF" build -q --drafts -o "$tmp/drafts") 2>"$tmp/err" &&
	grep -q '<h1>Not yet</h1>' "$tmp/drafts/draft/index.html" && [ ! -e "$tmp/site-basic/draft" ]; then
	ok "drafts are built only with --drafts"
else
	fail "drafts are built only with --drafts" "$(cat "$tmp/err")"
fi
if (cd $basic && SOURCE_DATE_EPOCH=1531699200 "$BRIEF" build -q -o "$tmp/epoch") 2>"$tmp/err" &&
	grep -q '<p>Built 2018-07-16T00:00:00Z</p>' "$tmp/epoch/index.html" &&
	! grep -q 'Built' "$tmp/site-basic/index.html"; then
	ok "SOURCE_DATE_EPOCH is the only time stamp: site.build_date"
else
	fail "SOURCE_DATE_EPOCH is the only time stamp: site.build_date" "$(cat "$tmp/err")"
fi
if (cd $basic && "$BRIEF" build -q -j 1 -o "$tmp/j1" && "$BRIEF" build -q -j 5 -o "$tmp/j5") 2>"$tmp/err" &&
	diff -r "$tmp/j1" "$tmp/j5" >/dev/null && diff -r "$tmp/j1" "$basic/expected" >/dev/null; then
	ok "output is byte-identical with -j 1 and -j 5"
else
	fail "output is byte-identical with -j 1 and -j 5" "$(cat "$tmp/err")"
fi
# Without --strict a missing template variable is a warning, once per place.
(cd tests/errors/strict-missing && "$BRIEF" build -o "$tmp/warn") >"$tmp/out" 2>"$tmp/err"
status=$?
if [ $status -eq 0 ] && [ "$(grep -c "warning: 'page.titel' is not defined" "$tmp/err")" -eq 2 ] &&
	grep -q '(with warnings)' "$tmp/out" && [ -f "$tmp/warn/other/index.html" ]; then
	ok "missing template variables are warnings without --strict"
else
	fail "missing template variables are warnings without --strict" "exit $status" "$(cat "$tmp/err")"
fi
# Many pages rendered on several threads come out as on one: cmark-gfm's
# inline extensions share global state that threads must not race on.
mkdir -p "$tmp/many/content/posts" && printf 'title: Many\n' >"$tmp/many/content/site.yaml"
line='Text with *emphasis*, https://example.org/a, www.example.com and ~~old~~ new.'
for i in $(seq 1 300); do
	{ printf -- '---\ntitle: Post %d\n---\n' "$i"; for k in $(seq 1 40); do echo "$line"; echo; done; } \
		>"$tmp/many/content/posts/p$i.md"
done
if (cd "$tmp/many" && "$BRIEF" build -q -j 1 -t "$top/tests/errors/templates" -o j1 &&
	"$BRIEF" build -q -j 4 -t "$top/tests/errors/templates" -o j4) 2>"$tmp/err" &&
	diff -r "$tmp/many/j1" "$tmp/many/j4" >/dev/null &&
	[ "$(cat "$tmp/many/j4"/posts/*/index.html | grep -c '<del>old</del>')" -eq 12000 ] &&
	[ "$(cat "$tmp/many/j4"/posts/*/index.html | grep -c 'href="http://www.example.com"')" -eq 12000 ]; then
	ok "300 pages with autolinks and strikethrough: -j 4 renders as -j 1"
else
	fail "300 pages with autolinks and strikethrough: -j 4 renders as -j 1" "$(cat "$tmp/err")"
fi
# A build killed mid-way leaves its staging folder; the next one removes it.
mkdir -p "$tmp/.stale.brief-AbCdEf/x" && mkdir -p "$tmp/stale"
if (cd $basic && "$BRIEF" build -q -o "$tmp/stale") 2>"$tmp/err" && [ ! -e "$tmp/.stale.brief-AbCdEf" ] &&
	[ -f "$tmp/stale/index.html" ]; then
	ok "a later build removes the staging folder of an interrupted one"
else
	fail "a later build removes the staging folder of an interrupted one" "$(cat "$tmp/err")"
fi
# Replacing an existing output keeps no file of the previous build.
echo old >"$tmp/stale/leftover.html"
(cd $basic && "$BRIEF" build -q -o "$tmp/stale") 2>"$tmp/err"
if [ ! -e "$tmp/stale/leftover.html" ] && diff -r "$tmp/stale" "$basic/expected" >/dev/null; then
	ok "a successful build replaces the whole output folder"
else
	fail "a successful build replaces the whole output folder"
fi

# --- CLI ---
expect_cli() { # name, expected status, grep pattern on stdout+stderr, args...
	local name=$1 want=$2 pattern=$3
	shift 3
	"$BRIEF" "$@" >"$tmp/cli" 2>&1
	local got=$?
	if [ $got -eq "$want" ] && grep -qE "$pattern" "$tmp/cli"; then
		ok "cli: $name"
	else
		fail "cli: $name" "exit $got (want $want)" "$(head -n 5 "$tmp/cli")"
	fi
}
expect_cli "--help" 0 '^Usage: brief COMMAND' --help
expect_cli "build --help" 0 '^Usage: brief COMMAND' build --help
expect_cli "--version" 0 '^brief [0-9]+\.[0-9]+\.[0-9]+$' --version
expect_cli "no command" 2 "^brief: missing command.*|Try 'brief --help'"
expect_cli "unknown command" 2 "^brief: unknown command 'frobnicate'" frobnicate
expect_cli "unknown option" 2 "^brief: unrecognized option '--frob'" build --frob
expect_cli "missing option argument" 2 "^brief: option '--output' requires an argument" build --output
expect_cli "bad job count" 2 "^brief: invalid number of jobs '0'" build -j 0
expect_cli "stray argument" 2 "^brief: unexpected argument 'extra'" build extra
expect_cli "init without folder" 2 "^brief: init needs exactly one folder" init
expect_cli "missing content folder" 1 "^nowhere/site.yaml: error: cannot read: No such file" build -c nowhere -o "$tmp/none"
expect_cli "missing content folder: a hint" 1 "^nowhere/site.yaml: note: no site here: start one with 'brief init DIR', or name a site's content folder with --content DIR$" build -c nowhere -o "$tmp/none"

# --- init writes a site that builds ---
if "$BRIEF" init "$tmp/starter" >/dev/null 2>"$tmp/err" &&
	(cd "$tmp/starter" && "$BRIEF" build --strict) >"$tmp/out" 2>>"$tmp/err" &&
	grep -q '^brief: wrote 8 pages and copied 2 files to output in' "$tmp/out" &&
	grep -q 'href="../../notes/second/index.html#details"' "$tmp/starter/output/notes/first/index.html"; then
	ok "init: the starter site builds with --strict"
else
	fail "init: the starter site builds with --strict" "$(cat "$tmp/err" "$tmp/out" 2>/dev/null)"
fi
expect_cli "init refuses a non-empty folder" 1 "error: folder is not empty" init "$tmp/starter"

# --- every link of a built site resolves inside it (relative, any sub-path, file://) ---
check_links() { # output folder; prints broken links
	local dir=$1 page ref target base
	(cd "$dir" && find . -name '*.html' | sort) | while read -r page; do
		base=$(dirname "$page")
		grep -oE '(href|src)="[^"]*"' "$dir/$page" | sed -E 's/^(href|src)="//; s/"$//' | while read -r ref; do
			case $ref in
			http:* | https:* | mailto:* | '#'*) continue ;;
			/*) echo "$page: absolute link $ref" && continue ;;
			esac
			target=${ref%%#*}
			target=${target%%\?*}
			[ -z "$target" ] && continue
			[ -e "$dir/$base/$target" ] || echo "$page: broken link $ref"
			case $target in */) echo "$page: link to a folder (fails from file://): $ref" ;; esac
		done
	done
}
if [ ! -d content ] || [ ! -d templates ]; then
	fail "the shipped site is here" "content/ or templates/ is missing"
else
	if "$BRIEF" build -q --strict -o "$tmp/shipped" >"$tmp/out" 2>&1; then
		ok "the shipped site builds with --strict"
		broken=$(check_links "$tmp/shipped")
		if [ -z "$broken" ] && [ -n "$(find "$tmp/shipped" -name '*.html')" ]; then
			ok "the shipped site: every link and asset resolves, all relative"
		else
			fail "the shipped site: every link and asset resolves, all relative" "$broken"
		fi
	else
		fail "the shipped site builds with --strict" "$(cat "$tmp/out")"
	fi
fi
for site in tests/sites/*/; do
	# A site that failed to build has no links to check: that is no pass.
	if [ -z "$(find "$tmp/site-$(basename "$site")" -name '*.html' 2>/dev/null)" ]; then
		fail "site $(basename "$site"): every link resolves" "the site was not built"
		continue
	fi
	broken=$(check_links "$tmp/site-$(basename "$site")")
	if [ -z "$broken" ]; then
		ok "site $(basename "$site"): every link resolves"
	else
		fail "site $(basename "$site"): every link resolves" "$broken"
	fi
done

summary
