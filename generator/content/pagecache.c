#include "pagecache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fsutil.h"
#include "hash.h"
#include "scan.h"
#include "strmap.h"

struct slot {
	char *path; /* heap; the map borrows it */
	bool full;
	struct page_file f;
	struct stat st;
	size_t gen; /* the arena holding f's values */
};

struct gen {
	struct arena *arena;
	size_t live; /* entries in it */
};

struct pagecache {
	struct strmap by_path;
	struct slot *slots;
	size_t nslots, slots_cap;
	struct gen *gens;
	size_t ngens, gens_cap;
};

/* Room for one more of items[len]; aborts on overflow, as xrealloc does. */
static void *
grow(void *items, size_t len, size_t *cap, size_t elem)
{
	if (len < *cap)
		return items;
	if (*cap > SIZE_MAX / 2 / elem)
		abort();
	*cap = *cap ? *cap * 2 : 16;
	return xrealloc(items, *cap * elem);
}

struct pagecache *
pagecache_new(void)
{
	return xcalloc(1, sizeof(struct pagecache));
}

static void
empty(struct pagecache *pc, struct slot *sl)
{
	if (!sl->full)
		return;
	sl->full = false;
	free(sl->f.src);
	sl->f.src = NULL;
	pc->gens[sl->gen].live--;
}

void
pagecache_free(struct pagecache *pc)
{
	if (pc == NULL)
		return;
	for (size_t i = 0; i < pc->nslots; i++) {
		empty(pc, &pc->slots[i]);
		free(pc->slots[i].path);
	}
	for (size_t g = 0; g < pc->ngens; g++)
		arena_free(pc->gens[g].arena);
	free(pc->slots);
	free(pc->gens);
	strmap_free(&pc->by_path);
	free(pc);
}

void
pagecache_forget(struct pagecache *pc, const char *path)
{
	long i = strmap_cget(&pc->by_path, path);
	if (i >= 0)
		empty(pc, &pc->slots[i]);
	size_t len = strlen(path);
	for (size_t k = 0; k < pc->nslots; k++)
		if (!strncmp(pc->slots[k].path, path, len) && pc->slots[k].path[len] == '/')
			empty(pc, &pc->slots[k]);
}

static bool
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

bool
pagecache_take(struct pagecache *pc, struct page_file *f)
{
	long i = strmap_cget(&pc->by_path, f->full);
	if (i < 0 || !pc->slots[i].full)
		return false;
	struct slot *sl = &pc->slots[i];
	struct stat st;
	if (stat(f->full, &st) != 0 || !same_file(&st, &sl->st)) {
		empty(pc, sl);
		return false;
	}
	*f = sl->f;
	return true;
}

static size_t
gen_of(struct pagecache *pc, struct arena *arena)
{
	for (size_t g = pc->ngens; g-- > 0;)
		if (pc->gens[g].arena == arena)
			return g;
	pc->gens = grow(pc->gens, pc->ngens, &pc->gens_cap, sizeof(*pc->gens));
	pc->gens[pc->ngens] = (struct gen){arena, 0};
	return pc->ngens++;
}

void
pagecache_put(struct pagecache *pc, const struct page_file *f, struct arena *arena)
{
	struct stat st;
	if (stat(f->full, &st) != 0)
		return;
	long i = strmap_cget(&pc->by_path, f->full);
	if (i < 0) {
		pc->slots = grow(pc->slots, pc->nslots, &pc->slots_cap, sizeof(*pc->slots));
		i = (long)pc->nslots++;
		pc->slots[i] = (struct slot){.path = xstrdup(f->full)};
		strmap_add(&pc->by_path, pc->slots[i].path, strlen(f->full), i);
	}
	struct slot *sl = &pc->slots[i];
	empty(pc, sl);
	sl->full = true;
	sl->f = *f;
	sl->st = st;
	sl->gen = gen_of(pc, arena);
	pc->gens[sl->gen].live++;
}

void
pagecache_drop_sources(struct pagecache *pc)
{
	for (size_t i = 0; i < pc->nslots; i++) {
		struct slot *sl = &pc->slots[i];
		if (!sl->full)
			continue;
		free(sl->f.src);
		sl->f.src = NULL;
		sl->f.fm.yaml = NULL;
		sl->f.fm.body = NULL;
	}
}

int
pagecache_read_body(struct diag *d, struct page *p)
{
	size_t len;
	struct frontmatter fm;
	char *src = fsutil_read_heap(d, p->src, &len);
	if (src == NULL)
		return -1;
	if (frontmatter_split(d, p->src, src, len, &fm) != 0) {
		free(src);
		return -1;
	}
	p->source = src;
	p->source_cached = false;
	p->body = fm.body;
	p->body_len = fm.body_len;
	p->body_hash = hash_bytes(fm.body, fm.body_len, 0);
	return 0;
}

void
pagecache_adopt(struct pagecache *pc, struct arena *arena)
{
	gen_of(pc, arena);
}

void
pagecache_sweep(struct pagecache *pc)
{
	size_t kept = 0, *moved = xcalloc(pc->ngens + 1, sizeof(*moved));
	for (size_t g = 0; g < pc->ngens; g++) {
		if (pc->gens[g].live == 0) {
			arena_free(pc->gens[g].arena);
			continue;
		}
		moved[g] = kept;
		pc->gens[kept++] = pc->gens[g];
	}
	for (size_t i = 0; i < pc->nslots; i++)
		if (pc->slots[i].full)
			pc->slots[i].gen = moved[pc->slots[i].gen];
	pc->ngens = kept;
	free(moved);
}
