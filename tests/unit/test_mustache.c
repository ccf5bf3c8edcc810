/* mustache: the engine alone, with hand-built values and in-memory partials. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "mustache.h"
#include "sitelimits.h"

static struct arena *arena;

/* Values. Map and list arguments end with NULL. */
static struct value *
str(const char *s)
{
	return value_cstring(arena, s);
}

static struct value *
num(double n)
{
	return value_number(arena, n);
}

static struct value *
map(const char *key, ...)
{
	struct value *m = value_map(arena, (struct pos){0});
	va_list ap;
	va_start(ap, key);
	for (; key != NULL; key = va_arg(ap, const char *))
		value_map_put(arena, m, key, va_arg(ap, struct value *));
	va_end(ap);
	return m;
}

static struct value *
list(struct value *item, ...)
{
	struct value *l = value_list(arena, (struct pos){0});
	va_list ap;
	va_start(ap, item);
	for (; item != NULL; item = va_arg(ap, struct value *))
		value_list_push(arena, l, item);
	va_end(ap);
	return l;
}

/* Templates by name, the registry a caller would keep. */
struct registry {
	const char *names[64];
	const struct mustache *tpls[64];
	int n;
	int lookups;
};

static struct registry reg;
static char *diag_text;
static size_t diag_size;
static FILE *diag_out;
static struct diag d;

static void
diag_begin(void)
{
	diag_out = open_memstream(&diag_text, &diag_size);
	diag_init(&d, diag_out);
}

/* The diagnostics printed since diag_begin(), owned by the arena. */
static const char *
diag_end(void)
{
	fclose(diag_out);
	diag_close(&d);
	const char *s = arena_strdup(arena, diag_text);
	free(diag_text);
	return s;
}

static const struct mustache *
lookup(void *ctx, const char *name, size_t len)
{
	struct registry *r = ctx;
	r->lookups++;
	for (int i = 0; i < r->n; i++)
		if (strlen(r->names[i]) == len && memcmp(r->names[i], name, len) == 0)
			return r->tpls[i];
	return NULL;
}

static struct mustache *
compile(const char *path, const char *src)
{
	return mustache_compile(arena, &d, path, src, strlen(src));
}

/* Compiles src and keeps it as a partial called name. */
static void
partial(const char *name, const char *src)
{
	diag_begin();
	reg.names[reg.n] = name;
	reg.tpls[reg.n++] = compile(name, src);
	CHECK_STR(diag_end(), "");
}

/* What src renders with data; the diagnostics instead when it fails. */
static const char *
render_env(const char *src, const struct value *data, struct mustache_env *env)
{
	diag_begin();
	env->lookup = lookup;
	env->lookup_ctx = &reg;
	env->diag = &d;
	struct mustache *t = compile("t.mustache", src);
	struct buf out = BUF_INIT;
	int rc = t ? mustache_render(t, data, env, &out) : -1;
	const char *errs = diag_end();
	const char *s = arena_strdup(arena, rc == 0 ? out.ptr : errs);
	buf_free(&out);
	return s;
}

static const char *
render(const char *src, const struct value *data)
{
	struct mustache_env env = {0};
	return render_env(src, data, &env);
}

/* The diagnostics of compiling src. */
static const char *
errors(const char *src)
{
	diag_begin();
	struct mustache *t = compile("e.mustache", src);
	const char *s = diag_end();
	CHECK(t == NULL);
	return s;
}

static void
reset(void)
{
	memset(&reg, 0, sizeof(reg));
}

