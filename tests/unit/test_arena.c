/* arena and buf: sizes near SIZE_MAX meet the out-of-memory policy (a
 * message, then abort) instead of wrapping to a small allocation. Each
 * such case runs in a child process, whose end the test reads. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "check.h"
#include "strmap.h"

/* Runs fn in a child with its stderr in a pipe: true when the child died
 * of SIGABRT after printing "brief: out of memory" and nothing else. */
static bool
aborts_out_of_memory(void (*fn)(void))
{
	int fds[2];
	if (pipe(fds) != 0)
		return false;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 2);
		close(fds[0]);
		fn();
		_exit(0); /* fn came back: no guard fired */
	}
	close(fds[1]);
	char text[256] = "";
	size_t len = 0;
	for (ssize_t n;
	     len + 1 < sizeof(text) && (n = read(fds[0], text + len, sizeof(text) - 1 - len)) > 0;)
		len += (size_t)n;
	text[len] = '\0';
	close(fds[0]);
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return false;
	bool aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
	bool said = strncmp(text, "brief: out of memory (", 22) == 0 && strchr(text, '\n') &&
	            strchr(text, '\n')[1] == '\0';
	if (!aborted || !said)
		printf("  child: %s, stderr: \"%s\"\n",
		       aborted               ? "aborted"
		       : WIFSIGNALED(status) ? "killed"
		                             : "exited",
		       text);
	return aborted && said;
}

static void
add_wraps(void)
{
	arena_size_add(SIZE_MAX - 3, 4);
}

static void
mul_wraps(void)
{
	arena_size_mul(SIZE_MAX / 2 + 1, 2);
}

static void
arena_alloc_near_max(void)
{
	struct arena *a = arena_new();
	arena_alloc(a, SIZE_MAX - 8); /* + alignment and header would wrap */
}

static void
arena_strndup_max(void)
{
	struct arena *a = arena_new();
	arena_strndup(a, "", SIZE_MAX); /* + 1 for the NUL wraps to 0 */
}

static void
arena_grow_wraps(void)
{
	struct arena *a = arena_new();
	size_t cap = SIZE_MAX / 16 + 1;
	arena_grow(a, NULL, cap, &cap, 8); /* cap * 2 * 8 wraps */
}

static void
xcalloc_wraps(void)
{
	xcalloc(SIZE_MAX / 2, 4);
}

static void
buf_grow_wraps(void)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "abc");
	buf_grow(&b, SIZE_MAX - 2); /* len + extra + 1 wraps to 1 */
}

TEST(size_arithmetic_is_exact_or_aborts)
{
	CHECK_INT(arena_size_add(SIZE_MAX - 4, 4), SIZE_MAX);
	CHECK_INT(arena_size_mul(SIZE_MAX / 3, 3), SIZE_MAX / 3 * 3);
	CHECK_INT(arena_size_mul(0, SIZE_MAX), 0);
	CHECK_INT(arena_size_mul(SIZE_MAX, 0), 0);
	CHECK(aborts_out_of_memory(add_wraps));
	CHECK(aborts_out_of_memory(mul_wraps));
}

TEST(arena_sizes_near_the_maximum_abort)
{
	CHECK(aborts_out_of_memory(arena_alloc_near_max));
	CHECK(aborts_out_of_memory(arena_strndup_max));
	CHECK(aborts_out_of_memory(arena_grow_wraps));
	CHECK(aborts_out_of_memory(xcalloc_wraps));
}

TEST(buf_sizes_near_the_maximum_abort)
{
	CHECK(aborts_out_of_memory(buf_grow_wraps));
}

/* The guards leave ordinary growth alone. */
TEST(ordinary_sizes_still_grow)
{
	struct arena *a = arena_new();
	size_t cap = 0, *items = NULL;
	for (size_t i = 0; i < 1000; i++) {
		items = arena_grow(a, items, i, &cap, sizeof(*items));
		items[i] = i;
	}
	CHECK_INT(cap, 1024);
	CHECK_INT(items[999], 999);
	CHECK_STR(arena_strndup(a, "abcdef", 3), "abc");
	CHECK_STR(arena_join(a, "x", "", "yz"), "xyz");
	CHECK(arena_alloc(a, 1 << 20) != NULL);
	arena_free(a);
	struct buf b = BUF_INIT;
	for (int i = 0; i < 100000; i++)
		buf_putc(&b, 'x');
	CHECK_INT(b.len, 100000);
	CHECK(b.cap > b.len && b.ptr[b.len] == '\0');
	buf_free(&b);
	struct strmap m = {0};
	for (long i = 0; i < 100; i++)
		strmap_add(&m, "abcdefghijklmnopqrstuvwxyz0123456789" + i % 30, 6, i);
	CHECK_INT(m.count, 30);
	CHECK(m.cap >= 2 * m.count);
	strmap_free(&m);
}

/* An arena emptied after each job keeps one block: a job's worth of
 * small values costs the same few bytes every time, and a big one-off
 * block goes back to the system. */
TEST(reset_keeps_one_block)
{
	struct arena *a = arena_new();
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 1000; i++) /* 200 KB: several blocks */
			CHECK(arena_alloc(a, 200) != NULL);
		char *big = arena_alloc(a, 1 << 20);
		big[(1 << 20) - 1] = 'x';
		CHECK(arena_used(a) >= 1200000);
		arena_reset(a);
		CHECK_INT(arena_used(a), 64 * 1024);
		char *s = arena_strdup(a, "after");
		CHECK_STR(s, "after");
	}
	arena_free(a);
	struct arena *empty = arena_new();
	arena_reset(empty);
	CHECK_INT(arena_used(empty), 0);
	arena_free(empty);
}

int
main(void)
{
	RUN(size_arithmetic_is_exact_or_aborts);
	RUN(arena_sizes_near_the_maximum_abort);
	RUN(buf_sizes_near_the_maximum_abort);
	RUN(ordinary_sizes_still_grow);
	RUN(reset_keeps_one_block);
	return check_summary();
}
