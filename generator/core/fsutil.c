#include "fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "interrupt.h"
#include "utf8.h"

/* Reads path into memory from alloc (the arena, or the heap when NULL). */
static size_t read_max = FSUTIL_READ_MAX;

void
fsutil_set_read_max(size_t max)
{
	read_max = max;
}

static char *
read_file(struct arena *arena, struct diag *d, const char *path, size_t *len)
{
	char *data = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		diag_syserr(d, path, "cannot read");
		goto out;
	}
	size_t size = (size_t)st.st_size, got = 0, max = read_max;
	if (size > max) {
		/* Refused before reading: memory grows many times a file's size. */
		diag_error(d, diag_file(path),
		           "file of %zu bytes is larger than limits.file_bytes (%zu): split it, or "
		           "raise limits.file_bytes in site.yaml",
		           size, max);
		goto out;
	}
	data = arena ? arena_alloc(arena, size + 1) : xmalloc(size + 1);
	while (got < size) {
		ssize_t n = read(fd, data + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag_syserr(d, path, "cannot read");
			if (arena == NULL)
				free(data);
			data = NULL;
			goto out;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	data[got] = '\0';
	*len = got;
out:
	if (fd >= 0)
		close(fd);
	return data;
}

char *
fsutil_read(struct arena *arena, struct diag *d, const char *path, size_t *len)
{
	return read_file(arena, d, path, len);
}

char *
fsutil_read_heap(struct diag *d, const char *path, size_t *len)
{
	return read_file(NULL, d, path, len);
}

char *
fsutil_join(struct arena *arena, const char *a, const char *b)
{
	if (a[0] == '\0')
		return arena_strdup(arena, b);
	size_t n = strlen(a);
	return arena_join(arena, a, a[n - 1] == '/' ? "" : "/", b);
}

bool
fsutil_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
fsutil_stat_dir(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return -1;
	if (S_ISDIR(st.st_mode))
		return 0;
	errno = ENOTDIR;
	return -1;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
skip_hidden(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

/* True when the link at full resolves to a place inside real_root. */
static bool
link_inside(const char *full, const char *real_root)
{
	char *target = realpath(full, NULL);
	if (target == NULL)
		return false;
	size_t n = strlen(real_root);
	bool inside = strncmp(target, real_root, n) == 0 && (target[n] == '/' || target[n] == '\0');
	free(target);
	return inside;
}

/* Why a file name cannot become part of a URL and a line of the
 * manifest, or NULL when it can. */
static const char *
name_problem(const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7F)
			return "holds a control character (a newline, a tab...)";
	return utf8_invalid(name, len) < len ? "is not UTF-8" : NULL;
}

/* The name with control characters and bytes that are not UTF-8 shown as
 * \xNN, so that the message itself stays one line of text. */
static char *
name_shown(struct arena *arena, const char *name)
{
	struct buf out = BUF_INIT;
	for (size_t i = 0, len = strlen(name); i < len;) {
		size_t n = utf8_length(name + i, len - i);
		if (n > 0 && (unsigned char)name[i] >= 0x20 && name[i] != 0x7F) {
			buf_put(&out, name + i, n);
			i += n;
		} else {
			buf_printf(&out, "\\x%02X", (unsigned char)name[i++]);
		}
	}
	char *shown = arena_strndup(arena, out.ptr, out.len);
	buf_free(&out);
	return shown;
}

struct dir_id {
	dev_t dev;
	ino_t ino;
};

struct walk {
	struct arena *arena;
	struct diag *diag;
	const char *real_root;
	fsutil_visit_fn *visit;
	void *ctx;
	int status;
	struct dir_id above[FSUTIL_MAX_DEPTH + 2]; /* the folders being walked, root first */
	struct dir_id *seen;                       /* every folder entered */
	size_t nseen, seen_cap;
};

static bool
has_dir(const struct dir_id *ids, size_t n, struct dir_id id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i].dev == id.dev && ids[i].ino == id.ino)
			return true;
	return false;
}

/* Records folder st, at depth, as entered; false after reporting a link
 * (at full) to a folder already entered: two links back up the tree
 * would otherwise make the walk exponential. */