TEST(variables_are_escaped_unless_raw)
{
	struct value *v = map("x", str("<a href=\"u\">Tom & Jerry's</a>"), NULL);
	CHECK_STR(render("{{x}}", v),
	          "&lt;a href=&quot;u&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
	CHECK_STR(render("{{{x}}}|{{& x }}", v),
	          "<a href=\"u\">Tom & Jerry's</a>|<a href=\"u\">Tom & Jerry's</a>");
	CHECK_STR(render("{{n}} {{f}} {{b}} {{z}}|{{missing}}|",
	                 map("n", num(42), "f", num(1.210), "b", value_bool(arena, false), "z",
	                     value_null(arena), NULL)),
	          "42 1.21 false ||");
}

/* A hook that shows what the engine hands it: the value's text, escaped
 * or not, between markers. */
static void
bracket(void *ctx, const struct value *v, bool escape, struct buf *out)
{
	(*(int *)ctx)++;
	buf_puts(out, escape ? "[e:" : "[r:");
	mustache_emit(v, escape, out);
	buf_putc(out, ']');
}

TEST(every_interpolation_goes_through_the_emit_hook)
{
	int calls = 0;
	struct mustache_env env = {.emit = bracket, .emit_ctx = &calls};
	struct value *v =
	    map("x", str("a&b"), "n", num(3), "l", list(str("i"), str("j"), NULL), NULL);
	CHECK_STR(render_env("{{x}} {{{x}}} {{&x}} {{n}}", v, &env),
	          "[e:a&amp;b] [r:a&b] [r:a&b] [e:3]");
	CHECK_INT(calls, 4);
	/* Sections write no value; their items do. A missing name calls nothing. */
	calls = 0;
	CHECK_STR(render_env("{{#l}}{{.}}{{/l}}{{^x}}no{{/x}}{{missing}}", v, &env), "[e:i][e:j]");
	CHECK_INT(calls, 2);
	/* Without a hook, mustache_emit() writes the same text bare. */
	CHECK_STR(render("{{x}} {{{x}}} {{n}} {{l}}", v), "a&amp;b a&b 3 ");
}

TEST(sections_iterate_lists_and_push_maps)
{
	struct value *v =
	    map("title", str("T"), "items",
	        list(map("name", str("a"), NULL), map("name", str("b"), "title", str("own"), NULL),
	             NULL),
	        "site", map("name", str("S"), "nav", list(str("x"), str("y"), NULL), NULL), "empty",
	        list(NULL), NULL);
	CHECK_STR(render("{{#items}}{{name}}:{{title}};{{/items}}", v), "a:T;b:own;");
	CHECK_STR(render("{{#site}}{{name}}{{#nav}}<{{.}}>{{/nav}}{{/site}}", v), "S<x><y>");
	CHECK_STR(render("{{site.name}} {{#site.nav}}{{.}}{{/site.nav}}", v), "S xy");
	CHECK_STR(render("[{{#empty}}never{{/empty}}{{^empty}}none{{/empty}}]", v), "[none]");
	CHECK_STR(render("{{^items}}never{{/items}}{{^nothing}}yes{{/nothing}}", v), "yes");
	/* A key found on the stack ends the search, even when its rest is missing. */
	CHECK_STR(render("{{#items}}{{title.x}}{{/items}}", v), "");
}

TEST(standalone_lines_vanish)
{
	struct value *v =
	    map("a", list(str("1"), str("2"), NULL), "b", value_bool(arena, true), NULL);
	CHECK_STR(render("<ul>\n  {{#a}}\n  <li>{{.}}</li>\n  {{/a}}\n</ul>\n", v),
	          "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n");
	/* Several non-printing tags alone on a line count as one. */
	CHECK_STR(render("x\n{{#b}}{{#a}}\n{{.}}\n{{/a}}{{/b}} {{! done }}\ny\n", v),
	          "x\n1\n2\ny\n");
	CHECK_STR(render("{{=<% %>=}}\n<%#b%>{{b}}<%={{ }}=%>{{/b}}|{{b}}", v), "{{b}}|true");
}

TEST(partials_come_from_the_lookup)
{
	reset();
	partial("item", "<li>{{name}}</li>\n");
	partial("list", "<ul>\n  {{#items}}\n  {{>item}}\n  {{/items}}\n</ul>\n");
	struct value *v =
	    map("items", list(map("name", str("a"), NULL), map("name", str("b\nc"), NULL), NULL),
	        "which", str("item"), NULL);
	CHECK_STR(render("<nav>\n  {{> list }}\n</nav>\n", v),
	          "<nav>\n  <ul>\n    <li>a</li>\n    <li>b\nc</li>\n  </ul>\n</nav>\n");
	CHECK_STR(render("[{{>nope}}]", v), "[]");
	CHECK_STR(render("{{#items}}{{>*which}}{{/items}}", v), "<li>a</li>\n<li>b\nc</li>\n");
	struct mustache_env env = {0}; /* no lookup at all */
	diag_begin();
	struct mustache *t = compile("t", "[{{>item}}]");
	struct buf out = BUF_INIT;
	CHECK_INT(mustache_render(t, v, &env, &out), 0);
	CHECK_STR(out.ptr, "[]");
	CHECK_STR(diag_end(), "");
	buf_free(&out);
}

TEST(inheritance_overrides_blocks)
{
	reset();
	partial("base",
	        "<html>\n<head><title>{{$title}}Site{{/title}}</title></head>\n<body>\n"
	        "  {{$content}}\n  <p>nothing here</p>\n  {{/content}}\n</body>\n</html>\n");
	partial("post", "{{<base}}\n{{$title}}{{page.title}} - {{$site}}Site{{/site}}{{/title}}\n"
	                "{{$content}}\n<article>\n  {{{page.body}}}\n</article>\n{{/content}}\n"
	                "{{/base}}\n");
	struct value *v =
	    map("page", map("title", str("Hi & bye"), "body", str("<p>x</p>"), NULL), NULL);
	CHECK_STR(render("{{<base}}{{/base}}", v),
	          "<html>\n<head><title>Site</title></head>\n<body>\n  <p>nothing here</p>\n"
	          "</body>\n</html>\n");
	CHECK_STR(render("{{>post}}", v),
	          "<html>\n<head><title>Hi &amp; bye - Site</title></head>\n<body>\n"
	          "  <article>\n    <p>x</p>\n  </article>\n</body>\n</html>\n");
	/* The outermost override wins, even inside an overriding block. */
	CHECK_STR(render("{{<post}}{{$site}}Mine{{/site}}{{/post}}", v),
	          "<html>\n<head><title>Hi &amp; bye - Mine</title></head>\n<body>\n"
	          "  <article>\n    <p>x</p>\n  </article>\n</body>\n</html>\n");
}

TEST(compile_errors_have_positions)
{
	CHECK_STR(errors("a\n  {{#list}}\n{{x}}"),
	          "e.mustache:2:3: error: section 'list' opened here is never closed\n");
	CHECK_STR(errors("{{#a}}{{#b}}\n{{/a}}"),
	          "e.mustache:1:7: error: section 'b' opened here is never closed\n");
	CHECK_STR(errors("{{#a}}\n\t{{/b}}{{/a}}"),
	          "e.mustache:2:2: error: closing tag 'b' does not match section 'a' (opened at "
	          "1:1)\n");
	CHECK_STR(errors("x {{/b}}"),
	          "e.mustache:1:3: error: closing tag 'b' has no open section\n");
	CHECK_STR(errors("é {{name}\n"),
	          "e.mustache:1:3: error: unclosed tag: '{{' without a matching '}}'\n");
	CHECK_STR(errors("{{{name}}"),
	          "e.mustache:1:1: error: unclosed tag: '{{{' without a matching '}}}'\n");
	CHECK_STR(errors("{{=<% %>=}}\n<%name"),
	          "e.mustache:2:1: error: unclosed tag: '<%' without a matching '%>'\n");
	CHECK_STR(errors("{{=<%%>=}}"),
	          "e.mustache:1:1: error: bad delimiter change '=<%%>=': want {{=open close=}}, "
	          "two delimiters without white space or '='\n");
	/* Every error is reported, not just the first. */
	CHECK_STR(errors("{{a b}} {{}}\n{{#x..y}}{{/x..y}} {{>}}"),
	          "e.mustache:1:1: error: tag name 'a b' contains white space\n"
	          "e.mustache:1:9: error: tag '{{}}' has no name\n"
	          "e.mustache:2:1: error: bad name 'x..y': want \".\" or keys joined by single "
	          "dots\n"
	          "e.mustache:2:20: error: tag '{{>}}' has no name\n");
}

TEST(nesting_is_bounded_at_compile_time)
{
	struct buf src = BUF_INIT;
	for (int i = 0; i < MUSTACHE_MAX_NESTING; i++)
		buf_puts(&src, "{{#a}}");
	buf_puts(&src, "{{x}}");
	for (int i = 0; i < MUSTACHE_MAX_NESTING; i++)
		buf_puts(&src, "{{/a}}");
	/* At the limit: compiles, and renders through a stack deeper than the local frames. */
	struct value *a = map("a", value_bool(arena, true), "x", str("deep"), NULL);
	CHECK_STR(render(src.ptr, a), "deep");
	buf_clear(&src);
	for (int i = 0; i <= MUSTACHE_MAX_NESTING; i++)
		buf_puts(&src, "{{#a}}");
	CHECK_STR(errors(src.ptr), "e.mustache:1:601: error: sections nested more than 100 deep\n");
	buf_free(&src);
}

/* A partial included twice per level doubles the output at each: the
 * bound on the output stops it at once, where the depth bound would not. */
TEST(output_is_bounded)
{
	reset();
	char name[16], body[64];
	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		snprintf(body, sizeof(body), "ab{{>p%d}}{{>p%d}}", i + 1, i + 1);
		partial(arena_strdup(arena, name), arena_strdup(arena, body));
	}
	struct mustache_env env = {.max_bytes = 1000};
	CHECK_STR(render_env("{{>p0}}", NULL, &env),
	          "p38:1:11: error: the output grows past 1000 bytes here (a partial included "
	          "twice at every level?)\n");
	/* The caller's hook words it: the build names the site.yaml key. */
	env = (struct mustache_env){.max_bytes = 1000, .limit = sitelimits_report_render};
	CHECK_STR(render_env("{{>p0}}", NULL, &env),
	          "p38:1:11: error: the page grows past limits.page_bytes (1000 bytes) here (a "
	          "partial included twice at every level?): raise limits.page_bytes in "
	          "site.yaml\n");
	env = (struct mustache_env){.max_bytes = 1000};
	/* Under the bound: 2 bytes times 2^5 - 1 calls of the last 5 levels. */
	CHECK_INT(strlen(render_env("{{>p35}}", NULL, &env)), 62);
}

