#include "datafiles.h"

#include <string.h>

#include "csvload.h"
#include "fsutil.h"
#include "jsonload.h"
#include "yamlload.h"

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool
datafiles_is_data(const char *rel)
{
	return ends_with(rel, ".yaml") || ends_with(rel, ".yml") || datafiles_is_download(rel);
}

bool
datafiles_is_download(const char *rel)
{
	return ends_with(rel, ".json") || ends_with(rel, ".csv");
}

struct value *
datafiles_load(struct arena *arena, struct diag *d, const char *path)
{
	if (!datafiles_is_download(path))
		return yamlload_file(arena, d, path);
	size_t len;
	char *src = fsutil_read(arena, d, path, &len);
	if (src == NULL)
		return NULL;
	if (ends_with(path, ".json"))
		return jsonload_string(arena, d, path, src, len, 1);
	return csvload_string(arena, d, path, src, len);
}

/* The map at data.a.b for "a/b/" in tree, created on the way. */
static struct value *
data_folder(struct arena *arena, struct diag *d, struct value *tree, const struct datafiles_file *f)
{
	struct value *m = tree;
	for (const char *p = f->dir; *p;) {
		const char *slash = strchr(p, '/');
		size_t n = (size_t)(slash - p);
		struct value *next = value_get(m, p, n);
		if (next == NULL) {
			next = value_map(arena, diag_file(f->src));
			value_map_put(arena, m, arena_strndup(arena, p, n), next);
		} else if (next->kind != VALUE_MAP || next->pos.line != 0) {
			diag_error(d, diag_file(f->src), "data folder '%.*s' clashes with %s",
			           (int)n, p, next->pos.path);
			return NULL;
		}
		m = next;
		p = slash + 1;
	}
	return m;
}

/* Puts f into tree; a language's own file replaces the default one. */
static int
put_data(struct arena *arena, struct diag *d, struct value *tree, const struct datafiles_file *f,
         bool replace)
{
	struct value *folder = data_folder(arena, d, tree, f);
	if (folder == NULL)
		return -1;
	struct value *prev = value_cget(folder, f->stem);
	if (prev != NULL && !replace) {
		diag_error(d, diag_file(f->src), "data '%s' is also defined by %s", f->stem,
		           prev->pos.path ? prev->pos.path : "a folder");
		return -1;
	}
	value_map_set(arena, folder, f->stem, f->val);
	return 0;
}

struct value *
datafiles_tree(struct arena *arena, struct diag *d, const char *root,
               const struct datafiles_file *files, size_t n, int lang)
{
	struct value *tree = value_map(arena, diag_file(root));
	int status = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			const struct datafiles_file *f = &files[i];
			if (pass == 0 ? f->lang == 0 : (lang > 0 && f->lang == lang))
				status |= put_data(arena, d, tree, f, pass == 1);
		}
	}
	return status == 0 ? tree : NULL;
}
