#include "watch.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "arena.h"
#include "fsutil.h"

/* What changes a folder's files: written, created (links too), moved in
 * or out, removed. Not IN_MODIFY: IN_CLOSE_WRITE says a write is done. */
#define WATCH_MASK                                                                                 \
	(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ONLYDIR)

struct watch {
	int fd;
	char **dirs; /* by watch descriptor: the folder's path, or NULL */
	size_t cap;
	size_t count;   /* folders watched */
	bool full;      /* the watch limit was reached and reported */
	struct diag *d; /* while adding folders */
	int status;     /* of the folders being added */
};

/* A number from /proc, or -1. */
static long
read_limit(const char *file)
{
	long n = -1;
	FILE *f = fopen(file, "r");
	if (f == NULL)
		return -1;
	if (fscanf(f, "%ld", &n) != 1)
		n = -1;
	fclose(f);
	return n;
}

static void
report_no_watches(struct watch *w, const char *path)
{
	w->status = -1;
	if (w->full)
		return;
	w->full = true;
	diag_error(w->d, diag_file(path),
	           "cannot watch this folder: no inotify watches left (fs.inotify.max_user_watches "
	           "is %ld, brief watches %zu folders); raise it, e.g. sudo sysctl "
	           "fs.inotify.max_user_watches=524288",
	           read_limit("/proc/sys/fs/inotify/max_user_watches"), w->count);
}

/* Watches the folder path; one that vanished meanwhile is no error,
 * unless it is a root. */
static void
add_dir(struct watch *w, const char *path, bool root)
{
	int wd = inotify_add_watch(w->fd, path, WATCH_MASK);
	if (wd < 0) {
		if (errno == ENOSPC)
			report_no_watches(w, path);
		else if (root || (errno != ENOENT && errno != ENOTDIR)) {
			diag_syserr(w->d, path, "cannot watch folder");
			w->status = -1;
		}
		return;
	}
	size_t i = (size_t)wd;
	if (i >= w->cap) {
		size_t cap = w->cap ? w->cap : 64;
		while (cap <= i) {
			if (cap > SIZE_MAX / 2 / sizeof(*w->dirs))
				abort();
			cap *= 2;
		}
		w->dirs = xrealloc(w->dirs, cap * sizeof(*w->dirs));
		memset(w->dirs + w->cap, 0, (cap - w->cap) * sizeof(*w->dirs));
		w->cap = cap;
	}
	/* A folder reached twice (through a link) keeps its first path. */
	if (w->dirs[i] == NULL) {
		w->dirs[i] = xstrdup(path);
		w->count++;
	}
}

static void
visit(void *ctx, const char *rel, const char *full, bool is_dir)
{
	(void)rel;
	if (is_dir)
		add_dir(ctx, full, false);
}

/* Watches path and every folder under it, the way the build walks them. */
static int
add_tree(struct watch *w, struct diag *d, const char *path, bool root)
{
	w->d = d;
	w->status = 0;
	w->full = false;
	add_dir(w, path, root);
	/* What the walk refuses, the build reports too: say it once. */
	struct diag quiet;
	diag_init_buffered(&quiet);
	struct arena *arena = arena_new();
	fsutil_walk(arena, &quiet, path, visit, w);
	arena_free(arena);
	diag_close(&quiet);
	return w->status;
}

struct watch *
watch_open(struct diag *d, const char *const *roots, size_t n)
{
	struct watch *w = xcalloc(1, sizeof(*w));
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0) {
		if (errno == EMFILE)
			diag_error(
			    d, diag_file(roots[0]),
			    "cannot watch for changes: no inotify instances left "
			    "(fs.inotify.max_user_instances is %ld); raise it, e.g. sudo sysctl "
			    "fs.inotify.max_user_instances=1024",
			    read_limit("/proc/sys/fs/inotify/max_user_instances"));
		else
			diag_syserr(d, roots[0], "cannot watch for changes");
		free(w);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		if (add_tree(w, d, roots[i], true) != 0) {
			watch_close(w);
			return NULL;
		}
	return w;
}

void
watch_close(struct watch *w)
{
	if (w == NULL)
		return;
	for (size_t i = 0; i < w->cap; i++)
		free(w->dirs[i]);
	free(w->dirs);
	close(w->fd);
	free(w);
}

int
watch_fd(const struct watch *w)
{
	return w->fd;
}

/* Stops watching path and the folders under it: it moved away. */
static void
drop_tree(struct watch *w, const char *path)
{
	size_t n = strlen(path);
	for (size_t i = 0; i < w->cap; i++) {
		const char *dir = w->dirs[i];
		if (dir != NULL && strncmp(dir, path, n) == 0 &&
		    (dir[n] == '/' || dir[n] == '\0')) {
			inotify_rm_watch(w->fd, (int)i);
			free(w->dirs[i]);
			w->dirs[i] = NULL;
			w->count--;
		}
	}
}

static int
handle(struct watch *w, struct diag *d, const struct inotify_event *ev, struct debounce *db,
       uint64_t now)
{
	if (ev->mask & IN_Q_OVERFLOW) {
		debounce_add_all(db, now);
		return 0;
	}
	size_t i = (size_t)ev->wd;
	if (ev->wd < 0 || i >= w->cap || w->dirs[i] == NULL)
		return 0;
	if (ev->mask & IN_IGNORED) {
		free(w->dirs[i]);
		w->dirs[i] = NULL;
		w->count--;
		return 0;
	}
	if (ev->len == 0 || ev->name[0] == '.' || ev->name[0] == '\0')
		return 0;
	int rc = 0;
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s", w->dirs[i], ev->name);
	if (!(ev->mask & IN_ISDIR)) {
		debounce_add(db, path.ptr, now);
	} else {
		if (ev->mask & IN_MOVED_FROM)
			drop_tree(w, path.ptr);
		if (ev->mask & (IN_CREATE | IN_MOVED_TO))
			rc = add_tree(w, d, path.ptr, false);
		debounce_add_all(db, now);
	}
	buf_free(&path);
	return rc;
}

int
watch_read(struct watch *w, struct diag *d, struct debounce *db, uint64_t now)
{
	char events[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
	int rc = 0;
	for (;;) {
		ssize_t n = read(w->fd, events, sizeof(events));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return rc;
		if (n <= 0) {
			diag_syserr(d, "inotify", "cannot read file events");
			return -1;
		}
		for (char *p = events; p < events + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			if (handle(w, d, ev, db, now) != 0)
				rc = -1;
			p += sizeof(*ev) + ev->len;
		}
	}
}
