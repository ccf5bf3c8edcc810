#include "serve.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "debounce.h"
#include "httpd.h"
#include "markdown.h"
#include "memsite.h"
#include "reload.h"
#include "watch.h"

/* An editor's save is a few events within a few milliseconds; a burst
 * that never pauses still rebuilds every SERVE_MAX_MS. */
#define SERVE_QUIET_MS 20
#define SERVE_MAX_MS 300
/* Idle event streams get a comment this often, well within the
 * connection timeout. */
#define SERVE_PING_MS 5000

struct server {
	const struct serve_options *o;
	struct site_session *session;
	struct memsite *site; /* the last good build, or NULL */
	struct httpd *httpd;
	struct reload *reload;
	struct watch *watch;
	struct debounce db;
	struct diag watch_diag; /* problems of the watcher, printed at once */
};

/* SIGINT and SIGTERM write a byte here, which the main loop selects on. */
static int signal_pipe[2] = {-1, -1};

static void
on_signal(int sig)
{
	(void)sig;
	int saved = errno;
	char c = 0;
	if (write(signal_pipe[1], &c, 1) < 0) {
		/* The pipe is full: a stop is already pending. */
	}
	errno = saved;
}

static int
catch_signals(void)
{
	if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
		fprintf(stderr, "brief: cannot make a pipe: %s\n", strerror(errno));
		return -1;
	}
	struct sigaction sa = {.sa_handler = on_signal, .sa_flags = SA_RESTART};
	sigemptyset(&sa.sa_mask);
	struct sigaction ignore = {.sa_handler = SIG_IGN};
	sigemptyset(&ignore.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0 ||
	    sigaction(SIGPIPE, &ignore, NULL) != 0) {
		fprintf(stderr, "brief: cannot catch signals: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

static uint64_t
now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

/* The site after a rebuild fails: the last good one stays. */
static void
failed(struct server *s, unsigned errors, const char *text)
{
	fprintf(stderr, "brief: rebuild failed with %u error%s; serving the last good build\n",
	        errors, errors == 1 ? "" : "s");
	reload_errors(s->reload, text[0] != '\0' ? text : "brief: the rebuild failed\n");
}

/*
 * Rebuilds after changed[0..n) (n == 0: everything), prints the messages
 * and tells the open tabs. The diagnostics are kept in memory, so that
 * the terminal and the tabs show the same lines.
 */
static void
rebuild(struct server *s, char **changed, size_t n, bool first)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	struct diag d;
	diag_init(&d, mem != NULL ? mem : stderr);
	d.strict = s->o->strict;
	d.sorted = true;
	d.max_errors = s->o->max_errors;
	struct memsite *next = NULL;
	struct site_stats stats;
	int rc =
	    site_session_rebuild(s->session, &d, (const char *const *)changed, n, &next, &stats);
	diag_print(&d);
	unsigned errors = d.errors;
	diag_close(&d);
	if (mem != NULL && fclose(mem) == 0)
		fputs(text, stderr);
	if (rc != 0 || errors > 0) {
		if (rc == 0)
			memsite_unref(next); /* warnings made errors by --strict */
		failed(s, errors, text != NULL ? text : "");
	} else {
		reload_changes(s->reload, s->site, next);
		httpd_set_site(s->httpd, next);
		memsite_unref(s->site);
		s->site = next;
		if (!first && !s->o->quiet)
			printf("brief: rebuilt %zu page%s in %.1f ms\n", stats.pages,
			       stats.pages == 1 ? "" : "s", stats.seconds * 1000);
	}
	fflush(stdout);
	free(text);
}

/* Rebuilds when a burst of changes is over; true when it did. */
static bool
rebuild_due(struct server *s, uint64_t now)
{
	char **paths;
	long n = debounce_take(&s->db, now, &paths);
	if (n < 0)
		return false;
	rebuild(s, paths, (size_t)n, false);
	for (long i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return true;
}

static long
shorter(long wait, long other)
{
	return other >= 0 && (wait < 0 || other < wait) ? other : wait;
}

/*
 * The main loop: one thread for HTTP, the watcher and the rebuilds.
 * libmicrohttpd runs in external select mode (no threads of its own)
 * because a rebuild forks Markdown workers, and forking a process while
 * other threads run is unsafe (a lock one of them holds stays locked in
 * the child forever). A rebuild blocks serving for its few milliseconds;
 * requests wait in the sockets meanwhile. Returns 0 when a signal asked
 * to stop.
 */
static int
loop(struct server *s)
{
	uint64_t ping = now_ms() + SERVE_PING_MS;
	int wfd = watch_fd(s->watch);
	/* Events were queued for the tabs: run the daemon at once. */
	bool events = false;
	for (;;) {
		fd_set rs, ws, es;
		FD_ZERO(&rs);
		FD_ZERO(&ws);
		FD_ZERO(&es);
		int max_fd = wfd > signal_pipe[0] ? wfd : signal_pipe[0];
		long wait = httpd_prepare(s->httpd, &rs, &ws, &es, &max_fd);
		FD_SET(wfd, &rs);
		FD_SET(signal_pipe[0], &rs);
		uint64_t now = now_ms();
		wait = shorter(wait, debounce_wait(&s->db, now));
		wait = shorter(wait, ping > now ? (long)(ping - now) : 0);
		wait = events ? 0 : wait;
		events = false;
		struct timeval tv = {wait / 1000, (wait % 1000) * 1000};
		if (select(max_fd + 1, &rs, &ws, &es, &tv) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "brief: select: %s\n", strerror(errno));
			return 1;
		}
		if (FD_ISSET(signal_pipe[0], &rs))
			return 0;
		httpd_run(s->httpd, &rs, &ws, &es);
		now = now_ms();
		if (FD_ISSET(wfd, &rs))
			watch_read(s->watch, &s->watch_diag, &s->db, now);
		events = rebuild_due(s, now);
		if (now >= ping) {
			reload_ping(s->reload);
			ping = now + SERVE_PING_MS;
			events = true;
		}
	}
}

/* Listens, watches and builds; returns -1 after printing why not. */
static int
start(struct server *s)
{
	const struct serve_options *o = s->o;
	s->reload = reload_new();
	s->httpd = httpd_start(o->bind, o->port, s->reload);
	if (s->httpd == NULL)
		return -1;
	const char *roots[] = {o->site.content_dir, o->site.templates_dir};
	s->watch = watch_open(&s->watch_diag, roots, 2);
	if (s->watch == NULL)
		return -1;
	s->session = site_session_new(&o->site);
	rebuild(s, NULL, 0, true);
	printf("brief: serving %s (Ctrl-C to stop)\n", httpd_url(s->httpd));
	fflush(stdout);
	return 0;
}

int
serve_run(const struct serve_options *o)
{
	int local = httpd_loopback(o->bind);
	if (local < 0) {
		fprintf(stderr, "brief: --bind needs a numeric IPv4 or IPv6 address, not '%s'\n",
		        o->bind);
		return 2;
	}
	if (!local)
		fprintf(stderr,
		        "brief: warning: serving on %s: other machines can reach this preview\n",
		        o->bind);
	if (catch_signals() != 0)
		return 1;
	markdown_init();
	struct server s = {.o = o};
	diag_init(&s.watch_diag, stderr);
	debounce_init(&s.db, SERVE_QUIET_MS, SERVE_MAX_MS);
	int rc = start(&s) == 0 ? loop(&s) : 1;
	if (s.reload != NULL)
		reload_close(s.reload);
	httpd_stop(s.httpd);
	watch_close(s.watch);
	site_session_free(s.session);
	memsite_unref(s.site);
	reload_free(s.reload);
	debounce_free(&s.db);
	diag_close(&s.watch_diag);
	return rc;
}
