/*
 * The last build's folders made in the new staging folder ahead of the
 * writes, on a thread, while the build scans on another core: a kept
 * page is then linked in one system call, and the writes no longer queue
 * on one parent folder's lock (100,000 posts' folders are all in
 * posts/). The same thread then checks each of the last build's pages'
 * output file against its record, which the plan would do otherwise.
 * After the last write, the folders that nothing went into are removed:
 * the staged tree is what a build without the cache writes, folder for
 * folder.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buildcache.h"
#include "buildcache_impl.h"
#include "interrupt.h"

/* The last build's folders, parents before children (uptodate.c). */
static void
make_dirs(struct buildcache *bc)
{
	const struct cachefile *old = &bc->old;
	for (size_t i = 0; i < old->ndirs && !interrupt_pending(); i++)
		if (mkdirat(bc->ahead_fd, old->dirs[i].rel, 0777) != 0 && errno != EEXIST)
			break; /* the writes make what they need, and say why they cannot */
}

/* Each page's last output file against its record (buildcache_plan()). */
static void
check_pages(struct buildcache *bc)
{
	const struct cachefile *old = &bc->old;
	int at = open(bc->output, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (at < 0)
		return;
	size_t i = 0;
	for (; i < old->npages && !interrupt_pending(); i++) {
		const struct cachefile_page *r = &old->pages[i];
		bc->page_ok[i] =
		    cachefile_as_recorded(at, r->url, &r->ost, r->out, &bc->page_now[i]);
	}
	close(at);
	bc->pages_checked = i == old->npages;
}

static void *
work_ahead(void *ctx)
{
	make_dirs(ctx);
	check_pages(ctx);
	return NULL;
}

bool
buildcache_has_folders(struct buildcache *bc)
{
	buildcache_loaded(bc);
	return bc->old.ndirs > 0;
}

void
buildcache_ahead(struct buildcache *bc, const char *stage)
{
	buildcache_loaded(bc);
	if (bc->old.ndirs == 0 || bc->ahead_fd >= 0)
		return;
	bc->ahead_fd = open(stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (bc->ahead_fd < 0)
		return;
	bc->page_now = xcalloc(bc->old.npages + 1, sizeof(*bc->page_now));
	bc->page_ok = xcalloc(bc->old.npages + 1, sizeof(*bc->page_ok));
	bc->ahead_running = pthread_create(&bc->ahead, NULL, work_ahead, bc) == 0;
	if (!bc->ahead_running) {
		close(bc->ahead_fd);
		bc->ahead_fd = -1;
	}
}

void
buildcache_stop(struct buildcache *bc)
{
	buildcache_dirs_taken(bc);
	if (!bc->ahead_running)
		return;
	if (pthread_join(bc->ahead, NULL) != 0)
		abort(); /* a joinable thread of ours: cannot fail */
	bc->ahead_running = false;
}

/* Removes rel's folders, the deepest first, up to the first that is not
 * empty: one that still holds anything is a folder the build wrote into. */
static void
remove_empty_parents(int at, const char *rel)
{
	char dir[PATH_MAX];
	size_t len = strlen(rel);
	if (len >= sizeof(dir))
		return;
	memcpy(dir, rel, len + 1);
	for (char *slash; (slash = strrchr(dir, '/')) != NULL;) {
		*slash = '\0';
		if (unlinkat(at, dir, AT_REMOVEDIR) != 0)
			return;
	}
}

void
buildcache_ahead_tidy(struct buildcache *bc)
{
	buildcache_stop(bc);
	if (bc->ahead_fd < 0)
		return;
	/* A folder made ahead is empty only when no file of the last build
	 * below it was written again, nor any new one. */
	const struct cachefile *old = &bc->old;
	for (size_t i = 0; i < old->npages + old->nfiles; i++) {
		const char *rel =
		    i < old->npages ? old->pages[i].url : old->files[i - old->npages].rel;
		if (strmap_cget(&bc->note_by_rel, rel) < 0)
			remove_empty_parents(bc->ahead_fd, rel);
	}
	close(bc->ahead_fd);
	bc->ahead_fd = -1;
}
