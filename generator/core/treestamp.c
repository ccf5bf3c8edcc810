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

/* One entry's share: its path and stat, independent of the order the
 * folder lists it in (the shares are summed). */
static uint64_t
entry_hash(const struct buf *rel, const struct stat *st)
{
	uint64_t h = UINT64_C(0x9e3779b97f4a7c15);
	for (size_t i = 0; i < rel->len; i++)
		h = mix64(h, (unsigned char)rel->ptr[i]);
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
	struct buf rel;
};

static bool walk_dir(struct walk *w, int fd, unsigned depth);

/* One entry of the folder fd, named name (w->rel holds its path). */
static bool
walk_entry(struct walk *w, int fd, const char *name, unsigned depth)
{
	struct stat st;
	if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return false;
	if (S_ISLNK(st.st_mode) && (fstatat(fd, name, &st, 0) != 0 || S_ISDIR(st.st_mode)))
		return false; /* a broken link, or one to a folder: no stamp */
	if (S_ISDIR(st.st_mode)) {
		w->sum += entry_hash(&w->rel, &(struct stat){.st_mode = S_IFDIR});
		int sub = openat(fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		return sub >= 0 && walk_dir(w, sub, depth + 1);
	}
	if ((int64_t)st.st_mtim.tv_sec + TREESTAMP_RACY_S >= w->now_s)
		return false;
	w->sum += entry_hash(&w->rel, &st);
	return true;
}

/* Walks the folder fd (closed here); w->rel holds its path. */
static bool
walk_dir(struct walk *w, int fd, unsigned depth)
{
	DIR *dir = depth < TREESTAMP_DEPTH ? fdopendir(fd) : NULL;
	if (dir == NULL) {
		close(fd);
		return false;
	}
	size_t base = w->rel.len;
	bool ok = true;
	for (struct dirent *de; ok && (de = readdir(dir)) != NULL;) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		w->rel.len = base;
		buf_printf(&w->rel, "/%s", de->d_name);
		ok = walk_entry(w, dirfd(dir), de->d_name, depth);
	}
	w->rel.len = base;
	w->rel.ptr[base] = '\0';
	closedir(dir);
	return ok;
}

bool
treestamp_mix(const char *dir, int64_t now_s, uint64_t *h)
{
	struct walk w = {now_s, 0, BUF_INIT};
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	buf_puts(&w.rel, "");
	bool ok = fd >= 0 && walk_dir(&w, fd, 0);
	buf_free(&w.rel);
	*h = mix64(mix64(*h, w.sum), ok);
	return ok;
}
