/*
 * buf: a growable byte buffer on the heap.
 *
 * buf.ptr is never NULL and always NUL-terminated, so a buffer can be
 * handed to any C string function at any time. Start with BUF_INIT or
 * buf_init(); release with buf_free() or take the bytes with buf_detach().
 */
#ifndef BRIEF_BUF_H
#define BRIEF_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *ptr;
	size_t len, cap;
};

extern char buf_empty[1];
#define BUF_INIT                                                                                   \
	{                                                                                          \
		buf_empty, 0, 0                                                                    \
	}

void buf_init(struct buf *b);
void buf_free(struct buf *b);

/* Makes room for at least extra more bytes (plus the NUL). */
void buf_grow(struct buf *b, size_t extra);

void buf_put(struct buf *b, const char *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends data with &, <, >, " and ' replaced by HTML entities. */
void buf_put_html(struct buf *b, const char *data, size_t len);

/* Empties the buffer, keeping its storage. */
void buf_clear(struct buf *b);

/* Shortens the buffer to len bytes (len <= b->len). */
void buf_truncate(struct buf *b, size_t len);

/* Hands the heap string to the caller (free() it) and resets the buffer. */
char *buf_detach(struct buf *b);

#endif
