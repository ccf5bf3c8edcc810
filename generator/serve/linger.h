/*
 * linger: closing a connection so that its last answer arrives.
 *
 * libmicrohttpd answers a request line or headers over its buffer (414,
 * 431) before it has read the whole request, then shuts the socket for
 * writing and closes it at once. Closing a socket with unread input
 * makes the kernel send a reset, and a reset that reaches the client
 * before it has read the answer throws the answer away: the client sees
 * "connection reset" instead of 431 (about one time in two on loopback).
 * Web servers avoid it with a "lingering close": after the shutdown,
 * read and discard what the client still sends until it closes too.
 *
 * httpd hands each connection libmicrohttpd is closing to linger (a
 * duplicate of its socket, so that the library's close() does not end
 * it), and linger drains it from serve's select() loop until the client
 * closes, or for at most LINGER_MS and LINGER_BYTES, then closes it.
 * At most LINGER_MAX sockets linger at once; past that, one is closed
 * at once, as libmicrohttpd would have.
 */
#ifndef BRIEF_LINGER_H
#define BRIEF_LINGER_H

#include <sys/select.h>

#define LINGER_MAX 128
#define LINGER_MS 2000
#define LINGER_BYTES (1 << 20)

/* Not "struct linger": <sys/socket.h> has one (SO_LINGER). */
struct linger_set;

/* An empty set of lingering sockets; pair with linger_free(), which
 * closes those still open. */
struct linger_set *linger_new(void);
void linger_free(struct linger_set *l);

/* Takes fd, a socket already shut for writing, to drain and close. */
void linger_add(struct linger_set *l, int fd);

/* Adds the lingering sockets to rs (raising *max_fd) and returns how
 * many milliseconds select() may wait at most (-1: no limit). */
long linger_prepare(struct linger_set *l, fd_set *rs, int *max_fd);

/* Drains the sockets select() found readable among those given to the
 * last linger_prepare(), closing those that ended or ran out of time or
 * bytes. */
void linger_run(struct linger_set *l, const fd_set *rs);

/* How many sockets linger now. */
unsigned linger_count(const struct linger_set *l);

#endif