TEST(self_including_partials_stop_at_the_depth_limit)
{
	reset();
	partial("loop", "x{{>loop}}");
	CHECK_STR(render("{{>loop}}", NULL),
	          "loop:1:2: error: partial 'loop' nested more than 64 deep (a partial that "
	          "includes itself?)\n");
	CHECK_INT(reg.lookups, MUSTACHE_MAX_DEPTH + 1);
	partial("p", "{{$a}}{{/a}}");
	CHECK_STR(render("{{<p}}{{$a}}<{{$a}}{{/a}}>{{/a}}{{/p}}", NULL),
	          "t.mustache:1:14: error: block 'a' nested more than 64 deep (a block that "
	          "includes itself?)\n");
	partial("up", "{{<up}}{{/up}}");
	CHECK_STR(render("{{<up}}{{/up}}", NULL),
	          "up:1:1: error: parent 'up' nested more than 64 deep (a parent that includes "
	          "itself?)\n");
	/* The env's depth replaces the default; the build's hook names its key. */
	struct mustache_env shallow = {.max_depth = 3, .limit = sitelimits_report_render};
	CHECK_STR(render_env("{{>loop}}", NULL, &shallow),
	          "loop:1:2: error: partial 'loop' nested more than 3 deep (a partial that "
	          "includes itself?): raise limits.template_depth in site.yaml\n");
	/* Without a diag the error is still an error, just not printed. */
	struct mustache_env quiet = {.lookup = lookup, .lookup_ctx = &reg};
	struct buf out = BUF_INIT;
	CHECK_INT(mustache_render(reg.tpls[0], NULL, &quiet, &out), -1);
	buf_free(&out);
	/* Real recursion over data ends when the data does. */
	partial("tree", "{{name}}({{#kids}}{{>tree}}{{/kids}})");
	/* (a leaf needs its own empty "kids": else it would find its parent's) */
	struct value *leaf = map("name", str("c"), "kids", list(NULL), NULL);
	CHECK_STR(
	    render("{{>tree}}",
	           map("name", str("a"), "kids",
	               list(map("name", str("b"), "kids", list(leaf, NULL), NULL), NULL), NULL)),
	    "a(b(c()))");
}

