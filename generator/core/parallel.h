/*
 * parallel: split a range of work items across threads.
 *
 * Each worker gets one contiguous slice of [0, n), in order: worker 0 the
 * first slice, and so on. Contiguous slices let a caller hand over each
 * worker's results (and diagnostics) in item order, so the output of a
 * build is the same whatever the number of threads.
 */
#ifndef BRIEF_PARALLEL_H
#define BRIEF_PARALLEL_H

#include <stddef.h>

/* Processes items [begin, end) as worker number `worker`. */
typedef void parallel_fn(void *ctx, unsigned worker, size_t begin, size_t end);

/* The number of online CPUs, at least 1. */
unsigned parallel_cpus(void);

/* Runs fn over [0, n) with `jobs` workers (the calling thread is worker 0)
 * and returns when all are done. Workers that would get no items are not
 * started. Aborts if a thread cannot be created (the out-of-memory policy). */
void parallel_for(size_t n, unsigned jobs, parallel_fn *fn, void *ctx);

#endif
