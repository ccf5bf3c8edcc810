/*
 * zpack: bytes held compressed in memory (zstd, level 1).
 *
 * What `brief serve` keeps of a site (memsite.h) is mostly HTML, which
 * zstd shrinks to a third or two fifths, page by page, at about 250 MB/s
 * a core, and expands at more than 1 GB/s: holding it compressed costs
 * microseconds a request and saves most of the memory. Each thread keeps
 * its own zstd contexts (freed when it ends; the main thread's live as
 * long as the process), so callers on many threads never wait for one
 * another and never pay for a context per call.
 */
#ifndef BRIEF_ZPACK_H
#define BRIEF_ZPACK_H

#include <stddef.h>

/* Below this many bytes a file is kept as it is: zstd's frame and the
 * decompression on every read cost more than the few bytes saved. */
#define ZPACK_MIN 256

/*
 * Compresses src[0..len) into dst, which has room for len bytes, and
 * returns the compressed size; or 0 when it is not worth it (len under
 * ZPACK_MIN, or not saving an eighth: images, fonts, archives), dst
 * then holding nothing useful. Any thread.
 */
size_t zpack_compress(const char *src, size_t len, char *dst);

/* Decompresses src[0..n), made by zpack_compress(), into dst, exactly
 * len bytes (the size before compression). Aborts on any other outcome:
 * the bytes never left memory, so that is a bug. Any thread. */
void zpack_expand(const char *src, size_t n, char *dst, size_t len);

#endif
