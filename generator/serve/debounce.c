#include "debounce.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

void
debounce_init(struct debounce *db, unsigned quiet_ms, unsigned max_ms)
{
	*db = (struct debounce){.quiet_ms = quiet_ms, .max_ms = max_ms};
}

static void
drop_paths(struct debounce *db)
{
	for (size_t i = 0; i < db->len; i++)
		free(db->paths[i]);
	db->len = 0;
}

void
debounce_free(struct debounce *db)
{
	drop_paths(db);
	free(db->paths);
	db->paths = NULL;
	db->cap = 0;
}

static bool
ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);
	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* vim checks that it may write in a folder by creating 4913, or the
 * first of 4913 + 123k that does not exist yet. */
static bool
vim_probe(const char *name)
{
	char *end;
	if (name[0] < '1' || name[0] > '9' || strlen(name) > 9)
		return false;
	long n = strtol(name, &end, 10);
	return *end == '\0' && n >= 4913 && (n - 4913) % 123 == 0;
}

bool
debounce_dropping(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	size_t len = strlen(name);
	if (len == 0)
		return false;
	if (name[len - 1] == '~')
		return true;
	if (name[0] == '.' && (ends_with(name, len, ".swp") || ends_with(name, len, ".swx") ||
	                       ends_with(name, len, ".swo")))
		return true;
	if (len >= 2 && name[0] == '#' && name[len - 1] == '#')
		return true;
	if (len >= 2 && name[0] == '.' && name[1] == '#')
		return true;
	return vim_probe(name);
}

static void
touch(struct debounce *db, uint64_t now)
{
	if (!db->pending)
		db->first = now;
	db->pending = true;
	db->last = now;
}

void
debounce_add(struct debounce *db, const char *path, uint64_t now)
{
	if (debounce_dropping(path))
		return;
	touch(db, now);
	for (size_t i = 0; i < db->len; i++)
		if (strcmp(db->paths[i], path) == 0)
			return;
	if (db->len == db->cap) {
		if (db->cap > SIZE_MAX / 2 / sizeof(*db->paths))
			abort();
		db->cap = db->cap ? db->cap * 2 : 16;
		db->paths = xrealloc(db->paths, db->cap * sizeof(*db->paths));
	}
	db->paths[db->len++] = xstrdup(path);
}

void
debounce_add_all(struct debounce *db, uint64_t now)
{
	touch(db, now);
	db->all = true;
}

long
debounce_wait(const struct debounce *db, uint64_t now)
{
	if (!db->pending)
		return -1;
	uint64_t due = db->last + db->quiet_ms;
	if (due > db->first + db->max_ms)
		due = db->first + db->max_ms;
	return due > now ? (long)(due - now) : 0;
}

static int
by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

long
debounce_take(struct debounce *db, uint64_t now, char ***paths)
{
	*paths = NULL;
	if (debounce_wait(db, now) != 0)
		return -1;
	long n = 0;
	if (db->all) {
		drop_paths(db);
	} else {
		qsort(db->paths, db->len, sizeof(*db->paths), by_text);
		*paths = xmalloc(db->len * sizeof(**paths));
		memcpy(*paths, db->paths, db->len * sizeof(**paths));
		n = (long)db->len;
		db->len = 0;
	}
	db->pending = db->all = false;
	return n;
}