struct missing_log {
	struct buf text;
};

static void
on_missing(void *ctx, struct pos at, const char *name, size_t len)
{
	struct missing_log *log = ctx;
	buf_printf(&log->text, "%s:%u:%u %.*s\n", at.path, at.line, at.col, (int)len, name);
}

TEST(missing_names_are_reported)
{
	reset();
	partial("p", "{{gone}}");
	struct missing_log log = {BUF_INIT};
	struct mustache_env env = {.missing = on_missing, .missing_ctx = &log};
	struct value *v = map("a", map("b", value_null(arena), NULL), "z", value_null(arena), NULL);
	CHECK_STR(
	    render_env("{{a.b}}{{z}}{{a.c}}\n {{#nope}}{{/nope}}{{^x.y}}{{/x.y}}{{>p}}{{>*dyn}}", v,
	               &env),
	    "\n ");
	CHECK_STR(log.text.ptr, "t.mustache:1:13 a.c\n"
	                        "p:1:1 gone\n"
	                        "t.mustache:2:42 dyn\n");
	buf_free(&log.text);
}

struct refs {
	struct buf text;
};

static void
on_ref(void *ctx, const struct mustache_ref *ref)
{
	struct refs *r = ctx;
	buf_printf(&r->text, "%c%.*s@%u:%u ", ref->kind, (int)ref->len, ref->name, ref->pos.line,
	           ref->pos.col);
}

