/* procpool and wire: work split over processes comes back whole, in order. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "procpool.h"
#include "wire.h"

struct job {
	struct arena *arena;
	const char **results; /* per item */
	bool crash;           /* the child of the last slice dies */
	size_t n;
	size_t spin;  /* an item that loops forever, or n */
	long over[4]; /* the items reported as over the budget */
	size_t nover;
	unsigned seconds;
	int probe; /* a descriptor of the parent's, asked after in workers; 0: none */
};

static const char *
result_of(struct arena *arena, size_t i)
{
	/* Big enough that a slice's output spans many flushes and windows. */
	struct buf b = BUF_INIT;
	for (size_t k = 0; k < 2000; k++)
		buf_printf(&b, "%zu.", i);
	const char *s = arena_strdup(arena, b.ptr);
	buf_free(&b);
	return s;
}

static void
work(void *ctx, size_t begin, size_t end, struct procpool_out *out)
{
	struct job *j = ctx;
	if (out != NULL && j->crash && end == j->n)
		raise(SIGKILL);
	for (size_t i = begin; i < end; i++) {
		if (out != NULL)
			procpool_item(out, i);
		for (volatile unsigned long spin = 0; i == j->spin; spin++)
			;
		const char *r = result_of(j->arena, i);
		if (j->probe > 0 && out != NULL)
			r = fcntl(j->probe, F_GETFD) < 0 ? "closed" : "open";
		if (out == NULL) {
			j->results[i] = r;
			continue;
		}
		wire_put_u64(&out->buf, i);
		wire_put_str(&out->buf, r);
		wire_put_str(&out->buf, NULL);
		procpool_flush(out);
	}
}

static void
take(void *ctx, size_t begin, size_t end, struct wire *in)
{
	struct job *j = ctx;
	for (size_t i = begin; i < end; i++) {
		if (wire_u64(in) != i)
			return;
		j->results[i] = wire_str(in, j->arena);
		if (wire_str(in, j->arena) != NULL)
			j->results[i] = "(null lost)";
	}
}

static void
over(void *ctx, size_t k)
{
	struct job *j = ctx;
	if (j->nover < 4)
		j->over[j->nover++] = (long)k;
}

static int
run(struct job *j, unsigned jobs, char **diags)
{
	size_t size;
	FILE *f = open_memstream(diags, &size);
	struct diag d;
	diag_init(&d, f);
	struct procpool_budget budget = {j->seconds, over};
	int rc = procpool_run(&d, j->n, jobs, &budget, work, take, j);
	fclose(f);
	diag_close(&d);
	return rc;
}

TEST(every_slice_comes_back_in_order)
{
	struct job j = {arena_new(), NULL, false, 100, 100, {0}, 0, 0, 0};
	j.results = arena_alloc(j.arena, j.n * sizeof(*j.results));
	char *diags;
	CHECK_INT(run(&j, 3, &diags), 0);
	CHECK_STR(diags, "");
	free(diags);
	for (size_t i = 0; i < j.n; i++)
		CHECK_STR(j.results[i], result_of(j.arena, i));
	arena_free(j.arena);
}

TEST(one_process_and_more_processes_than_items)
{
	for (unsigned jobs = 1; jobs <= 8; jobs += 7) {
		struct job j = {arena_new(), NULL, false, 5, 5, {0}, 0, 0, 0};
		j.results = arena_alloc(j.arena, j.n * sizeof(*j.results));
		char *diags;
		CHECK_INT(run(&j, jobs, &diags), 0);
		free(diags);
		for (size_t i = 0; i < j.n; i++)
			CHECK_STR(j.results[i], result_of(j.arena, i));
		arena_free(j.arena);
	}
}

TEST(a_dead_worker_is_an_error)
{
	struct job j = {arena_new(), NULL, true, 10, 10, {0}, 0, 0, 0};
	j.results = arena_alloc(j.arena, j.n * sizeof(*j.results));
	char *diags;
	CHECK_INT(run(&j, 2, &diags), -1);
	CHECK(strstr(diags, "brief: error: a worker process failed") != NULL);
	free(diags);
	CHECK_STR(j.results[0], result_of(j.arena, 0));
	CHECK(j.results[9] == NULL);
	arena_free(j.arena);
}

/* An item that never ends is stopped by its CPU budget and reported; the
 * items around it, in its slice and the others, still come back. Also
 * with one process: the first slice then runs in a child too. */
TEST(an_item_over_its_cpu_budget_is_stopped_and_reported)
{
	for (unsigned jobs = 1; jobs <= 2; jobs++) {
		struct job j = {arena_new(), NULL, false, 10, 3, {0}, 0, 1, 0};
		j.results = arena_alloc(j.arena, j.n * sizeof(*j.results));
		char *diags;
		CHECK_INT(run(&j, jobs, &diags), -1);
		CHECK_STR(diags, "");
		free(diags);
		CHECK_INT(j.nover, 1);
		CHECK_INT(j.over[0], 3);
		CHECK(j.results[3] == NULL);
		for (size_t i = 0; i < j.n; i++)
			if (i != 3)
				CHECK_STR(j.results[i], result_of(j.arena, i));
		arena_free(j.arena);
	}
}

/* A worker holds none of the parent's descriptors but its own: a
 * server's sockets close when the server closes them, not when the
 * worker forked meanwhile ends. */
TEST(workers_hold_none_of_the_parents_descriptors)
{
	int fds[2];
	CHECK_INT(pipe(fds), 0);
	struct job j = {arena_new(), NULL, false, 4, 4, {0}, 0, 0, fds[1]};
	j.results = arena_alloc(j.arena, j.n * sizeof(*j.results));
	char *diags;
	CHECK_INT(run(&j, 2, &diags), 0);
	free(diags);
	/* The first slice runs in this process, the second in a worker. */
	CHECK_STR(j.results[0], result_of(j.arena, 0));
	CHECK_STR(j.results[j.n - 1], "closed");
	CHECK(fcntl(fds[1], F_GETFD) >= 0);
	close(fds[0]);
	close(fds[1]);
	arena_free(j.arena);
}

TEST(a_short_read_is_bad_not_a_crash)
{
	struct buf b = BUF_INIT;
	wire_put_u64(&b, 7);
	wire_put_str(&b, "hello");
	struct arena *a = arena_new();
	struct wire in = {b.ptr, b.ptr + b.len - 2, false, -1, NULL};
	CHECK_INT(wire_u64(&in), 7);
	CHECK_STR(wire_str(&in, a), "");
	CHECK(in.bad);
	CHECK_INT(wire_u64(&in), 0);
	arena_free(a);
	buf_free(&b);
}

int
main(void)
{
	RUN(every_slice_comes_back_in_order);
	RUN(one_process_and_more_processes_than_items);
	RUN(a_dead_worker_is_an_error);
	RUN(an_item_over_its_cpu_budget_is_stopped_and_reported);
	RUN(workers_hold_none_of_the_parents_descriptors);
	RUN(a_short_read_is_bad_not_a_crash);
	return check_summary();
}
