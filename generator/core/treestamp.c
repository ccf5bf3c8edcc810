#include "treestamp.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

enum { TREESTAMP_DEPTH = 64 };

static uint64_t
mix64(uint64_t h, uint64_t w)
{
	h = (h ^ w) * UINT64_C(0xbf58476d1ce4e5b9);
	return h ^ (h >> 31);
}

/* One entry's share: its path below the root (from byte root of path)
 * and stat, independent of the order the folder lists it in (the shares
 * are summed). */
static uint64_t
entry_hash(const struct buf *path, size_t root, const struct stat *st)
{
	uint64_t h = UINT64_C(0x9e3779b97f4a7c15);
	for (size_t i = root; i < path->len; i++)
		h = mix64(h, (unsigned char)path->ptr[i]);
	h = mix64(h, (uint64_t)(st->st_mode & S_IFMT));
	h = mix64(h, (uint64_t)st->st_size);
	h = mix64(h, (uint64_t)st->st_mtim.tv_sec);
	h = mix64(h, (uint64_t)st->st_mtim.tv_nsec);
	/* The ctime too: a write whose mtime was set back changes it. */
	h = mix64(h, (uint64_t)st->st_ctim.tv_sec);
	h = mix64(h, (uint64_t)st->st_ctim.tv_nsec);
	return mix64(h, (uint64_t)st->st_ino);
}

struct walk {
	int64_t now_s;
	uint64_t sum;
	struct buf path; /* the root, then the path below it */
	size_t root;     /* the root's length */
	treestamp_seen_fn *seen;
	void *ctx;
};

static bool walk_dir(struct walk *w, int fd, unsigned depth);

/* One entry of the folder fd, named name (w->path holds its path). */
static bool
walk_entry(struct walk *w, int fd, const char *name, unsigned depth)
{
	struct stat st;
	if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return false;
	if (S_ISREG(st.st_mode) && w->seen != NULL)
		w->seen(w->ctx, w->path.ptr, &st);
	if (S_ISLNK(st.st_mode) && (fstatat(fd, name, &st, 0) != 0 || S_ISDIR(st.st_mode)))
		return false; /* a broken link, or one to a folder: no stamp */
	if (S_ISDIR(st.st_mode)) {
		w->sum += entry_hash(&w->path, w->root, &(struct stat){.st_mode = S_IFDIR});
		int sub = openat(fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		return sub >= 0 && walk_dir(w, sub, depth + 1);
	}
	if ((int64_t)st.st_mtim.tv_sec + TREESTAMP_RACY_S >= w->now_s)
		return false;
	w->sum += entry_hash(&w->path, w->root, &st);
	return true;
}

/* Walks the folder fd (closed here); w->path holds its path. */
static bool
walk_dir(struct walk *w, int fd, unsigned depth)
{
	DIR *dir = depth < TREESTAMP_DEPTH ? fdopendir(fd) : NULL;
	if (dir == NULL) {
		close(fd);
		return false;
	}
	size_t base = w->path.len;
	bool ok = true;
	for (struct dirent *de; ok && (de = readdir(dir)) != NULL;) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		w->path.len = base;
		buf_printf(&w->path, "/%s", de->d_name);
		ok = walk_entry(w, dirfd(dir), de->d_name, depth);
	}
	w->path.len = base;
	w->path.ptr[base] = '\0';
	closedir(dir);
	return ok;
}

bool
treestamp_mix_seen(const char *dir, int64_t now_s, uint64_t *h, treestamp_seen_fn *seen, void *ctx)
{
	struct walk w = {now_s, 0, BUF_INIT, 0, seen, ctx};
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* Paths as fsutil_join() makes them: "dir/" gives "dir/name". */
	size_t n = strlen(dir);
	buf_put(&w.path, dir, n > 1 && dir[n - 1] == '/' ? n - 1 : n);
	w.root = w.path.len;
	bool ok = fd >= 0 && walk_dir(&w, fd, 0);
	buf_free(&w.path);
	*h = mix64(mix64(*h, w.sum), ok);
	return ok;
}

bool
treestamp_mix(const char *dir, int64_t now_s, uint64_t *h)
{
	return treestamp_mix_seen(dir, now_s, h, NULL, NULL);
}