TEST(refs_list_static_partials_and_parents)
{
	diag_begin();
	struct mustache *t =
	    compile("r", "{{>head}}\n{{<base}} {{>ignored}} {{$b}}{{> in/block.html }}"
	                 "{{/b}}{{/base}}{{>*dynamic}}");
	CHECK_STR(diag_end(), "");
	struct refs r = {BUF_INIT};
	mustache_foreach_ref(t, on_ref, &r);
	CHECK_STR(r.text.ptr, ">head@1:1 <base@2:1 >in/block.html@2:30 ");
	CHECK_STR(mustache_path(t), "r");
	buf_free(&r.text);
}

TEST(compiled_templates_are_reusable)
{
	reset();
	partial("row", "  {{.}}\n");
	diag_begin();
	struct mustache *t = compile("t", "{{#rows}}\n{{>row}}\n{{/rows}}");
	struct mustache_env env = {.lookup = lookup, .lookup_ctx = &reg, .diag = &d};
	struct buf out = BUF_INIT;
	for (int i = 0; i < 3; i++) {
		buf_clear(&out);
		struct value *v = map("rows", list(num(i), num(i + 1), NULL), NULL);
		CHECK_INT(mustache_render(t, v, &env, &out), 0);
		CHECK_STR(out.ptr, i == 0 ? "  0\n  1\n" : i == 1 ? "  1\n  2\n" : "  2\n  3\n");
	}
	CHECK_STR(diag_end(), "");
	buf_free(&out);
	/* An empty template renders nothing. */
	CHECK_STR(render("", NULL), "");
}

