#include "sink.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "buf.h"
#include "fsutil.h"

void
sink_init_disk(struct sink *s, const char *output)
{
	*s = (struct sink){.kind = SINK_DISK, .output = output};
}

void
sink_init_memory(struct sink *s, struct memsite *site, const struct memsite *prev)
{
	*s = (struct sink){.kind = SINK_MEMORY, .site = site, .prev = prev};
	pthread_mutex_init(&s->lock, NULL);
}

void
sink_init_none(struct sink *s)
{
	*s = (struct sink){.kind = SINK_NONE};
}

void
sink_prepare(struct sink *s)
{
	if (s->kind != SINK_DISK || s->cache == NULL || !buildcache_has_folders(s->cache))
		return;
	struct diag quiet;
	diag_init_buffered(&quiet);
	/* Anything to say (a stale folder that would not go) is said by
	 * sink_begin(), in its place among the build's reports. */
	if (outdir_stage_begin(&quiet, s->output, NULL, &s->stage) == 0 && diag_reports(&quiet) > 0)
		outdir_stage_abort(&quiet, &s->stage);
	diag_close(&quiet);
	if (s->stage.dir != NULL)
		buildcache_ahead(s->cache, s->stage.dir);
}

int
sink_begin(struct sink *s, struct diag *d, const struct outdir_keep *keep)
{
	if (s->kind != SINK_DISK)
		return 0;
	if (s->stage.dir != NULL) {
		s->stage.keep = keep;
		return 0;
	}
	return outdir_stage_begin(d, s->output, keep, &s->stage);
}

bool
sink_staged(const struct sink *s)
{
	return s->kind == SINK_DISK && s->stage.dir != NULL;
}

static void
stage_path(const struct sink *s, const char *rel, struct buf *path)
{
	buf_printf(path, "%s/%s", s->stage.dir, rel);
}

/* Compressed outside the lock, so that render threads do it at once;
 * bytes the last site holds as they are stay shared with it. */
static void
put(struct sink *s, const char *rel, const char *bytes, size_t len)
{
	struct memsite_blob *b = memsite_pack(s->prev, rel, bytes, len);
	pthread_mutex_lock(&s->lock);
	memsite_store(s->site, rel, b);
	pthread_mutex_unlock(&s->lock);
}

int
sink_write(struct sink *s, struct diag *d, const char *rel, const char *bytes, size_t len)
{
	if (s->kind == SINK_MEMORY)
		put(s, rel, bytes, len);
	if (s->kind != SINK_DISK)
		return 0;
	struct buf path = BUF_INIT;
	stage_path(s, rel, &path);
	int status = fsutil_write(d, path.ptr, bytes, len);
	if (status == 0 && s->cache != NULL)
		buildcache_note(s->cache, rel, path.ptr, bytes, len);
	buf_free(&path);
	return status;
}

int
sink_copy(struct sink *s, struct diag *d, const char *rel, const char *src)
{
	if (s->kind == SINK_NONE)
		return 0;
	if (s->kind == SINK_MEMORY) {
		size_t len;
		char *bytes = fsutil_read_heap(d, src, &len);
		if (bytes == NULL)
			return -1;
		put(s, rel, bytes, len);
		free(bytes);
		return 0;
	}
	struct buf path = BUF_INIT;
	stage_path(s, rel, &path);
	/* The source's stat before the copy: a change during it shows. */
	struct stat st;
	bool noted = s->cache != NULL && stat(src, &st) == 0;
	int status = fsutil_copy(d, src, path.ptr);
	if (status == 0 && noted)
		buildcache_note_file(s->cache, rel, path.ptr, &st);
	buf_free(&path);
	return status;
}

bool
sink_keep(struct sink *s, const char *rel)
{
	if (s->kind == SINK_DISK && s->cache != NULL)
		return buildcache_keep(s->cache, rel, s->stage.dir);
	if (s->kind != SINK_MEMORY || s->prev == NULL)
		return false;
	pthread_mutex_lock(&s->lock);
	bool kept = memsite_share(s->site, s->prev, rel);
	pthread_mutex_unlock(&s->lock);
	return kept;
}

void
sink_tidy(struct sink *s)
{
	if (s->kind == SINK_DISK && s->cache != NULL) {
		buildcache_ahead_tidy(s->cache);
		buildcache_stat_dirs(s->cache, s->stage.dir);
	}
}

int
sink_commit(struct sink *s, struct diag *d, const char *const *paths, size_t n)
{
	if (s->kind != SINK_DISK)
		return 0;
	if (s->cache != NULL && buildcache_check(s->cache, d, s->stage.dir) != 0)
		return -1;
	if (s->cache != NULL)
		s->stage.trash = buildcache_trash(s->cache);
	if (outdir_stage_manifest(d, &s->stage, paths, n) != 0)
		return -1;
	return outdir_stage_commit(d, &s->stage);
}

void
sink_abort(struct sink *s, struct diag *d)
{
	if (s->kind == SINK_DISK && s->cache != NULL)
		buildcache_stop(s->cache); /* its threads work in the stage */
	if (s->kind == SINK_DISK)
		outdir_stage_abort(d, &s->stage);
	if (s->kind == SINK_MEMORY)
		pthread_mutex_destroy(&s->lock);
	s->kind = SINK_NONE;
}
