#include "parallel.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "arena.h"

struct slice {
	parallel_fn *fn;
	void *ctx;
	unsigned worker;
	size_t begin, end;
};

static void *
run_slice(void *arg)
{
	struct slice *s = arg;
	s->fn(s->ctx, s->worker, s->begin, s->end);
	return NULL;
}

unsigned
parallel_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

void
parallel_for(size_t n, unsigned jobs, parallel_fn *fn, void *ctx)
{
	if (jobs == 0)
		jobs = 1;
	if (jobs > n)
		jobs = n > 0 ? (unsigned)n : 1;
	struct slice *slices = xcalloc(jobs, sizeof(*slices));
	pthread_t *threads = xcalloc(jobs, sizeof(*threads));
	for (unsigned w = 0; w < jobs; w++)
		slices[w] = (struct slice){fn, ctx, w, n * w / jobs, n * (w + 1) / jobs};
	for (unsigned w = 1; w < jobs; w++) {
		if (pthread_create(&threads[w], NULL, run_slice, &slices[w]) != 0) {
			fputs("brief: cannot start a thread\n", stderr);
			abort();
		}
	}
	run_slice(&slices[0]);
	for (unsigned w = 1; w < jobs; w++)
		pthread_join(threads[w], NULL);
	free(slices);
	free(threads);
}
