/*
 * cmarkmem: a cmark_mem for cmark-gfm that hands out memory from blocks
 * kept per thread. A page's thousands of small nodes and buffers then cost
 * a pointer bump each, their frees nothing, and the next page reuses the
 * same memory instead of faulting in new pages.
 *
 * cmark_mem's functions take no context, hence one allocator per thread.
 * A render takes a mark before it parses and rewinds to it when done:
 * everything cmark-gfm allocated since then is gone at once, so nothing it
 * made may be used after the rewind (copy the results out first). Marks
 * nest: an inner rewind keeps what the outer render holds.
 */
#ifndef BRIEF_CMARKMEM_H
#define BRIEF_CMARKMEM_H

#include <stddef.h>

#include <cmark-gfm.h>

/* Where the calling thread's allocator stands; pass to cmarkmem_rewind(). */
struct cmarkmem_mark {
	void *block;
	size_t used;
};

/* The allocator for cmark_parser_new_with_mem() and the *_with_mem calls.
 * Its memory is valid on the calling thread until the next rewind past it. */
cmark_mem *cmarkmem_get(void);

struct cmarkmem_mark cmarkmem_mark(void);

/* Releases everything allocated on this thread since m was taken. Blocks
 * are kept for the next page, up to a few; larger ones go back to libc. */
void cmarkmem_rewind(struct cmarkmem_mark m);

#endif
