#include "outpath.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "buf.h"
#include "outdir.h"

/* Appends the component name[0..n) to the absolute path out. */
static void
push(struct buf *out, const char *name, size_t n)
{
	if (n == 0 || (n == 1 && name[0] == '.'))
		return;
	if (n == 2 && name[0] == '.' && name[1] == '.') {
		char *slash = strrchr(out->ptr, '/');
		buf_truncate(out, slash == out->ptr ? 1 : (size_t)(slash - out->ptr));
		return;
	}
	if (out->len > 1)
		buf_putc(out, '/');
	buf_put(out, name, n);
}

/* The absolute path that path names: the real path of its nearest
 * existing ancestor, then the rest, which does not exist yet and so holds
 * no links. Heap; NULL when not even "." resolves. */
static char *
resolve(const char *path)
{
	size_t keep = strlen(path);
	char *head = xstrdup(path), *real = NULL;
	for (;;) {
		head[keep] = '\0';
		const char *try = keep > 0 ? head : path[0] == '/' ? "/" : ".";
		if ((real = realpath(try, NULL)) != NULL || keep == 0)
			break;
		while (keep > 0 && path[keep - 1] == '/')
			keep--;
		while (keep > 0 && path[keep - 1] != '/')
			keep--;
	}
	free(head);
	if (real == NULL)
		return NULL;
	struct buf out = BUF_INIT;
	buf_puts(&out, real);
	free(real);
	for (const char *p = path + keep; *p != '\0';) {
		size_t n = strcspn(p, "/");
		push(&out, p, n);
		p += n + (p[n] == '/');
	}
	return buf_detach(&out);
}

/* True when path lies below the folder dir (both absolute). */
static bool
below(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1)
		return path[1] != '\0';
	return strncmp(path, dir, n) == 0 && path[n] == '/';
}

/* Refuses the output out (real path; as typed: output) when it is or
 * contains dir (as typed: name), or, unless may_lie_inside, lies inside it. */
static int
against(FILE *err, const char *output, const char *out, const char *what, const char *name,
        const char *dir, bool may_lie_inside)
{
	const char *how = !strcmp(out, dir)                    ? "is"
	                  : below(dir, out)                    ? "contains"
	                  : !may_lie_inside && below(out, dir) ? "lies inside"
	                                                       : NULL;
	if (how == NULL)
		return 0;
	fprintf(err, "brief: output folder '%s' %s the %s '%s': choose another -o\n", output, how,
	        what, name);
	return -1;
}

/* Refuses an output path that exists and is not a folder (a link to one
 * included: the swap would replace the link, not its target). */
static int
not_a_folder(FILE *err, const char *output)
{
	struct buf trimmed = BUF_INIT;
	buf_puts(&trimmed, output);
	while (trimmed.len > 1 && trimmed.ptr[trimmed.len - 1] == '/')
		buf_truncate(&trimmed, trimmed.len - 1);
	struct stat st;
	int status = 0;
	if (lstat(trimmed.ptr, &st) == 0 && !S_ISDIR(st.st_mode)) {
		fprintf(err, "brief: '%s' is %s, not a folder: choose another -o\n", output,
		        S_ISREG(st.st_mode)   ? "a file"
		        : S_ISLNK(st.st_mode) ? "a symbolic link"
		                              : "something else");
		status = -1;
	}
	buf_free(&trimmed);
	return status;
}

/* Refuses a folder with entries a build would destroy (dot-entries are
 * carried over) that holds no manifest of brief's. */
static int
foreign(FILE *err, const char *output, bool force)
{
	DIR *dir = opendir(output);
	if (dir == NULL)
		return 0; /* missing, or the build reports why it cannot write */
	bool empty = true;
	struct dirent *e;
	while (empty && (e = readdir(dir)) != NULL)
		empty = e->d_name[0] == '.';
	closedir(dir);
	if (empty || force || outdir_has_manifest(output))
		return 0;
	fprintf(err,
	        "brief: output folder '%s' is not empty and holds no %s, so brief did not write "
	        "it: use --force to replace it anyway, or choose another -o\n",
	        output, OUTDIR_MANIFEST);
	return -1;
}

int
outpath_check(FILE *err, const char *output, const char *content, const char *templates, bool force)
{
	if (not_a_folder(err, output) != 0)
		return -1;
	char *out = resolve(output), *cwd = resolve("."), *c = resolve(content),
	     *t = resolve(templates);
	int status = -1;
	if (out == NULL || cwd == NULL || c == NULL || t == NULL)
		fprintf(err, "brief: cannot find the working folder: choose another -o\n");
	else if (against(err, output, out, "current folder", cwd, cwd, true) == 0 &&
	         against(err, output, out, "content folder", content, c, false) == 0 &&
	         against(err, output, out, "templates folder", templates, t, false) == 0 &&
	         foreign(err, output, force) == 0)
		status = 0;
	free(out);
	free(cwd);
	free(c);
	free(t);
	return status;
}
