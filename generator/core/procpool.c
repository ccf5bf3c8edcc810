#include "procpool.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "fsutil.h"

struct child {
	pid_t pid; /* 0: the slice runs in this process after all */
	int fd;    /* where the child writes its results */
	size_t begin, end;
	volatile size_t *started; /* shared: the item the child is on */
};

struct pool {
	struct diag *diag;
	unsigned seconds; /* 0: no budget */
	procpool_over_fn *over;
	procpool_work_fn *work;
	procpool_take_fn *take;
	void *ctx;
	struct child *kids; /* freed by a child too, for leak checkers */
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

void
procpool_item(struct procpool_out *out, size_t k)
{
	if (out->started != NULL)
		*out->started = k;
	struct rusage ru;
	struct rlimit rl;
	if (out->seconds == 0 || getrusage(RUSAGE_SELF, &ru) != 0)
		return;
	/* The limit counts the whole process's time, in whole seconds: the
	 * time used so far, rounded up, plus the item's budget. It changes
	 * once a second at most: most items need no system call for it. */
	rlim_t used = (rlim_t)ru.ru_utime.tv_sec + (rlim_t)ru.ru_stime.tv_sec + 1;
	if (used + out->seconds == out->limit || getrlimit(RLIMIT_CPU, &rl) != 0)
		return;
	rl.rlim_cur = used + out->seconds;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_cur > rl.rlim_max)
		rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_CPU, &rl) == 0)
		out->limit = (unsigned long)(used + out->seconds);
}

/* In a child: closes every descriptor but the standard ones and keep. A
 * server's sockets and watches are the server's: a client must see its
 * connection end when the server closes it, not when a worker forked
 * meanwhile exits. */
static void
close_inherited(int keep)
{
	if (keep > 3)
		close_range(3, (unsigned)keep - 1, 0);
	close_range((unsigned)keep + 1, ~0U, 0);
}

/* Starts a child on [c->begin, c->end); leaves c->pid 0 when it cannot. */
static void
start(const struct pool *p, struct child *c)
{
	c->pid = 0;
	c->fd = memfd_create("brief-results", MFD_CLOEXEC);
	if (c->fd < 0)
		return;
	if (c->started != NULL)
		*c->started = c->begin;
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
		close_inherited(c->fd);
		struct procpool_out out = {BUF_INIT, c->fd, 0, c->started, p->seconds, 0};
		p->work(p->ctx, c->begin, c->end, &out);
		if (fsutil_write_all(c->fd, out.buf.ptr, out.buf.len) != 0)
			out.status = -1;
		/* Freed so that a leak checker (valgrind) finds none here. */
		buf_free(&out.buf);
		free(p->kids);
		/* _exit: the parent's stdio buffers and atexit handlers are its own. */
		_exit(out.status == 0 ? 0 : 1);
	}
	c->pid = pid;
}

/* Waits for c and hands its results to take: 0, -1 when it failed, 1
 * when the kernel stopped it for taking too long on item *over. */
static int
finish(const struct pool *p, struct child *c, size_t *over)
{
	int status;
	while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
		;
	int rc = -1;
	if (p->seconds > 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU &&
	    c->started != NULL) {
		*over = *c->started;
		rc = 1;
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		diag_error(p->diag, (struct pos){0}, "a worker process failed (status %d)", status);
	} else if (lseek(c->fd, 0, SEEK_SET) != 0) {
		diag_syserr(p->diag, NULL, "cannot read a worker's results");
	} else {
		struct buf window = BUF_INIT;
		struct wire in = {window.ptr, window.ptr, false, c->fd, &window};
		p->take(p->ctx, c->begin, c->end, &in);
		buf_free(&window);
		rc = 0;
	}
	close(c->fd);
	return rc;
}

static int run_range(const struct pool *p, volatile size_t *started, size_t begin, size_t end);

/* Finishes the slice c runs (or runs it here if it could not start).
 * An item that ran over is reported, and the rest of the slice runs
 * again around it: the results before it were lost with the child. */
static int
wait_child(const struct pool *p, struct child *c)
{
	if (c->pid == 0) {
		p->work(p->ctx, c->begin, c->end, NULL);
		return 0;
	}
	size_t k;
	int rc = finish(p, c, &k);
	if (rc <= 0)
		return rc;
	p->over(p->ctx, k);
	run_range(p, c->started, c->begin, k);
	run_range(p, c->started, k + 1, c->end);
	return -1;
}

static int
run_range(const struct pool *p, volatile size_t *started, size_t begin, size_t end)
{
	if (begin >= end)
		return 0;
	struct child c = {.begin = begin, .end = end, .started = started};
	start(p, &c);
	return wait_child(p, &c);
}

int
procpool_run(struct diag *d, size_t n, unsigned jobs, const struct procpool_budget *budget,
             procpool_work_fn *work, procpool_take_fn *take, void *ctx)
{
	if (jobs == 0)
		jobs = 1;
	if (jobs > n)
		jobs = n > 0 ? (unsigned)n : 1;
	struct pool p = {.diag = d,
	                 .seconds = budget ? budget->seconds : 0,
	                 .over = budget ? budget->over : NULL,
	                 .work = work,
	                 .take = take,
	                 .ctx = ctx};
	/* Where each child says which item it is on, for the parent to read
	 * after the kernel killed it. */
	size_t *started = MAP_FAILED;
	if (p.seconds > 0)
		started = mmap(NULL, jobs * sizeof(*started), PROT_READ | PROT_WRITE,
		               MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (started == MAP_FAILED)
		p.seconds = 0;
	struct child *kids = xcalloc(jobs, sizeof(*kids));
	p.kids = kids;
	/* Children copy whatever stdio holds: empty it first. */
	fflush(NULL);
	for (unsigned w = 0; w < jobs; w++) {
		kids[w].begin = n * w / jobs;
		kids[w].end = n * (w + 1) / jobs;
		kids[w].started = p.seconds > 0 ? &started[w] : NULL;
		/* The first slice runs here, unless it must be stoppable. */
		if (w > 0 || p.seconds > 0)
			start(&p, &kids[w]);
	}
	int status = 0;
	for (unsigned w = 0; w < jobs; w++)
		if (wait_child(&p, &kids[w]) != 0)
			status = -1;
	free(kids);
	if (started != MAP_FAILED)
		munmap(started, jobs * sizeof(*started));
	return status;
}
