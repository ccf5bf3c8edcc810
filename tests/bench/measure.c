/*
 * measure: runs one command of `make bench` and says what it cost, the
 * memory counted over its whole process tree.
 *
 *   measure [-b BUDGET_KB] OUT_FILE CMD [ARG]...
 *
 * Appends one line to OUT_FILE:
 *
 *   wall user sys maxrss_kb tree_pss_kb tree_rss_kb samples status
 *
 * wall is seconds on the monotonic clock; user and sys are the CPU seconds
 * of the command and every descendant it waited for (wait4); maxrss_kb is
 * the largest single process's peak (what GNU time's %M says); tree_pss_kb
 * and tree_rss_kb are the peaks over samples of the sum, over the command
 * and all its descendants, of Pss and Rss from /proc/PID/smaps_rollup.
 * brief forks Markdown workers that share the parent's pages copy-on-write:
 * summing Rss counts each shared page once per process, Pss divides it among
 * them, so tree_pss_kb is what the build holds. A cgroup's memory.peak
 * would also count the output written to tmpfs, which is not the build's.
 * Samples are taken every 10 ms for the first half second, then every
 * 50 ms, so a short build is still seen; a peak between samples is missed.
 * status is "ok", "exit-N", "signal-N" or "budget" (the tree's Pss passed
 * BUDGET_KB, so the whole process group was killed: on a shared machine a
 * build that runs out of memory must not take the others with it).
 * Exit status: the command's (0 when it succeeded), 3 when killed over
 * budget, 2 on a usage error, 1 when measuring failed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The process table as one sample sees it: pid and parent pid. */
struct proc {
	long pid, ppid;
	bool in_tree;
};

struct table {
	struct proc *p;
	size_t len, cap;
};

static void
table_add(struct table *t, long pid, long ppid)
{
	if (t->len == t->cap) {
		if (t->cap > ((size_t)-1) / 2 / sizeof *t->p)
			abort();
		t->cap = t->cap ? t->cap * 2 : 256;
		t->p = realloc(t->p, t->cap * sizeof *t->p);
		if (t->p == NULL)
			abort();
	}
	t->p[t->len++] = (struct proc){pid, ppid, false};
}

/* The parent pid from /proc/PID/stat, or -1 when the process is gone. */
static long
parent_of(const char *pid)
{
	char path[64], line[1024];
	snprintf(path, sizeof path, "/proc/%s/stat", pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -1;
	size_t n = fread(line, 1, sizeof line - 1, f);
	fclose(f);
	line[n] = '\0';
	/* The command name may hold spaces and parentheses: skip to the last ')'. */
	const char *p = strrchr(line, ')');
	long ppid;
	if (p == NULL || sscanf(p + 1, " %*c %ld", &ppid) != 1)
		return -1;
	return ppid;
}

/* Marks root and every process whose parent chain leads to it. */
static void
mark_tree(struct table *t, long root)
{
	for (size_t i = 0; i < t->len; i++)
		t->p[i].in_tree = t->p[i].pid == root;
	/* Pids are not ordered by parenthood: repeat until nothing changes. */
	for (bool grew = true; grew;) {
		grew = false;
		for (size_t i = 0; i < t->len; i++)
			for (size_t j = 0; !t->p[i].in_tree && j < t->len; j++)
				if (t->p[j].in_tree && t->p[j].pid == t->p[i].ppid)
					t->p[i].in_tree = grew = true;
	}
}

/* Adds process pid's Rss and Pss (kB) to *rss and *pss; a vanished one adds 0. */
static void
add_memory(long pid, unsigned long long *rss, unsigned long long *pss)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%ld/smaps_rollup", pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return;
	unsigned long long kb;
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "Rss: %llu kB", &kb) == 1)
			*rss += kb;
		else if (sscanf(line, "Pss: %llu kB", &kb) == 1)
			*pss += kb;
	}
	fclose(f);
}

