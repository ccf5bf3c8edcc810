#!/usr/bin/env python3
"""Pathological inputs, in the spirit of cmark's test/pathological_tests.py.

Each hostile input runs `brief build` (BRIEF) under a CPU-time limit and
must end as expected: built, or refused with a located error naming the
limit that stopped it. Where the input grows, it runs at two sizes and the
larger (twice the size) may take at most 2.5 times the CPU time of the
smaller: linear, not quadratic. CPU time of the child (user + system,
getrusage), not wall time: the machine is shared. Inputs live on /dev/shm.
Ends with "N passed, N failed".
"""
import os
import resource
import shutil
import subprocess
import sys
import tempfile

BRIEF = os.path.abspath(os.environ.get("BRIEF", "generator/brief"))
ASAN = "/debug/" in BRIEF
# The ASan build is several times slower: smaller inputs (same shapes).
SCALE = 4 if ASAN else 1
# A memory bound too (ASan reserves terabytes of address space: not there).
VMEM = "" if ASAN else "ulimit -v 4000000;"
TMP = tempfile.mkdtemp(prefix="brief-patho.", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
PAGE = "<!doctype html><html><body>{{{page.content}}}</body></html>\n"
passed = failed = 0


def ok(name):
    global passed
    passed += 1
    print(f"ok - {name}")


def fail(name, *lines):
    global failed
    failed += 1
    print(f"FAIL - {name}")
    for line in lines:
        print(f"  {line}")


def site(content, templates=None, site_yaml="title: T\n"):
    """A fresh site folder: content files, then templates (defaults for the layouts)."""
    d = tempfile.mkdtemp(dir=TMP)
    files = {"content/site.yaml": site_yaml}
    for k, v in content.items():
        files["content/" + k] = v
    for k in ("page", "index", "section"):
        files[f"templates/{k}.mustache"] = PAGE
    for k, v in (templates or {}).items():
        files["templates/" + k] = v
    for k, v in files.items():
        path = os.path.join(d, k)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(v.encode() if isinstance(v, str) else v)
    os.makedirs(os.path.join(d, "content"), exist_ok=True)
    return d


def build(d, limit):
    """Runs brief build in d with `limit` CPU seconds; (status, stderr, cpu seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(
        ["bash", "-c", f'ulimit -t {limit}; {VMEM} exec "$0" build -j 2', BRIEF],
        cwd=d, capture_output=True, text=True, errors="replace", timeout=limit * 6 + 30)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return p.returncode, p.stderr, cpu


def check(name, content, expect, templates=None, site_yaml="title: T\n", limit=20, prepare=None):
    """One input: expect is "" to build, else a text the error must hold."""
    d = site(content, templates, site_yaml)
    if prepare:
        prepare(d)
    status, err, cpu = build(d, limit)
    shutil.rmtree(d, ignore_errors=True)
    if expect == "" and status == 0:
        ok(f"{name}: built in {cpu:.2f} s")
    elif expect != "" and status == 1 and expect in err and "Sanitizer" not in err:
        ok(f"{name}: refused in {cpu:.2f} s ({err.splitlines()[0][:100]})")
    else:
        fail(name, f"status {status}, {cpu:.2f} s CPU; want {'success' if not expect else expect!r}",
             *err.splitlines()[:6])
        return None
    return cpu


def linear(name, make, n, expect="", templates=None, limit=20):
    """make(n) gives content; builds at n and 2n: twice the input, at most 2.5 times the time."""
    n = max(n // SCALE, 1)
    t1 = check(f"{name} (x{n})", make(n), expect, templates(n) if templates else None, limit=limit)
    t2 = check(f"{name} (x{2 * n})", make(2 * n), expect, templates(2 * n) if templates else None,
               limit=limit)
    # Below 0.1 s the numbers are mostly noise.
    if t1 is None or t2 is None:
        fail(f"{name}: twice the input: not measured, a build failed")
    elif t2 <= 2.5 * t1 + 0.1:
        ok(f"{name}: twice the input, {t2 / max(t1, 0.01):.1f} times the time")
    else:
        fail(f"{name}: twice the input, {t2 / max(t1, 0.01):.1f} times the time",
             f"{t1:.2f} s, then {t2:.2f} s")


def loops(where):
    def prepare(d):
        os.symlink(".", os.path.join(d, where, "l1"))
        os.symlink(".", os.path.join(d, where, "l2"))
    return prepare


def chain(levels, twice):
    """Partials p0 .. p{levels-1}, each including the next (twice if twice)."""
    t = {"page.mustache": "<html>{{>p0}}</html>\n", "index.mustache": "<html>{{>p0}}</html>\n"}
    for i in range(levels):
        inc = f"{{{{>p{i + 1}}}}}"
        t[f"p{i}.mustache"] = "ab" + inc + (inc if twice else "")
    t[f"p{levels}.mustache"] = "z"
    return t


if ASAN:
    print(f"# ASan build: inputs divided by {SCALE}; the 100 MB page is still 100 MB (refused unread)")

check("two symbolic link loops in content/", {"index.md": "hi\n"}, "symbolic link loop",
      prepare=loops("content"), limit=10)
check("two symbolic link loops in templates/", {"index.md": "hi\n"}, "symbolic link loop",
      prepare=loops("templates"), limit=10)
# The render's step budget stops it before its output reaches page_bytes.
check("40 partials, each including the next twice", {"index.md": "hi\n"},
      "rendering stopped here", templates=chain(40, True), limit=30)
check("40 partials, each twice, under a small limits.page_bytes", {"index.md": "hi\n"},
      "the page grows past limits.page_bytes (100000 bytes)", templates=chain(40, True),
      site_yaml="title: T\nlimits:\n  page_bytes: 100000\n", limit=10)
check("a partial including itself twice", {"index.md": "hi\n"}, "limits.",
      templates={"page.mustache": "{{>me}}", "index.mustache": "{{>me}}",
                 "me.mustache": "x{{>me}}{{>me}}"}, limit=10)
check("partials 200 deep", {"index.md": "hi\n"}, "limits.template_depth",
      templates=chain(200, False), limit=10)


def big_page(d):
    with open(os.path.join(d, "content", "index.md"), "wb") as f:
        f.truncate(100 << 20)


check("a 100 MB page", {"index.md": ""}, "limits.file_bytes", prepare=big_page, limit=10)
N = 100000
check("YAML flow nesting 100,000 deep", {"index.md": "---\nx: " + "[" * N + "]" * N + "\n---\nhi\n"},
      "nesting deeper than 64 levels: raise limits.depth", limit=10)
check("YAML block nesting 100,000 deep", {"d.yaml": "- " * N + "a\n", "index.md": "hi\n"},
      "nesting deeper than 64 levels: raise limits.depth", limit=10)
check("JSON nesting 100,000 deep", {"d.json": "[" * N + "]" * N, "index.md": "hi\n"},
      "nesting deeper than 64 levels: raise limits.depth", limit=10)
check("Mustache sections 100,000 deep", {"index.md": "hi\n"}, "sections nested more than 100 deep",
      templates={"index.mustache": "{{#a}}" * N + "{{/a}}" * N}, limit=10)
check("a bad limits: value", {"index.md": "hi\n"}, "limits.pages must be a whole number",
      site_yaml="title: T\nlimits:\n  pages: -3\n", limit=10)
check("more pages than limits.pages", {"index.md": "hi\n", "a.md": "a\n", "b.md": "b\n"},
      "more than limits.pages (2)", site_yaml="title: T\nlimits:\n  pages: 2\n", limit=10)
linear("Markdown list nesting", lambda n: {"index.md": "- " * n + "a\n"}, 50000)
linear("Markdown blockquote nesting", lambda n: {"index.md": "> " * n + "a\n"}, 50000)
linear("a single line", lambda n: {"index.md": "word " * n + "\n"}, 1000000)
linear("headings with the same text", lambda n: {"index.md": "# Same\n\n" * n}, 50000)
linear("links to the same page", lambda n: {"index.md": "[x](index.md) " * n + "\n"}, 50000)
linear("a data list in a template loop",
       lambda n: {"index.md": "hi\n", "items.yaml": "- 1\n" * n}, 500000,
       templates=lambda n: {"index.mustache": "<html>{{#data.items}}<i>{{.}}</i>{{/data.items}}</html>\n"})
linear("a YAML map with 100,000 keys",
       lambda n: {"index.md": "hi\n", "wide.yaml": "".join(f"k{i}: {i}\n" for i in range(n))},
       50000)
linear("front matter with 100,000 keys",
       lambda n: {"index.md": "---\n" + "".join(f"k{i}: {i}\n" for i in range(n)) + "---\nhi\n"},
       50000)
linear("a YAML file with 50,000 anchors and their aliases",
       lambda n: {"index.md": "hi\n", "anchors.yaml": "items:\n"
                  + "".join(f"  - &a{i} {i}\n" for i in range(n))
                  + "refs:\n" + "".join(f"  - *a{i}\n" for i in range(n))},
       25000)
check("a duplicate key at the end of a map of 100,000",
      {"index.md": "hi\n", "wide.yaml": "".join(f"k{i}: {i}\n" for i in range(N)) + "k7: again\n"},
      f"content/wide.yaml:{N + 1}:1: error: duplicate key 'k7'", limit=10)
# Quadratic inside cmark-gfm 0.29 itself: bounded by the CPU budget, and
# the other pages' errors are still reported.
check("a paragraph of emphasis and links on every line",
      {"index.md": "*a* [b](index.md) **c** [d](index.md)\n" * 30000,
       "other.md": "[broken](nowhere.md)\n"},
      "content/index.md: error: rendering took more than 1 s of CPU time (limits.render_seconds)",
      site_yaml="title: T\nlimits:\n  render_seconds: 1\n", limit=30)
d = site({"index.md": "*a* [b](index.md) **c** [d](index.md)\n" * 30000,
          "other.md": "[broken](nowhere.md)\n"}, site_yaml="title: T\nlimits:\n  render_seconds: 1\n")
status, err, cpu = build(d, 30)
if "content/other.md:1:1: error: link to 'nowhere.md'" in err:
    ok("the other pages' errors are still reported after a page ran over")
else:
    fail("the other pages' errors are still reported after a page ran over", *err.splitlines()[:5])
shutil.rmtree(TMP, ignore_errors=True)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
