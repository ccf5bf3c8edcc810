#include "reload.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "mime.h"

/* The script, served from the site's own origin so that a policy with
 * script-src 'self' allows it. Styles are set through the CSSOM, which
 * style-src does not restrict; error text goes in as text, never HTML. */
static const char script[] =
    "/* brief serve: keeps this tab current. Never part of a built site. */\n"
    "(function () {\n"
    "  'use strict';\n"
    "  var box = null;\n"
    "  function show(text) {\n"
    "    if (!box) {\n"
    "      box = document.createElement('div');\n"
    "      box.id = 'brief-serve-errors';\n"
    "      box.setAttribute('role', 'alert');\n"
    "      var s = box.style;\n"
    "      s.position = 'fixed'; s.left = '0'; s.right = '0'; s.bottom = '0';\n"
    "      s.zIndex = '2147483647'; s.maxHeight = '60vh'; s.overflow = 'auto';\n"
    "      s.margin = '0'; s.padding = '1em'; s.whiteSpace = 'pre-wrap';\n"
    "      s.background = '#3b0a0a'; s.color = '#fff'; s.borderTop = '4px solid #f66';\n"
    "      s.font = '14px/1.5 ui-monospace, monospace';\n"
    "      document.body.appendChild(box);\n"
    "    }\n"
    "    box.textContent = 'brief: the rebuild failed; this is the last good build.\\n\\n' + "
    "text;\n"
    "  }\n"
    "  function hide() {\n"
    "    if (box) { box.remove(); box = null; }\n"
    "  }\n"
    "  function swap(paths) {\n"
    "    var links = document.querySelectorAll('link[rel~=\"stylesheet\"]');\n"
    "    Array.prototype.forEach.call(links, function (link) {\n"
    "      var url = new URL(link.href, location.href);\n"
    "      if (url.origin !== location.origin ||\n"
    "          paths.indexOf(decodeURIComponent(url.pathname.slice(1))) < 0) return;\n"
    "      url.searchParams.set('brief-serve', String(Date.now()));\n"
    "      var next = link.cloneNode(false);\n"
    "      next.href = url.href;\n"
    "      next.addEventListener('load', function () { link.remove(); });\n"
    "      link.after(next);\n"
    "    });\n"
    "  }\n"
    "  var events = new EventSource('" RELOAD_PREFIX "events');\n"
    "  events.addEventListener('reload', function () { location.reload(); });\n"
    "  events.addEventListener('css', function (e) { swap(e.data.split('\\n')); });\n"
    "  events.addEventListener('errors', function (e) { show(e.data); });\n"
    "  events.addEventListener('ok', hide);\n"
    "})();\n";

/* One open event stream. */
struct stream {
	struct reload *r;
	struct MHD_Connection *conn;
	bool suspended;
	struct buf queue; /* bytes not sent yet, from sent on */
	size_t sent;
	struct stream *prev, *next;
};

struct reload {
	struct stream *streams;
	struct buf errors; /* the failed rebuild's lines; "" after a good one */
	bool closing;
};

struct reload *
reload_new(void)
{
	struct reload *r = xcalloc(1, sizeof(*r));
	buf_init(&r->errors);
	return r;
}

void
reload_free(struct reload *r)
{
	if (r == NULL)
		return;
	buf_free(&r->errors);
	free(r);
}

static void
wake(struct stream *s)
{
	if (s->suspended) {
		s->suspended = false;
		MHD_resume_connection(s->conn);
	}
}

/* Appends an event, one "data:" line per line of data, to s. */
static void
put_event(struct stream *s, const char *name, const char *data)
{
	buf_printf(&s->queue, "event: %s\n", name);
	for (const char *line = data;;) {
		size_t n = strcspn(line, "\n");
		buf_puts(&s->queue, "data: ");
		buf_put(&s->queue, line, n);
		buf_putc(&s->queue, '\n');
		if (line[n] == '\0' || line[n + 1] == '\0')
			break;
		line += n + 1;
	}
	buf_putc(&s->queue, '\n');
	wake(s);
}

static void
broadcast(struct reload *r, const char *name, const char *data)
{
	for (struct stream *s = r->streams; s != NULL; s = s->next)
		put_event(s, name, data);
}

static ssize_t
stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	(void)pos;
	struct stream *s = cls;
	size_t left = s->queue.len - s->sent;
	if (left == 0) {
		if (s->r->closing)
			return MHD_CONTENT_READER_END_OF_STREAM;
		/* Nothing to send: asleep until an event wakes it, since
		 * libmicrohttpd would otherwise ask again at once, forever. */
		s->suspended = true;
		MHD_suspend_connection(s->conn);
		return 0;
	}
	size_t n = left < max ? left : max;
	memcpy(out, s->queue.ptr + s->sent, n);
	s->sent += n;
	if (s->sent == s->queue.len) {
		buf_clear(&s->queue);
		s->sent = 0;
	}
	return (ssize_t)n;
}

