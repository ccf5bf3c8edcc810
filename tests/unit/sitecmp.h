/*
 * sitecmp: whether a memsite holds exactly the files of an output folder
 * (brief's manifest aside), byte for byte. Says what differs on stdout.
 * For the session tests; needs check.h's harness and an arena.
 */
#ifndef BRIEF_SITECMP_H
#define BRIEF_SITECMP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "fsutil.h"
#include "memsite.h"
#include "outdir.h"

/* The bytes of site's file at path as served, NUL-terminated (free()
 * them), or NULL when it has none. */
static char *
sitecmp_text(const struct memsite *site, const char *path, size_t *len)
{
	const struct memsite_file *f = memsite_get(site, path);
	if (f == NULL)
		return NULL;
	struct buf b = BUF_INIT;
	memsite_read(f, &b);
	*len = b.len;
	return buf_detach(&b);
}

struct sitecmp {
	const struct memsite *site;
	const char *dir;
	size_t files;
	int differences;
};

static void
sitecmp_visit(void *ctx, const char *rel, const char *full, bool is_dir)
{
	struct sitecmp *c = ctx;
	if (is_dir || !strcmp(rel, OUTDIR_MANIFEST))
		return;
	c->files++;
	size_t got;
	char *held = sitecmp_text(c->site, rel, &got);
	struct diag d;
	diag_init_buffered(&d);
	size_t len;
	char *bytes = fsutil_read_heap(&d, full, &len);
	diag_close(&d);
	if (held == NULL) {
		printf("    %s: in %s, not in memory\n", rel, c->dir);
		c->differences++;
	} else if (bytes == NULL || got != len || memcmp(held, bytes, len) != 0) {
		printf("    %s: differs from %s\n", rel, full);
		c->differences++;
	}
	free(held);
	free(bytes);
}

/* 0 when site has the files of dir and no other, else how many differ. */
static int
sitecmp_folder(struct arena *a, const struct memsite *site, const char *dir)
{
	struct sitecmp c = {site, dir, 0, 0};
	struct diag d;
	diag_init(&d, stdout);
	if (fsutil_walk(a, &d, dir, sitecmp_visit, &c) != 0)
		c.differences++;
	diag_close(&d);
	if (c.files != memsite_count(site)) {
		printf("    %zu files in %s, %zu in memory\n", c.files, dir, memsite_count(site));
		c.differences++;
	}
	return c.differences;
}

#endif
