#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fsutil.h"
#include "interrupt.h"
#include "outlock.h"
#include "trash.h"

bool
outdir_has_manifest(const char *dir)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/%s", dir, OUTDIR_MANIFEST);
	int fd = open(path.ptr, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	buf_free(&path);
	if (fd < 0)
		return false;
	char head[64];
	struct stat st;
	ssize_t n =
	    fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, head, sizeof(head) - 1) : -1;
	close(fd);
	size_t len = strlen(OUTDIR_MANIFEST_HEAD);
	if (n <= (ssize_t)len || memcmp(head, OUTDIR_MANIFEST_HEAD, len) != 0)
		return false;
	head[n] = '\0';
	size_t digits = strspn(head + len, "0123456789");
	return digits > 0 && head[len + digits] == '\n';
}

/* Why item cannot be a keep: entry, or NULL when it can. */
static const char *
keep_problem(const struct value *item)
{
	if (item->kind != VALUE_STRING)
		return "each entry must be a name (a string), such as CNAME";
	if (item->len == 0 || strlen(item->str) != item->len || strchr(item->str, '/') != NULL ||
	    !strcmp(item->str, ".") || !strcmp(item->str, ".."))
		return "must be the plain name of an entry at the top of the output folder (no "
		       "'/', "
		       "not '.' or '..')";
	return NULL;
}

void
outdir_keep_load(struct arena *arena, struct diag *d, const struct value *site,
                 struct outdir_keep *keep)
{
	*keep = (struct outdir_keep){0};
	const struct value *v = value_cget(site, "keep");
	if (v == NULL)
		return;
	if (v->kind != VALUE_LIST) {
		diag_error(d, v->pos,
		           "'keep' must be a list of names of entries at the top of the output "
		           "folder, such as [CNAME]");
		return;
	}
	size_t n = v->as.list.len;
	keep->names = arena_alloc(arena, (n + 1) * sizeof(*keep->names));
	keep->pos = arena_alloc(arena, (n + 1) * sizeof(*keep->pos));
	for (size_t i = 0; i < n; i++) {
		const struct value *item = v->as.list.items[i];
		const char *problem = keep_problem(item);
		if (problem != NULL && item->kind == VALUE_STRING)
			diag_error(d, item->pos, "keep: '%s' %s", item->str, problem);
		else if (problem != NULL)
			diag_error(d, item->pos, "keep: %s", problem);
		else if (item->str[0] == '.')
			diag_warning(
			    d, item->pos,
			    "keep: '%s' needs no entry: names starting with '.' are always "
			    "carried over",
			    item->str);
		else
			keep->names[keep->len] = item->str, keep->pos[keep->len++] = item->pos;
	}
}

void
outdir_keep_check(struct diag *d, const struct outdir_keep *keep, const char *const *paths,
                  const char *const *srcs, size_t n)
{
	for (size_t k = 0; k < keep->len; k++) {
		const char *name = keep->names[k];
		size_t len = strlen(name);
		for (size_t i = 0; i < n; i++) {
			if (strncmp(paths[i], name, len) != 0 ||
			    (paths[i][len] != '\0' && paths[i][len] != '/'))
				continue;
			diag_error(
			    d, keep->pos[k],
			    "keep: '%s' is written by the build itself (%s, for %s): drop it "
			    "from keep: or from the site",
			    name, paths[i], srcs[i]);
			break;
		}
	}
}

/* Staging folders of builds that were killed before they could clean up:
 * removed (with d), or only looked for (d NULL); whether there were any.
 * Only a build holding the lock may call this: any other build's staging
 * folder would look stale too. */
static bool
remove_stale(struct diag *d, const char *parent, const char *base)
{
	DIR *dir = opendir(parent);
	if (dir == NULL)
		return false;
	bool found = false;
	struct buf prefix = BUF_INIT, lock = BUF_INIT, path = BUF_INIT;
	buf_printf(&prefix, ".%s.brief-", base);
	buf_printf(&lock, ".%s%s", base, OUTLOCK_SUFFIX);
	struct dirent *e;
	while ((e = readdir(dir)) != NULL) {
		if (strncmp(e->d_name, prefix.ptr, prefix.len) != 0 || !strcmp(e->d_name, lock.ptr))
			continue;
		found = true;
		buf_clear(&path);
		buf_printf(&path, "%s/%s", parent, e->d_name);
		if (d != NULL)
			fsutil_remove_tree(d, path.ptr);
	}
	closedir(dir);
	buf_free(&prefix);
	buf_free(&lock);
	buf_free(&path);
	return found;
}

