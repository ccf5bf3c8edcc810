/*
 * cachefile: a build cache file reads back as written, and every
 * truncation and every flipped byte of it is refused whole (the reader
 * must take any bytes without reading past them: run it under ASan too).
 */
#include <stdlib.h>
#include <string.h>

#include "cachefile.h"
#include "check.h"
#include "hash.h"

static struct cachefile_anchor anchors[] = {{"b/index.html", "intro", 7, 3}};
static struct cachefile_page pages[] = {
    {"a.md", "a/index.html", 11, 12, CACHEFILE_NOISY, 13, {30, 31, 32, 33}, anchors, 1},
    {"=tags/index.html", "tags/index.html", 21, 22, 0, 23, {0, 0, 0, 0}, NULL, 0},
};
static struct cachefile_file files[] = {
    {"img/x.png", 100, 1700000000, 5, 42, 77, {100, 1700000001, 6, 43}}};
static struct cachefile_dir dirs[] = {{"a", {4096, 1, 2, 3}}};
static const char *keep[] = {"CNAME"};
static struct cachefile_report reports[] = {{2, 4, 5, "content/site.yaml", "note: x"},
                                            {3, 0, 0, NULL, "remark"}};
static const struct cachefile sample = {.key = 99,
                                        .stamp = 98,
                                        .sources = 97,
                                        .manifest = 96,
                                        .pages = pages,
                                        .npages = 2,
                                        .files = files,
                                        .nfiles = 1,
                                        .dirs = dirs,
                                        .ndirs = 1,
                                        .keep = keep,
                                        .nkeep = 1,
                                        .reports = reports,
                                        .nreports = 2};

TEST(what_is_written_reads_back)
{
	struct buf b = BUF_INIT;
	cachefile_encode(&sample, &b);
	struct arena *a = arena_new();
	struct cachefile cf;
	REQUIRE(cachefile_decode(b.ptr, b.len, a, &cf));
	CHECK(cf.key == 99);
	REQUIRE(cf.npages == 2 && cf.nfiles == 1);
	CHECK(!strcmp(cf.pages[0].id, "a.md") && !strcmp(cf.pages[0].url, "a/index.html"));
	CHECK(cf.pages[0].seen == 11 && cf.pages[0].md == 12 && cf.pages[0].out == 13);
	CHECK(cf.pages[0].flags == CACHEFILE_NOISY);
	REQUIRE(cf.pages[0].nanchors == 1);
	CHECK(!strcmp(cf.pages[0].anchors[0].id, "intro") && cf.pages[0].anchors[0].line == 7);
	CHECK(!strcmp(cf.pages[1].id, "=tags/index.html") && cf.pages[1].nanchors == 0);
	CHECK(!strcmp(cf.files[0].rel, "img/x.png") && cf.files[0].size == 100);
	CHECK(cf.files[0].mtime_ns == 5 && cf.files[0].ino == 42 && cf.files[0].out == 77);
	CHECK(cf.stamp == 98 && cf.sources == 97 && cf.manifest == 96);
	CHECK(cf.pages[0].ost.size == 30 && cf.pages[0].ost.ino == 33 && cf.pages[1].ost.ino == 0);
	CHECK(cf.files[0].ost.mtime_s == 1700000001 && cf.files[0].ost.ino == 43);
	REQUIRE(cf.ndirs == 1 && cf.nkeep == 1 && cf.nreports == 2);
	CHECK(!strcmp(cf.dirs[0].rel, "a") && cf.dirs[0].st.mtime_ns == 2);
	CHECK(!strcmp(cf.keep[0], "CNAME"));
	CHECK(!strcmp(cf.reports[0].path, "content/site.yaml") && cf.reports[0].col == 5);
	CHECK(cf.reports[1].path == NULL && !strcmp(cf.reports[1].text, "remark"));
	arena_free(a);
	buf_free(&b);
}

/* Each prefix in a buffer of its own size, so ASan sees any over-read. */
TEST(every_truncation_is_refused)
{
	struct buf b = BUF_INIT;
	cachefile_encode(&sample, &b);
	int accepted = 0;
	for (size_t len = 0; len < b.len; len++) {
		char *cut = malloc(len ? len : 1);
		memcpy(cut, b.ptr, len);
		struct arena *a = arena_new();
		struct cachefile cf;
		accepted += cachefile_decode(cut, len, a, &cf);
		CHECK(cf.npages == 0 && cf.nfiles == 0);
		arena_free(a);
		free(cut);
	}
	CHECK_INT(accepted, 0);
	buf_free(&b);
}

TEST(every_flipped_byte_is_refused)
{
	struct buf b = BUF_INIT;
	cachefile_encode(&sample, &b);
	int accepted = 0;
	for (size_t i = 0; i < b.len; i++) {
		for (int bit = 0; bit < 8; bit++) {
			b.ptr[i] ^= (char)(1 << bit);
			struct arena *a = arena_new();
			struct cachefile cf;
			accepted += cachefile_decode(b.ptr, b.len, a, &cf);
			arena_free(a);
			b.ptr[i] ^= (char)(1 << bit);
		}
	}
	CHECK_INT(accepted, 0);
	buf_free(&b);
}

/* A checksum that holds over lengths that lie: the lengths are still
 * checked against the bytes there. */
TEST(lengths_are_checked_even_under_a_good_checksum)
{
	struct buf b = BUF_INIT;
	cachefile_encode(&sample, &b);
	struct arena *a = arena_new();
	struct cachefile cf;
	uint64_t huge = UINT64_MAX / 2, sum;
	memcpy(b.ptr + 56, &huge, sizeof(huge)); /* the page count */
	sum = hash_bytes(b.ptr + 24, b.len - 24, 0);
	memcpy(b.ptr + 16, &sum, sizeof(sum));
	CHECK(!cachefile_decode(b.ptr, b.len, a, &cf));
	/* Another version is another format, whatever follows. */
	buf_clear(&b);
	cachefile_encode(&sample, &b);
	uint64_t version = CACHEFILE_VERSION + 1;
	memcpy(b.ptr + 8, &version, sizeof(version));
	CHECK(!cachefile_decode(b.ptr, b.len, a, &cf));
	arena_free(a);
	buf_free(&b);
}

TEST(the_hash_tells_one_byte_apart)
{
	char x[40] = {0}, y[40] = {0};
	y[39] = 1;
	CHECK(hash_bytes(x, 40, 0) != hash_bytes(y, 40, 0));
	CHECK(hash_bytes(x, 39, 0) != hash_bytes(x, 40, 0));
	y[39] = 0, y[3] = 1;
	CHECK(hash_bytes(x, 40, 0) != hash_bytes(y, 40, 0));
}

int
main(void)
{
	RUN(what_is_written_reads_back);
	RUN(every_truncation_is_refused);
	RUN(every_flipped_byte_is_refused);
	RUN(lengths_are_checked_even_under_a_good_checksum);
	RUN(the_hash_tells_one_byte_apart);
	return check_summary();
}