/* One sample: the tree's summed Rss and Pss in kB. Returns -1 if /proc fails. */
static int
sample_tree(struct table *t, long root, unsigned long long *rss, unsigned long long *pss)
{
	DIR *d = opendir("/proc");
	if (d == NULL)
		return -1;
	t->len = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		long ppid = parent_of(e->d_name);
		if (ppid >= 0)
			table_add(t, strtol(e->d_name, NULL, 10), ppid);
	}
	closedir(d);
	mark_tree(t, root);
	*rss = *pss = 0;
	for (size_t i = 0; i < t->len; i++)
		if (t->p[i].in_tree)
			add_memory(t->p[i].pid, rss, pss);
	return 0;
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
seconds(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* Starts argv in its own process group; returns its pid, or -1 with the error reported. */
static pid_t
start(char **argv)
{
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		execvp(argv[0], argv);
		fprintf(stderr, "measure: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pid < 0)
		fprintf(stderr, "measure: fork: %s\n", strerror(errno));
	else
		setpgid(pid, pid); /* also here, so a kill right away finds the group */
	return pid;
}

struct result {
	double wall;
	struct rusage ru;
	int status;
	bool over_budget;
	unsigned long long peak_rss, peak_pss, samples;
};

/* Samples pid's tree until it ends; kills its group once its Pss passes budget_kb. */
static int
watch(pid_t pid, unsigned long long budget_kb, struct result *r)
{
	struct table t = {0};
	double t0 = now();
	int rc = 0;
	for (;;) {
		pid_t w = wait4(pid, &r->status, WNOHANG, &r->ru);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			fprintf(stderr, "measure: wait4: %s\n", strerror(errno));
			rc = -1;
			break;
		}
		unsigned long long rss = 0, pss = 0;
		if (sample_tree(&t, pid, &rss, &pss) != 0) {
			fprintf(stderr, "measure: /proc: %s\n", strerror(errno));
			rc = -1;
		}
		r->samples++;
		r->peak_rss = rss > r->peak_rss ? rss : r->peak_rss;
		r->peak_pss = pss > r->peak_pss ? pss : r->peak_pss;
		if (budget_kb > 0 && pss > budget_kb && !r->over_budget) {
			r->over_budget = true;
			kill(-pid, SIGKILL);
		}
		struct timespec nap = {0, (r->samples < 50 ? 10 : 50) * 1000000L};
		nanosleep(&nap, NULL);
	}
	r->wall = now() - t0;
	free(t.p);
	return rc;
}

int
main(int argc, char **argv)
{
	unsigned long long budget_kb = 0;
	int first = 1;
	if (argc > 2 && strcmp(argv[1], "-b") == 0) {
		char *end;
		budget_kb = strtoull(argv[2], &end, 10);
		if (*end != '\0')
			argc = 0; /* a usage error below */
		first = 3;
	}
	if (argc < first + 2) {
		fputs("usage: measure [-b BUDGET_KB] OUT_FILE CMD [ARG]...\n", stderr);
		return 2;
	}
	FILE *out = fopen(argv[first], "a");
	if (out == NULL) {
		fprintf(stderr, "measure: %s: %s\n", argv[first], strerror(errno));
		return 1;
	}
	struct result r = {0};
	pid_t pid = start(argv + first + 1);
	if (pid < 0 || watch(pid, budget_kb, &r) != 0) {
		fclose(out);
		return 1;
	}
	char status[32] = "ok";
	if (r.over_budget)
		snprintf(status, sizeof status, "budget");
	else if (WIFSIGNALED(r.status))
		snprintf(status, sizeof status, "signal-%d", WTERMSIG(r.status));
	else if (WEXITSTATUS(r.status) != 0)
		snprintf(status, sizeof status, "exit-%d", WEXITSTATUS(r.status));
	fprintf(out, "%.4f %.3f %.3f %ld %llu %llu %llu %s\n", r.wall, seconds(r.ru.ru_utime),
	        seconds(r.ru.ru_stime), r.ru.ru_maxrss, r.peak_pss, r.peak_rss, r.samples, status);
	if (fclose(out) != 0) {
		fprintf(stderr, "measure: %s: %s\n", argv[first], strerror(errno));
		return 1;
	}
	if (r.over_budget)
		return 3;
	if (WIFSIGNALED(r.status))
		return 128 + WTERMSIG(r.status);
	return WEXITSTATUS(r.status);
}