bool
outdir_stale_left(const char *output)
{
	struct buf parent = BUF_INIT, base = BUF_INIT;
	fsutil_split(output, &parent, &base);
	bool found = remove_stale(NULL, parent.ptr, base.ptr);
	buf_free(&parent);
	buf_free(&base);
	return found;
}

int
outdir_stage_begin(struct diag *d, const char *output, const struct outdir_keep *keep,
                   struct outdir_stage *stage)
{
	struct buf parent = BUF_INIT, base = BUF_INIT, tmpl = BUF_INIT;
	int status = -1;
	*stage = (struct outdir_stage){.output = output, .keep = keep};
	fsutil_split(output, &parent, &base);
	if (mkdir(parent.ptr, 0777) != 0 && errno != EEXIST) {
		diag_syserr(d, parent.ptr, "cannot create folder");
		goto out;
	}
	remove_stale(d, parent.ptr, base.ptr);
	buf_printf(&tmpl, "%s/.%s.brief-XXXXXX", parent.ptr, base.ptr);
	/* From here SIGINT and SIGTERM unwind the build, which removes the
	 * staging folder, instead of ending it at once. */
	interrupt_guard(true);
	if (mkdtemp(tmpl.ptr) == NULL) {
		diag_syserr(d, tmpl.ptr, "cannot create staging folder");
		interrupt_guard(false);
		goto out;
	}
	/* mkdtemp makes it 0700; the site is meant to be served. */
	mode_t mask = umask(0);
	umask(mask);
	if (chmod(tmpl.ptr, 0777 & ~mask) != 0) {
		diag_syserr(d, tmpl.ptr, "cannot set permissions");
		rmdir(tmpl.ptr);
		interrupt_guard(false);
		goto out;
	}
	stage->dir = buf_detach(&tmpl);
	status = 0;
out:
	buf_free(&parent);
	buf_free(&base);
	buf_free(&tmpl);
	return status;
}

static int
by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
outdir_stage_manifest(struct diag *d, struct outdir_stage *stage, const char *const *paths,
                      size_t n)
{
	const char **sorted = xcalloc(n, sizeof(*sorted));
	if (n > 0)
		memcpy(sorted, paths, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), by_string);
	struct buf text = BUF_INIT, path = BUF_INIT;
	buf_printf(&text, "%s%d\n", OUTDIR_MANIFEST_HEAD, OUTDIR_MANIFEST_VERSION);
	for (size_t i = 0; i < n; i++) {
		buf_puts(&text, sorted[i]);
		buf_putc(&text, '\n');
	}
	buf_printf(&path, "%s/%s", stage->dir, OUTDIR_MANIFEST);
	int status = fsutil_write(d, path.ptr, text.ptr, text.len);
	free(sorted);
	buf_free(&text);
	buf_free(&path);
	return status;
}

/* Whether the old output's top-level entry name goes into the new one. */
static bool
carried(const struct outdir_keep *keep, const char *name)
{
	if (name[0] == '.')
		return strcmp(name, ".") && strcmp(name, "..") && strcmp(name, OUTDIR_MANIFEST);
	for (size_t i = 0; keep != NULL && i < keep->len; i++)
		if (!strcmp(keep->names[i], name))
			return true;
	return false;
}