static bool
enter_dir(struct walk *w, const char *full, const struct stat *st, bool via_link, int depth)
{
	struct dir_id id = {st->st_dev, st->st_ino};
	if (via_link && has_dir(w->above, (size_t)depth, id)) {
		diag_error(w->diag, diag_file(full),
		           "symbolic link loop: it leads back to a folder above it");
		return false;
	}
	if (via_link && has_dir(w->seen, w->nseen, id)) {
		diag_error(w->diag, diag_file(full),
		           "symbolic link to a folder already read under another name");
		return false;
	}
	w->seen = arena_grow(w->arena, w->seen, w->nseen, &w->seen_cap, sizeof(*w->seen));
	w->seen[w->nseen++] = id;
	if (depth <= FSUTIL_MAX_DEPTH + 1)
		w->above[depth] = id;
	return true;
}

static void
walk_dir(struct walk *w, const char *rel, const char *full, int depth)
{
	if (depth > FSUTIL_MAX_DEPTH) {
		diag_error(w->diag, diag_file(full), "folders nested more than %d deep",
		           FSUTIL_MAX_DEPTH);
		w->status = -1;
		return;
	}
	struct dirent **names;
	int n = scandir(full, &names, skip_hidden, by_name);
	if (n < 0) {
		diag_syserr(w->diag, full, "cannot list folder");
		w->status = -1;
		return;
	}
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		const char *problem = name_problem(name);
		if (problem != NULL) {
			diag_error(w->diag, diag_file(full), "file name '%s' %s: rename it",
			           name_shown(w->arena, name), problem);
			w->status = -1;
			free(names[i]);
			continue;
		}
		char *child = fsutil_join(w->arena, full, name);
		/* full ends with rel, so child ends with child_rel: its bytes
		 * serve both (a million pages' paths are kept all build). */
		size_t rel_len = (rel[0] != '\0' ? strlen(rel) + 1 : 0) + strlen(name);
		const char *child_rel = child + strlen(child) - rel_len;
		/* The folder listing already tells files and folders apart on
		 * most file systems: only links and unknowns need a stat. */
		unsigned char type = names[i]->d_type;
		bool via_link = type == DT_LNK || type == DT_UNKNOWN;
		struct stat st;
		if (via_link) {
			if (lstat(child, &st) != 0) {
				diag_syserr(w->diag, child, "cannot stat");
				w->status = -1;
				type = DT_UNKNOWN;
			} else if (S_ISLNK(st.st_mode) && !link_inside(child, w->real_root)) {
				diag_error(w->diag, diag_file(child),
				           "symbolic link leads outside the folder being read");
				w->status = -1;
				type = DT_UNKNOWN;
			} else if (stat(child, &st) != 0) {
				diag_syserr(w->diag, child, "cannot stat");
				w->status = -1;
				type = DT_UNKNOWN;
			} else {
				type = S_ISDIR(st.st_mode)   ? DT_DIR
				       : S_ISREG(st.st_mode) ? DT_REG
				                             : 0;
			}
		}
		if (type == DT_DIR && !via_link && stat(child, &st) != 0) {
			diag_syserr(w->diag, child, "cannot stat");
			w->status = -1;
		} else if (type == DT_DIR && !enter_dir(w, child, &st, via_link, depth + 1)) {
			w->status = -1;
		} else if (type == DT_DIR) {
			w->visit(w->ctx, child_rel, child, true);
			walk_dir(w, child_rel, child, depth + 1);
		} else if (type == DT_REG) {
			w->visit(w->ctx, child_rel, child, false);
		}
		free(names[i]);
	}
	free(names);
}

int
fsutil_walk(struct arena *arena, struct diag *d, const char *root, fsutil_visit_fn *visit,
            void *ctx)
{
	char *real_root = realpath(root, NULL);
	if (real_root == NULL) {
		diag_syserr(d, root, "cannot open folder");
		return -1;
	}
	struct walk w = {arena, d, real_root, visit, ctx, 0, {{0, 0}}, NULL, 0, 0};
	struct stat st;
	if (stat(root, &st) == 0)
		enter_dir(&w, root, &st, false, 0);
	walk_dir(&w, "", root, 0);
	free(real_root);
	return w.status;
}

/* mkdir -p, deepest folder first: most writes need just one new folder,
 * so this costs one system call where a walk from the top costs one per
 * level. dir is modified and restored. */
