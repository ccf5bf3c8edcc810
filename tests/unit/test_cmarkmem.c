/* cmarkmem: the per-thread cmark_mem that markdown_render() parses and
 * renders with. Memory comes back after a rewind, nested marks keep the
 * outer render's memory, and the ASan build sees freed and rewound
 * memory as poisoned. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "check.h"
#include "cmarkmem.h"

#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#ifdef TEST_ASAN
#include <sanitizer/asan_interface.h>
#endif

TEST(rewind_hands_the_same_memory_back)
{
	cmark_mem *mem = cmarkmem_get();
	struct cmarkmem_mark m = cmarkmem_mark();
	char *a = mem->calloc(1, 100);
	memset(a, 'x', 100);
	cmarkmem_rewind(m);
	char *b = mem->calloc(1, 100);
	CHECK(a == b);
	/* calloc zeroes memory that a page before left dirty. */
	CHECK(b[0] == 0 && b[99] == 0);
	cmarkmem_rewind(m);
}

TEST(realloc_keeps_the_bytes)
{
	cmark_mem *mem = cmarkmem_get();
	struct cmarkmem_mark m = cmarkmem_mark();
	char *a = mem->realloc(NULL, 10);
	memcpy(a, "0123456789", 10);
	/* The latest allocation grows where it is. */
	char *b = mem->realloc(a, 1000);
	CHECK(b == a);
	CHECK(memcmp(b, "0123456789", 10) == 0);
	char *other = mem->calloc(1, 8);
	/* Not the latest one: moved, bytes copied. */
	char *c = mem->realloc(b, 2000);
	CHECK(c != b && c != other);
	CHECK(memcmp(c, "0123456789", 10) == 0);
	/* Larger than a block: a block of its own. */
	char *big = mem->realloc(c, 3 * 1024 * 1024);
	CHECK(memcmp(big, "0123456789", 10) == 0);
	big[3 * 1024 * 1024 - 1] = 'z';
	/* Freeing the latest allocation gives its room to the next. */
	char *d = mem->calloc(1, 32);
	mem->free(d);
	CHECK(mem->calloc(1, 32) == d);
	cmarkmem_rewind(m);
}

TEST(an_inner_rewind_keeps_the_outer_memory)
{
	cmark_mem *mem = cmarkmem_get();
	struct cmarkmem_mark outer = cmarkmem_mark();
	char *kept = mem->calloc(1, 64);
	strcpy(kept, "outer");
	struct cmarkmem_mark inner = cmarkmem_mark();
	char *first = NULL;
	for (int i = 0; i < 3; i++) {
		/* Enough to spill over a block, so the rewind crosses blocks. */
		for (int k = 0; k < 400; k++) {
			char *p = mem->calloc(1, 1000);
			if (k == 0 && first == NULL)
				first = p;
			CHECK(k != 0 || p == first);
		}
		cmarkmem_rewind(inner);
	}
	CHECK_STR(kept, "outer");
	cmarkmem_rewind(outer);
}

static char *
render(const char *md)
{
	cmark_parser *p = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, cmarkmem_get());
	cmark_parser_feed(p, md, strlen(md));
	cmark_node *doc = cmark_parser_finish(p);
	char *html = cmark_render_html_with_mem(doc, CMARK_OPT_DEFAULT, NULL, cmarkmem_get());
	return strdup(html);
}

TEST(pages_render_alike_page_after_page)
{
	const char *md = "# Title\n\nSome *text* with [a link](x.md).\n\n- one\n- two\n";
	char *want = NULL;
	for (int i = 0; i < 50; i++) {
		struct cmarkmem_mark m = cmarkmem_mark();
		char *html = render(md);
		cmarkmem_rewind(m);
		if (want == NULL)
			want = html;
		else {
			CHECK_STR(html, want);
			free(html);
		}
	}
	CHECK(contains(want, "<h1>Title</h1>"));
	free(want);
}

/* Each thread gets memory of its own; its blocks go when it ends (the
 * ASan build's leak check says so). Both hold theirs at once (the
 * barrier): a thread that ended first could give its block to the next. */
static pthread_barrier_t both;

static void *
thread_allocates(void *out)
{
	struct cmarkmem_mark m = cmarkmem_mark();
	char *p = cmarkmem_get()->calloc(1, 16);
	*(uintptr_t *)out = (uintptr_t)p;
	pthread_barrier_wait(&both);
	cmarkmem_rewind(m);
	return NULL;
}

TEST(threads_have_their_own_blocks)
{
	uintptr_t a = 0, b = 0;
	pthread_t ta, tb;
	REQUIRE(pthread_barrier_init(&both, NULL, 2) == 0);
	REQUIRE(pthread_create(&ta, NULL, thread_allocates, &a) == 0);
	REQUIRE(pthread_create(&tb, NULL, thread_allocates, &b) == 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	pthread_barrier_destroy(&both);
	CHECK(a != 0 && b != 0 && a != b);
}

#ifdef TEST_ASAN
TEST(freed_and_rewound_memory_is_poisoned)
{
	cmark_mem *mem = cmarkmem_get();
	struct cmarkmem_mark m = cmarkmem_mark();
	char *a = mem->calloc(1, 24);
	char *b = mem->calloc(1, 24);
	CHECK(!__asan_address_is_poisoned(a));
	/* Past the end: the padding and the next allocation's header. */
	CHECK(__asan_address_is_poisoned(a + 24));
	mem->free(a);
	CHECK(__asan_address_is_poisoned(a));
	CHECK(!__asan_address_is_poisoned(b));
	cmarkmem_rewind(m);
	CHECK(__asan_address_is_poisoned(b));
}
#endif

int
main(void)
{
	RUN(rewind_hands_the_same_memory_back);
	RUN(realloc_keeps_the_bytes);
	RUN(an_inner_rewind_keeps_the_outer_memory);
	RUN(pages_render_alike_page_after_page);
	RUN(threads_have_their_own_blocks);
#ifdef TEST_ASAN
	RUN(freed_and_rewound_memory_is_poisoned);
#endif
	return check_summary();
}
