/* linger: sockets handed over are shut for writing, drained, and closed
 * when the client closes, past their byte budget or past their time. */
#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "linger.h"

/* A connected pair: [0] goes to linger, [1] is the client. */
static bool
pair(int sv[2])
{
	return socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0;
}

static bool
is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1 || errno != EBADF;
}

/* One turn of serve's loop for l alone, waiting up to its timeout. */
static void
turn(struct linger_set *l)
{
	fd_set rs;
	FD_ZERO(&rs);
	int max_fd = -1;
	long wait = linger_prepare(l, &rs, &max_fd);
	struct timeval tv = {wait / 1000, (wait % 1000) * 1000};
	if (select(max_fd + 1, &rs, NULL, NULL, wait < 0 ? NULL : &tv) >= 0)
		linger_run(l, &rs);
}

TEST(drained_until_the_client_closes)
{
	struct linger_set *l = linger_new();
	int sv[2];
	REQUIRE(pair(sv));
	char req[10000];
	memset(req, 'a', sizeof(req));
	CHECK_INT(write(sv[1], req, sizeof(req)), sizeof(req));
	linger_add(l, sv[0]);
	/* Shut for writing: the client reads the end of the answer. */
	char c;
	CHECK_INT(read(sv[1], &c, 1), 0);
	turn(l);
	CHECK_INT(linger_count(l), 1);
	CHECK(is_open(sv[0]));
	close(sv[1]);
	turn(l);
	CHECK_INT(linger_count(l), 0);
	CHECK(!is_open(sv[0]));
	linger_free(l);
}

TEST(closed_past_its_byte_budget)
{
	struct linger_set *l = linger_new();
	int sv[2];
	REQUIRE(pair(sv));
	REQUIRE(fcntl(sv[1], F_SETFL, O_NONBLOCK) == 0);
	linger_add(l, sv[0]);
	char chunk[4096];
	memset(chunk, 'b', sizeof(chunk));
	size_t sent = 0;
	for (int i = 0; i < 10000 && linger_count(l) > 0; i++) {
		ssize_t n;
		while ((n = write(sv[1], chunk, sizeof(chunk))) > 0)
			sent += (size_t)n;
		turn(l);
	}
	CHECK_INT(linger_count(l), 0);
	CHECK(sent > LINGER_BYTES && sent < 2 * LINGER_BYTES);
	close(sv[1]);
	linger_free(l);
}

TEST(closed_past_its_time)
{
	struct linger_set *l = linger_new();
	int sv[2];
	REQUIRE(pair(sv));
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	linger_add(l, sv[0]);
	/* A silent client: only the deadline ends it. */
	for (int i = 0; i < 10 && linger_count(l) > 0; i++)
		turn(l);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK_INT(linger_count(l), 0);
	CHECK(ms >= LINGER_MS && ms < LINGER_MS + 1000);
	close(sv[1]);
	linger_free(l);
}

TEST(bounded_and_freed)
{
	struct linger_set *l = linger_new();
	int fds[LINGER_MAX + 1], peers[LINGER_MAX + 1];
	for (int i = 0; i <= LINGER_MAX; i++) {
		int sv[2];
		REQUIRE(pair(sv));
		fds[i] = sv[0];
		peers[i] = sv[1];
		linger_add(l, fds[i]);
	}
	/* One over the bound: closed at once, the others kept. */
	CHECK_INT(linger_count(l), LINGER_MAX);
	CHECK(!is_open(fds[LINGER_MAX]));
	CHECK(is_open(fds[0]) && is_open(fds[LINGER_MAX - 1]));
	linger_free(l);
	CHECK(!is_open(fds[0]) && !is_open(fds[LINGER_MAX - 1]));
	for (int i = 0; i <= LINGER_MAX; i++)
		close(peers[i]);
}

int
main(void)
{
	RUN(drained_until_the_client_closes);
	RUN(closed_past_its_byte_budget);
	RUN(closed_past_its_time);
	RUN(bounded_and_freed);
	return check_summary();
}
