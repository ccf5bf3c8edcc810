/*
 * procpool: split a range of work items across processes.
 *
 * Like parallel.h, but each slice beyond the first runs in a child
 * process made by fork(), for libraries that keep process-wide state
 * which threads would race on (cmark-gfm's table of inline special
 * characters). The first slice runs in this process; the others write
 * their results as bytes (wire.h) which the parent hands to take(), in
 * slice order, so nothing depends on the number of processes.
 */
#ifndef BRIEF_PROCPOOL_H
#define BRIEF_PROCPOOL_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "wire.h"

/* Where a child's work writes its results: append to buf, then call
 * procpool_flush() between items so that a slice's results never need
 * to be held in memory whole. */
struct procpool_out {
	struct buf buf;
	int fd;
	int status;
	volatile size_t *started; /* shared with the parent: the item under way */
	unsigned seconds;         /* CPU seconds an item may take; 0: no bound */
	unsigned long limit;      /* the RLIMIT_CPU last set (procpool_item()); 0: none */
};
void procpool_flush(struct procpool_out *out);

/* Called by the work before item k: from then on k has `seconds` of CPU
 * time (procpool_run()) before its process is killed. */
void procpool_item(struct procpool_out *out, size_t k);

/* Does items [begin, end). In a child process, out is where its results
 * go; in this process out is NULL and the work puts its results in place
 * (nothing to copy). */
typedef void procpool_work_fn(void *ctx, size_t begin, size_t end, struct procpool_out *out);

/* Takes a child's results for items [begin, end), in this process, from
 * in (which reads the child's output a window at a time). */
typedef void procpool_take_fn(void *ctx, size_t begin, size_t end, struct wire *in);

/* Reports, in this process, that item k ran out of CPU time: it gets no
 * results, and the items after it run in a new process. */
typedef void procpool_over_fn(void *ctx, size_t k);

/* How long an item may run: with seconds > 0 every slice runs in a child
 * process (this one could not be stopped), which the kernel kills when
 * an item takes more than seconds of CPU time (RLIMIT_CPU, reset before
 * each item); over then names the item, and the others of its slice run
 * again in new children. */
struct procpool_budget {
	unsigned seconds;
	procpool_over_fn *over;
};

/* Runs work over [0, n) in `jobs` slices and take over each slice's
 * results. budget may be NULL (no bound). Must be called while this
 * process has a single thread. Returns 0, or -1 after reporting a child
 * that failed or ran over its budget. */
int procpool_run(struct diag *d, size_t n, unsigned jobs, const struct procpool_budget *budget,
                 procpool_work_fn *work, procpool_take_fn *take, void *ctx);

#endif