/* Work that multiplies at every level stops at a budget, at a tag. */
TEST(renders_stop_at_their_budget)
{
	reset();
	struct value *ten = list(num(0), num(1), num(2), num(3), num(4), num(5), num(6), num(7),
	                         num(8), num(9), NULL);
	struct value *v = map("l", ten, NULL);
	/* 10^4 passes over an empty section: no output, and no step either. */
	struct mustache_env env = {.max_steps = 5000};
	CHECK_STR(render_env("{{#l}}\n {{#l}}{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}{{/l}}", v, &env),
	          "t.mustache:2:14: error: rendering stopped here: the page passed 5000 tags "
	          "rendered (sections over lists, or partials, repeated inside each other "
	          "multiply it)\n");
	/* A partial twice per level: text, reported at the tag holding it. */
	partial("twice", "{{#l}}xxxxxxxxxxxxxxxxxxxx{{>twice}}{{>twice}}{{/l}}");
	env = (struct mustache_env){.max_bytes = 1000};
	CHECK_STR(render_env("{{>twice}}", v, &env),
	          "twice:1:1: error: the output grows past 1000 bytes here (a partial included "
	          "twice at every level?)\n");
	/* Within the budget, the same templates render. */
	env = (struct mustache_env){.max_steps = 20000};
	CHECK_STR(render_env("{{#l}}{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}.", v, &env), ".");
	/* Without budgets, the default ones: 1000 x 1 MB stops past 256 MB. */
	struct buf out = BUF_INIT, mb = BUF_INIT;
	buf_grow(&mb, 1 << 20);
	memset(mb.ptr, 'x', 1 << 20);
	mb.len = 1 << 20;
	struct value *big = map("l", ten, "s", value_string_borrowed(arena, mb.ptr, mb.len), NULL);
	struct mustache *t = compile("t", "{{#l}}{{#l}}{{#l}}{{s}}{{/l}}{{/l}}{{/l}}");
	env = (struct mustache_env){0};
	CHECK_INT(mustache_render(t, big, &env, &out), -1);
	CHECK_INT(out.len, MUSTACHE_MAX_OUTPUT + mb.len);
	buf_free(&out);
	buf_free(&mb);
}

/* Many tags and a long line compile and render in linear time. */
TEST(large_templates_are_fast)
{
	struct buf src = BUF_INIT, want = BUF_INIT;
	for (int i = 0; i < 200000; i++) {
		buf_puts(&src, "{{#a}}{{b}}{{/a}}{{! c }}");
		buf_puts(&want, "x");
	}
	struct value *v = map("a", value_bool(arena, true), "b", str("x"), NULL);
	CHECK(strcmp(render(src.ptr, v), want.ptr) == 0);
	buf_free(&src);
	buf_free(&want);
}

int
main(void)
{
	arena = arena_new();
	RUN(variables_are_escaped_unless_raw);
	RUN(every_interpolation_goes_through_the_emit_hook);
	RUN(sections_iterate_lists_and_push_maps);
	RUN(standalone_lines_vanish);
	RUN(partials_come_from_the_lookup);
	RUN(inheritance_overrides_blocks);
	RUN(compile_errors_have_positions);
	RUN(nesting_is_bounded_at_compile_time);
	RUN(output_is_bounded);
	RUN(self_including_partials_stop_at_the_depth_limit);
	RUN(missing_names_are_reported);
	RUN(refs_list_static_partials_and_parents);
	RUN(compiled_templates_are_reusable);
	RUN(renders_stop_at_their_budget);
	RUN(large_templates_are_fast);
	arena_free(arena);
	return check_summary();
}
