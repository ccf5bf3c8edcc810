#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

char buf_empty[1];

void
buf_init(struct buf *b)
{
	b->ptr = buf_empty;
	b->len = b->cap = 0;
}

void
buf_free(struct buf *b)
{
	if (b->cap > 0)
		free(b->ptr);
	buf_init(b);
}

void
buf_grow(struct buf *b, size_t extra)
{
	size_t need = arena_size_add(arena_size_add(b->len, extra), 1);
	if (need <= b->cap)
		return;
	size_t cap = b->cap < 64 ? 64 : b->cap;
	/* Grows by half; near SIZE_MAX, to exactly what is needed. */
	while (cap < need)
		cap = cap > SIZE_MAX - cap / 2 ? need : cap + cap / 2;
	if (b->cap == 0) {
		b->ptr = xmalloc(cap);
		b->ptr[0] = '\0';
	} else {
		b->ptr = xrealloc(b->ptr, cap);
	}
	b->cap = cap;
}

void
buf_put(struct buf *b, const char *data, size_t len)
{
	if (len == 0)
		return;
	buf_grow(b, len);
	memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_grow(b, 1);
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
buf_put_html(struct buf *b, const char *data, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		const char *entity;
		switch (data[i]) {
		case '&': entity = "&amp;"; break;
		case '<': entity = "&lt;"; break;
		case '>': entity = "&gt;"; break;
		case '"': entity = "&quot;"; break;
		case '\'': entity = "&#39;"; break;
		default: continue;
		}
		buf_put(b, data + start, i - start);
		buf_puts(b, entity);
		start = i + 1;
	}
	buf_put(b, data + start, len - start);
}

void
buf_clear(struct buf *b)
{
	buf_truncate(b, 0);
}

void
buf_truncate(struct buf *b, size_t len)
{
	if (b->cap == 0)
		return;
	b->len = len;
	b->ptr[len] = '\0';
}

char *
buf_detach(struct buf *b)
{
	char *s = b->cap > 0 ? b->ptr : xstrdup("");
	buf_init(b);
	return s;
}