/* rename(2) that never replaces an existing to. */
static int
move_new(const char *from, const char *to)
{
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL)
		return -1;
	/* A file system without RENAME_NOREPLACE: check, then rename. */
	struct stat st;
	if (lstat(to, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

/* The entries carried from the old output into the staging folder. */
struct carry {
	char **names;
	size_t len;
};

/* Moves the carried entries back into the old output, so that a build
 * that fails after carrying them changes nothing. */
static void
carry_back(struct diag *d, const struct outdir_stage *stage, struct carry *c)
{
	struct buf from = BUF_INIT, to = BUF_INIT;
	for (size_t i = 0; i < c->len; i++) {
		buf_clear(&from);
		buf_clear(&to);
		buf_printf(&from, "%s/%s", stage->dir, c->names[i]);
		buf_printf(&to, "%s/%s", stage->output, c->names[i]);
		if (rename(from.ptr, to.ptr) != 0)
			diag_syserr(d, from.ptr, "cannot move back to %s", to.ptr);
	}
	buf_free(&from);
	buf_free(&to);
}

static void
carry_free(struct carry *c)
{
	for (size_t i = 0; i < c->len; i++)
		free(c->names[i]);
	free(c->names);
	*c = (struct carry){0};
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Moves the old output's dot-entries and keep: entries into the staging
 * folder, in name order; on failure moves back those already moved. */
static int
carry_over(struct diag *d, const struct outdir_stage *stage, struct carry *c)
{
	struct dirent **list;
	int n = scandir(stage->output, &list, NULL, by_name);
	if (n < 0) {
		if (errno == ENOENT)
			return 0;
		diag_syserr(d, stage->output, "cannot list folder");
		return -1;
	}
	struct buf from = BUF_INIT, to = BUF_INIT;
	int status = 0;
	c->names = xcalloc((size_t)n, sizeof(*c->names));
	for (int i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		if (status == 0 && carried(stage->keep, name)) {
			buf_clear(&from);
			buf_clear(&to);
			buf_printf(&from, "%s/%s", stage->output, name);
			buf_printf(&to, "%s/%s", stage->dir, name);
			if (move_new(from.ptr, to.ptr) == 0) {
				c->names[c->len++] = xstrdup(name);
			} else {
				diag_syserr(d, from.ptr, "cannot carry over into the new output");
				status = -1;
			}
		}
		free(list[i]);
	}
	free(list);
	buf_free(&from);
	buf_free(&to);
	if (status != 0)
		carry_back(d, stage, c);
	return status;
}

/* Removes the staging folder, if any. */
static void
remove_stage(struct diag *d, struct outdir_stage *stage)
{
	if (stage->dir == NULL)
		return;
	fsutil_remove_tree(d, stage->dir);
	free(stage->dir);
	stage->dir = NULL;
	interrupt_guard(false);
}

/* For file systems without RENAME_EXCHANGE: two renames, a short gap. */
static int
swap_by_rename(struct diag *d, struct outdir_stage *stage)
{
	struct buf old = BUF_INIT;
	buf_printf(&old, "%s.old", stage->dir);
	int status = -1;
	if (rename(stage->output, old.ptr) == 0) {
		if (rename(stage->dir, stage->output) == 0) {
			fsutil_remove_tree(d, old.ptr);
			free(stage->dir);
			stage->dir = NULL;
			status = 0;
		} else {
			rename(old.ptr, stage->output);
		}
	}
	buf_free(&old);
	return status;
}

/* Swaps the staging folder in; on failure errno says why. */
static int
swap_in(struct diag *d, struct outdir_stage *stage)
{
	/* Interrupted: stop here. A signal from now on is too late to stop
	 * the swap; it only ends brief once the old tree is removed. */
	if (interrupt_pending()) {
		errno = EINTR;
		return -1;
	}
	/* RENAME_EXCHANGE swaps the two names in one step: there is no moment
	 * without an output folder. The old tree ends up at stage->dir. */
	if (renameat2(AT_FDCWD, stage->dir, AT_FDCWD, stage->output, RENAME_EXCHANGE) == 0) {
		if (stage->trash != NULL && trash_move(stage->trash, stage->dir) == 0) {
			free(stage->dir);
			stage->dir = NULL;
			stage->trashed = true;
			interrupt_guard(false);
		}
		remove_stage(d, stage);
		return 0;
	}
	if (errno == ENOENT && rename(stage->dir, stage->output) == 0) {
		free(stage->dir);
		stage->dir = NULL;
		return 0;
	}
	if (errno == EINVAL && swap_by_rename(d, stage) == 0)
		return 0;
	return -1;
}

int
outdir_stage_commit(struct diag *d, struct outdir_stage *stage)
{
	struct carry c = {0};
	int status = carry_over(d, stage, &c);
	if (status == 0 && swap_in(d, stage) != 0) {
		int err = errno;
		carry_back(d, stage, &c);
		errno = err;
		diag_syserr(d, stage->output, "cannot replace the output folder");
		status = -1;
	}
	carry_free(&c);
	if (status != 0)
		remove_stage(d, stage);
	return status;
}

void
outdir_stage_abort(struct diag *d, struct outdir_stage *stage)
{
	if (stage->trashed && trash_empty(stage->trash) != 0)
		fsutil_remove_tree(d, stage->trash);
	stage->trashed = false;
	remove_stage(d, stage);
}