static int
make_dir(struct diag *d, int at, char *dir)
{
	if (mkdirat(at, dir, 0777) == 0 || errno == EEXIST)
		return 0;
	char *slash = strrchr(dir, '/');
	if (errno != ENOENT || slash == NULL || slash == dir) {
		diag_syserr(d, dir, "cannot create folder");
		return -1;
	}
	*slash = '\0';
	int rc = make_dir(d, at, dir);
	*slash = '/';
	if (rc != 0)
		return -1;
	if (mkdirat(at, dir, 0777) != 0 && errno != EEXIST) {
		diag_syserr(d, dir, "cannot create folder");
		return -1;
	}
	return 0;
}

int
fsutil_make_parents(struct diag *d, const char *path)
{
	return fsutil_make_parents_at(d, AT_FDCWD, path);
}

int
fsutil_make_parents_at(struct diag *d, int at, const char *path)
{
	char tmp[PATH_MAX];
	size_t n = strlen(path);
	if (interrupt_pending() || n >= sizeof(tmp)) {
		/* Interrupted: write nothing more, so that the build unwinds. */
		errno = interrupt_pending() ? EINTR : ENAMETOOLONG;
		diag_syserr(d, path, "cannot create");
		return -1;
	}
	memcpy(tmp, path, n + 1);
	char *slash = strrchr(tmp, '/');
	if (slash == NULL || slash == tmp)
		return 0;
	*slash = '\0';
	return make_dir(d, at, tmp);
}

int
fsutil_write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int
fsutil_write(struct diag *d, const char *path, const char *data, size_t len)
{
	if (fsutil_make_parents(d, path) != 0)
		return -1;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0 || fsutil_write_all(fd, data, len) != 0) {
		diag_syserr(d, path, "cannot write");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (close(fd) != 0) {
		diag_syserr(d, path, "cannot write");
		return -1;
	}
	return 0;
}

int
fsutil_copy(struct diag *d, const char *from, const char *to)
{
	int status = -1, in = -1, out = -1;
	struct stat st;
	if (fsutil_make_parents(d, to) != 0)
		return -1;
	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0 || fstat(in, &st) != 0) {
		diag_syserr(d, from, "cannot read");
		goto out;
	}
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (out < 0) {
		diag_syserr(d, to, "cannot write");
		goto out;
	}
	off_t left = st.st_size;
	while (left > 0) {
		ssize_t n = sendfile(out, in, NULL, (size_t)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			diag_syserr(d, to, "cannot copy %s", from);
			goto out;
		}
		left -= n;
	}
	status = 0;
out:
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0 && status == 0) {
		diag_syserr(d, to, "cannot write");
		status = -1;
	}
	return status;
}

static int
remove_at(struct diag *d, const char *path, int depth)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (S_ISDIR(st.st_mode) && depth < 256) {
		DIR *dir = opendir(path);
		if (dir == NULL) {
			diag_syserr(d, path, "cannot remove");
			return -1;
		}
		struct dirent *e;
		struct buf child = BUF_INIT;
		int status = 0;
		while ((e = readdir(dir)) != NULL) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			buf_clear(&child);
			buf_printf(&child, "%s/%s", path, e->d_name);
			if (remove_at(d, child.ptr, depth + 1) != 0)
				status = -1;
		}
		closedir(dir);
		buf_free(&child);
		if (status != 0)
			return -1;
		if (rmdir(path) != 0) {
			diag_syserr(d, path, "cannot remove");
			return -1;
		}
		return 0;
	}
	if (unlink(path) != 0) {
		diag_syserr(d, path, "cannot remove");
		return -1;
	}
	return 0;
}

int
fsutil_remove_tree(struct diag *d, const char *path)
{
	return remove_at(d, path, 0);
}

void
fsutil_split(const char *path, struct buf *parent, struct buf *base)
{
	size_t end = strlen(path), start, cut;
	while (end > 1 && path[end - 1] == '/')
		end--;
	for (start = end; start > 0 && path[start - 1] != '/';)
		start--;
	for (cut = start; cut > 1 && path[cut - 1] == '/';)
		cut--;
	if (start == 0)
		buf_puts(parent, ".");
	else
		buf_put(parent, path, cut);
	buf_put(base, path + start, end - start);
}