static void
stream_free(void *cls)
{
	struct stream *s = cls;
	if (s->prev != NULL)
		s->prev->next = s->next;
	else
		s->r->streams = s->next;
	if (s->next != NULL)
		s->next->prev = s->prev;
	buf_free(&s->queue);
	free(s);
}

static enum MHD_Result
queue(struct MHD_Connection *conn, unsigned status, struct MHD_Response *resp, const char *type)
{
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", type);
	MHD_add_response_header(resp, "Cache-Control", "no-cache");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	enum MHD_Result rc = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return rc;
}

static enum MHD_Result
open_stream(struct reload *r, struct MHD_Connection *conn)
{
	struct stream *s = xcalloc(1, sizeof(*s));
	s->r = r;
	s->conn = conn;
	buf_init(&s->queue);
	/* Reconnect soon after the server restarts. */
	buf_puts(&s->queue, "retry: 500\n\n");
	if (r->errors.len > 0)
		put_event(s, "errors", r->errors.ptr);
	struct MHD_Response *resp =
	    MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, stream_read, s, stream_free);
	if (resp == NULL) {
		buf_free(&s->queue);
		free(s);
		return MHD_NO;
	}
	s->next = r->streams;
	if (r->streams != NULL)
		r->streams->prev = s;
	r->streams = s;
	return queue(conn, MHD_HTTP_OK, resp, "text/event-stream; charset=utf-8");
}

enum MHD_Result
reload_answer(struct reload *r, struct MHD_Connection *conn, const char *method, const char *url)
{
	static const char missing[] = "Not found\n", refused[] = "Method not allowed\n";
	bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	const char *name = url + strlen(RELOAD_PREFIX);
	if (get && strcmp(name, "events") == 0 && !r->closing)
		return open_stream(r, conn);
	const char *body = !get ? refused : strcmp(name, "reload.js") == 0 ? script : missing;
	unsigned status = !get              ? MHD_HTTP_METHOD_NOT_ALLOWED
	                  : body == missing ? MHD_HTTP_NOT_FOUND
	                                    : MHD_HTTP_OK;
	struct MHD_Response *resp = MHD_create_response_from_buffer(
	    strlen(body), (void *)(uintptr_t)body, MHD_RESPMEM_PERSISTENT);
	if (resp != NULL && !get)
		MHD_add_response_header(resp, "Allow", "GET, HEAD");
	return queue(conn, status, resp,
	             body == script ? "text/javascript; charset=utf-8"
	                            : "text/plain; charset=utf-8");
}

/* True when other lacks f or holds other bytes there. */
static bool
differs(const struct memsite_file *f, const struct memsite *other)
{
	const struct memsite_file *g = memsite_get(other, f->path);
	return g == NULL || strcmp(f->etag, g->etag) != 0;
}

void
reload_changes(struct reload *r, const struct memsite *old, const struct memsite *now)
{
	if (r->errors.len > 0) {
		buf_clear(&r->errors);
		broadcast(r, "ok", "");
	}
	if (old == NULL)
		return;
	struct buf css = BUF_INIT;
	bool other = false;
	for (size_t i = 0; i < memsite_count(now) && !other; i++) {
		const struct memsite_file *f = memsite_at(now, i);
		if (!differs(f, old))
			continue;
		if (strncmp(mime_type(f->path), "text/css", 8) == 0)
			buf_printf(&css, "%s%s", css.len ? "\n" : "", f->path);
		else
			other = true;
	}
	/* A file removed: any page may have linked to it. */
	for (size_t i = 0; i < memsite_count(old) && !other; i++)
		other = memsite_get(now, memsite_at(old, i)->path) == NULL;
	if (other)
		broadcast(r, "reload", "");
	else if (css.len > 0)
		broadcast(r, "css", css.ptr);
	buf_free(&css);
}

void
reload_errors(struct reload *r, const char *text)
{
	buf_clear(&r->errors);
	buf_puts(&r->errors, text);
	broadcast(r, "errors", text);
}

void
reload_ping(struct reload *r)
{
	for (struct stream *s = r->streams; s != NULL; s = s->next) {
		buf_puts(&s->queue, ": ping\n\n");
		wake(s);
	}
}

void
reload_close(struct reload *r)
{
	r->closing = true;
	for (struct stream *s = r->streams; s != NULL; s = s->next)
		wake(s);
}
