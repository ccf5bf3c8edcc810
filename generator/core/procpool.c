#include "procpool.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "fsutil.h"

struct child {
	pid_t pid; /* 0: the slice runs in this process after all */
	int fd;    /* where the child writes its results */
	size_t begin, end;
};

void
procpool_flush(struct procpool_out *out)
{
	/* Big enough to keep writes few, small enough not to matter. */
	if (out->buf.len < 256 * 1024)
		return;
	if (fsutil_write_all(out->fd, out->buf.ptr, out->buf.len) != 0)
		out->status = -1;
	buf_clear(&out->buf);
}

/* Starts a child on [kids[w].begin, kids[w].end); leaves its pid 0 when
 * it cannot. */
static void
start(struct child *kids, unsigned w, procpool_work_fn *work, void *ctx)
{
	struct child *c = &kids[w];
	c->pid = 0;
	c->fd = memfd_create("brief-results", MFD_CLOEXEC);
	if (c->fd < 0)
		return;
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		close(c->fd);
		c->fd = -1;
		return;
	}
	if (pid == 0) {
		/* Die with the build: a killed build must leave no worker
		 * running. The parent may have died before prctl took hold. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
			_exit(1);
		struct procpool_out out = {BUF_INIT, c->fd, 0};
		work(ctx, c->begin, c->end, &out);
		if (fsutil_write_all(c->fd, out.buf.ptr, out.buf.len) != 0)
			out.status = -1;
		/* Freed so that a leak checker (valgrind) finds none here. */
		buf_free(&out.buf);
		free(kids);
		/* _exit: the parent's stdio buffers and atexit handlers are its own. */
		_exit(out.status == 0 ? 0 : 1);
	}
	c->pid = pid;
}

/* Waits for c and hands its results to take; -1 when it failed. */
static int
finish(struct diag *d, struct child *c, procpool_take_fn *take, void *ctx)
{
	int status;
	while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
		;
	int rc = -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		diag_error(d, (struct pos){0}, "a worker process failed (status %d)", status);
	} else if (lseek(c->fd, 0, SEEK_SET) != 0) {
		diag_syserr(d, NULL, "cannot read a worker's results");
	} else {
		struct buf window = BUF_INIT;
		struct wire in = {window.ptr, window.ptr, false, c->fd, &window};
		take(ctx, c->begin, c->end, &in);
		buf_free(&window);
		rc = 0;
	}
	close(c->fd);
	return rc;
}

int
procpool_run(struct diag *d, size_t n, unsigned jobs, procpool_work_fn *work,
             procpool_take_fn *take, void *ctx)
{
	if (jobs == 0)
		jobs = 1;
	if (jobs > n)
		jobs = n > 0 ? (unsigned)n : 1;
	struct child *kids = xcalloc(jobs, sizeof(*kids));
	/* Children copy whatever stdio holds: empty it first. */
	fflush(NULL);
	for (unsigned w = 0; w < jobs; w++) {
		kids[w].begin = n * w / jobs;
		kids[w].end = n * (w + 1) / jobs;
		if (w > 0)
			start(kids, w, work, ctx);
	}
	int status = 0;
	work(ctx, kids[0].begin, kids[0].end, NULL);
	for (unsigned w = 1; w < jobs; w++) {
		if (kids[w].pid == 0)
			work(ctx, kids[w].begin, kids[w].end, NULL);
		else if (finish(d, &kids[w], take, ctx) != 0)
			status = -1;
	}
	free(kids);
	return status;
}
