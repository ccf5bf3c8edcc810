#include "linger.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"

struct slot {
	int fd;
	bool armed;        /* in the set of the last linger_prepare() */
	uint64_t deadline; /* ms, monotonic */
	size_t drained;
};

struct linger_set {
	struct slot slots[LINGER_MAX];
	unsigned n;
};

static uint64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

struct linger_set *
linger_new(void)
{
	return xcalloc(1, sizeof(struct linger_set));
}

/* Closes slot i, moving the last one into its place. */
static void
drop(struct linger_set *l, unsigned i)
{
	close(l->slots[i].fd);
	l->slots[i] = l->slots[--l->n];
}

void
linger_free(struct linger_set *l)
{
	if (l == NULL)
		return;
	while (l->n > 0)
		drop(l, 0);
	free(l);
}

void
linger_add(struct linger_set *l, int fd)
{
	/* select() cannot watch it, or no room: closed as before. */
	if (fd >= FD_SETSIZE || l->n == LINGER_MAX) {
		close(fd);
		return;
	}
	/* libmicrohttpd shuts it before closing; again costs nothing. */
	shutdown(fd, SHUT_WR);
	l->slots[l->n++] = (struct slot){fd, false, now_ms() + LINGER_MS, 0};
}

long
linger_prepare(struct linger_set *l, fd_set *rs, int *max_fd)
{
	uint64_t now = now_ms(), first = UINT64_MAX;
	for (unsigned i = 0; i < l->n; i++) {
		struct slot *s = &l->slots[i];
		s->armed = true;
		FD_SET(s->fd, rs);
		if (s->fd > *max_fd)
			*max_fd = s->fd;
		if (s->deadline < first)
			first = s->deadline;
	}
	if (l->n == 0)
		return -1;
	return first > now ? (long)(first - now) : 0;
}

/* Reads and discards what s holds; false once it should be closed (the
 * client closed, an error, or past its byte budget). */
static bool
drain(struct slot *s)
{
	char sink[4096];
	for (;;) {
		ssize_t n = recv(s->fd, sink, sizeof(sink), MSG_DONTWAIT);
		if (n > 0) {
			s->drained += (size_t)n;
			if (s->drained > LINGER_BYTES)
				return false;
			continue;
		}
		return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
	}
}

void
linger_run(struct linger_set *l, const fd_set *rs)
{
	uint64_t now = now_ms();
	for (unsigned i = 0; i < l->n;) {
		struct slot *s = &l->slots[i];
		bool keep = !s->armed || !FD_ISSET(s->fd, rs) || drain(s);
		if (!keep || now >= s->deadline)
			drop(l, i);
		else
			i++;
	}
}

unsigned
linger_count(const struct linger_set *l)
{
	return l->n;
}
