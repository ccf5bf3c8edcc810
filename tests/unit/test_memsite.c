/* memsite: files by path, replaced in place, shared between sites,
 * held compressed. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "hash.h"
#include "memsite.h"
#include "parallel.h"

/* True when m serves exactly data[0..len) at path. */
static bool
holds(const struct memsite *m, const char *path, const char *data, size_t len)
{
	const struct memsite_file *f = memsite_get(m, path);
	if (f == NULL || f->len != len)
		return false;
	struct buf b = BUF_INIT;
	memsite_read(f, &b);
	bool same = b.len == len && memcmp(b.ptr, data, len) == 0 && b.ptr[len] == '\0';
	buf_free(&b);
	return same;
}

/* A page of HTML near len bytes (heap, NUL-terminated): repetitive as
 * rendered pages are, yet every paragraph different. */
static char *
html_page(size_t len, unsigned seed)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<body>\n");
	for (unsigned i = 0; b.len < len; i++)
		buf_printf(&b,
		           "<p class=\"note\">Paragraph %u of page %u, <a href=\"../p%u/\">"
		           "see also</a>.</p>\n",
		           i, seed, (i * 7919u + seed) % 1000u);
	return buf_detach(&b);
}

/* Bytes no compressor shrinks: xorshift's. */
static char *
noise(size_t len)
{
	char *p = malloc(len);
	uint64_t x = 88172645463325252u;
	for (size_t i = 0; i < len; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		p[i] = (char)(x >> 32);
	}
	return p;
}

TEST(files_are_found_by_path)
{
	struct memsite *m = memsite_new();
	memsite_put(m, "index.html", "<p>home", 7);
	memsite_put(m, "a/index.html", "<p>a", 4);
	const struct memsite_file *f = memsite_get(m, "a/index.html");
	CHECK(f != NULL);
	if (f != NULL) {
		CHECK_INT(f->len, 4);
		CHECK(holds(m, "a/index.html", "<p>a", 4));
		CHECK_INT(strlen(f->etag), 18);
		CHECK(f->etag[0] == '"' && f->etag[17] == '"');
	}
	CHECK(memsite_get(m, "b/index.html") == NULL);
	CHECK_INT(memsite_count(m), 2);
	CHECK_STR(memsite_at(m, 0)->path, "index.html");
	CHECK(memsite_at(m, 2) == NULL);
	memsite_unref(m);
}

TEST(a_put_replaces_and_changes_the_etag)
{
	struct memsite *m = memsite_new();
	memsite_put(m, "x.css", "a{}", 3);
	char before[20];
	memcpy(before, memsite_get(m, "x.css")->etag, sizeof(before));
	memsite_put(m, "x.css", "b{}", 3);
	CHECK_INT(memsite_count(m), 1);
	CHECK(holds(m, "x.css", "b{}", 3));
	CHECK(strcmp(memsite_get(m, "x.css")->etag, before) != 0);
	memsite_put(m, "x.css", "a{}", 3);
	CHECK_STR(memsite_get(m, "x.css")->etag, before);
	memsite_unref(m);
}

/* A shared file outlives the site it came from (ASan checks the bytes). */
TEST(shared_files_outlive_their_first_site)
{
	struct memsite *old = memsite_new(), *now = memsite_new();
	memsite_put(old, "keep.html", "same", 4);
	memsite_put(old, "gone.html", "old", 3);
	CHECK(memsite_share(now, old, "keep.html"));
	CHECK(!memsite_share(now, old, "missing.html"));
	CHECK(memsite_get(now, "keep.html")->blob == memsite_get(old, "keep.html")->blob);
	memsite_unref(old);
	CHECK(holds(now, "keep.html", "same", 4));
	CHECK(memsite_get(now, "gone.html") == NULL);
	memsite_ref(now);
	memsite_unref(now);
	CHECK_INT(memsite_count(now), 1);
	memsite_unref(now);
}

TEST(a_copy_holds_every_file_and_changes_alone)
{
	struct memsite *a = memsite_new();
	for (int i = 0; i < 200; i++) {
		char path[32], data[32];
		snprintf(path, sizeof(path), "p%d/index.html", i);
		snprintf(data, sizeof(data), "page %d", i);
		memsite_put(a, path, data, strlen(data));
	}
	struct memsite *b = memsite_copy(a);
	CHECK_INT(memsite_count(b), 200);
	memsite_put(b, "p7/index.html", "new", 3);
	memsite_put(b, "extra.html", "x", 1);
	memsite_unref(a); /* b's shared files outlive it */
	CHECK(holds(b, "p7/index.html", "new", 3));
	CHECK(holds(b, "p199/index.html", "page 199", 8));
	CHECK(!strcmp(memsite_at(b, 3)->path, "p3/index.html"));
	CHECK_INT(memsite_count(b), 201);
	memsite_unref(b);
}

/* Every kind of file comes back as it went in; only what shrinks is
 * held compressed. */
TEST(files_come_back_byte_for_byte)
{
	struct memsite *m = memsite_new();
	char *page = html_page(100000, 1), *rand = noise(4096);
	size_t len = strlen(page);
	char small[200];
	memset(small, 'a', sizeof(small)); /* compressible, but under the threshold */
	memsite_put(m, "big.html", page, len);
	memsite_put(m, "a.png", rand, 4096);
	memsite_put(m, "empty.txt", "", 0);
	memsite_put(m, "small.css", small, sizeof(small));
	CHECK(holds(m, "big.html", page, len));
	CHECK(holds(m, "a.png", rand, 4096));
	CHECK(holds(m, "empty.txt", "", 0));
	CHECK(holds(m, "small.css", small, sizeof(small)));
	CHECK(memsite_get(m, "big.html")->raw == NULL);
	CHECK(memsite_get(m, "a.png")->raw != NULL);
	CHECK(memsite_get(m, "small.css")->raw != NULL);
	CHECK(memsite_get(m, "empty.txt")->raw != NULL);
	/* Appended to what out already holds. */
	struct buf b = BUF_INIT;
	buf_puts(&b, "x");
	memsite_read(memsite_get(m, "big.html"), &b);
	CHECK(b.len == len + 1 && b.ptr[0] == 'x' && !memcmp(b.ptr + 1, page, len));
	buf_free(&b);
	memsite_unref(m);
	free(page);
	free(rand);
}

/* A 100 KB page takes a fraction of its size; noise takes its own. */
TEST(html_is_held_in_fewer_bytes)
{
	struct memsite *m = memsite_new();
	char *page = html_page(100000, 2), *rand = noise(100000);
	memsite_put(m, "index.html", page, strlen(page));
	size_t held = memsite_bytes_held(m);
	CHECK(held > 0 && held < strlen(page) / 4);
	memsite_put(m, "a.bin", rand, 100000);
	CHECK_INT(memsite_bytes_held(m), held + 100000);
	memsite_unref(m);
	free(page);
	free(rand);
}

/* The ETag is of the bytes as served (FNV-1a, 8 bytes at a time, as in
 * memsite.c), never of what is held: a page held compressed and the
 * same page held raw would share it. */
static void
expected_etag(const char *data, size_t len, char out[20])
{
	snprintf(out, 20, "\"%016llx\"", (unsigned long long)hash_bytes(data, len, 0));
}

TEST(the_etag_is_of_the_bytes_served)
{
	struct memsite *m = memsite_new();
	char *page = html_page(20000, 3), *other = html_page(20000, 4);
	char want[20];
	memsite_put(m, "p.html", page, strlen(page));
	memsite_put(m, "q.html", other, strlen(other));
	CHECK(memsite_get(m, "p.html")->raw == NULL);
	expected_etag(page, strlen(page), want);
	CHECK_STR(memsite_get(m, "p.html")->etag, want);
	CHECK(strcmp(memsite_get(m, "q.html")->etag, want) != 0);
	expected_etag("<p>a", 4, want);
	memsite_put(m, "a.html", "<p>a", 4);
	CHECK_STR(memsite_get(m, "a.html")->etag, want);
	memsite_unref(m);
	free(page);
	free(other);
}

/* Compressed files are shared as they are: a copy and a share hold the
 * same blob, which outlives the site it was stored in. */
TEST(compressed_files_are_shared_between_sites)
{
	struct memsite *a = memsite_new();
	char *p = html_page(50000, 5), *q = html_page(50000, 6);
	memsite_put(a, "p.html", p, strlen(p));
	memsite_put(a, "q.html", q, strlen(q));
	size_t held = memsite_bytes_held(a);
	struct memsite *b = memsite_copy(a), *c = memsite_new();
	CHECK(memsite_share(c, a, "q.html"));
	CHECK(memsite_get(b, "p.html")->blob == memsite_get(a, "p.html")->blob);
	CHECK(memsite_get(c, "q.html")->blob == memsite_get(a, "q.html")->blob);
	CHECK_INT(memsite_bytes_held(b), held);
	memsite_unref(a);
	CHECK(holds(b, "p.html", p, strlen(p)));
	CHECK(holds(b, "q.html", q, strlen(q)));
	CHECK(holds(c, "q.html", q, strlen(q)));
	memsite_put(b, "p.html", q, strlen(q));
	CHECK(holds(b, "p.html", q, strlen(q)));
	CHECK_STR(memsite_get(b, "p.html")->etag, memsite_get(c, "q.html")->etag);
	memsite_unref(b);
	memsite_unref(c);
	free(p);
	free(q);
}

/* What the memory sink does: pages packed on several threads at once
 * (each with its own zstd contexts, freed as its thread ends), stored
 * under a lock. */
struct packing {
	struct memsite *m;
	pthread_mutex_t lock;
	char *pages[64];
};

static void
pack_some(void *ctx, unsigned worker, size_t begin, size_t end)
{
	struct packing *p = ctx;
	(void)worker;
	for (size_t i = begin; i < end; i++) {
		char path[32];
		snprintf(path, sizeof(path), "p%zu/index.html", i);
		struct memsite_blob *b = memsite_pack(NULL, path, p->pages[i], strlen(p->pages[i]));
		pthread_mutex_lock(&p->lock);
		memsite_store(p->m, path, b);
		pthread_mutex_unlock(&p->lock);
	}
}

TEST(pages_pack_on_many_threads)
{
	struct packing p = {.m = memsite_new()};
	pthread_mutex_init(&p.lock, NULL);
	size_t total = 0;
	for (unsigned i = 0; i < 64; i++) {
		p.pages[i] = html_page(3000 + 500 * i, i);
		total += strlen(p.pages[i]);
	}
	parallel_for(64, 4, pack_some, &p);
	CHECK_INT(memsite_count(p.m), 64);
	CHECK(memsite_bytes_held(p.m) < total / 2);
	for (unsigned i = 0; i < 64; i++) {
		char path[32];
		snprintf(path, sizeof(path), "p%u/index.html", i);
		CHECK(holds(p.m, path, p.pages[i], strlen(p.pages[i])));
		free(p.pages[i]);
	}
	pthread_mutex_destroy(&p.lock);
	memsite_unref(p.m);
}

/* A page that renders as before keeps the last site's blob: neither
 * compressed nor copied again. */
TEST(unchanged_bytes_share_the_last_sites_blob)
{
	struct memsite *last = memsite_new();
	char *page = html_page(30000, 7);
	size_t len = strlen(page);
	memsite_put(last, "p.html", page, len);
	memsite_put(last, "a.css", "a{}", 3);
	const struct memsite_blob *p = memsite_get(last, "p.html")->blob;
	struct memsite *next = memsite_new();
	memsite_store(next, "p.html", memsite_pack(last, "p.html", page, len));
	memsite_store(next, "a.css", memsite_pack(last, "a.css", "a{}", 3));
	CHECK(memsite_get(next, "p.html")->blob == p);
	CHECK(memsite_get(next, "a.css")->blob == memsite_get(last, "a.css")->blob);
	/* Not when a byte, the path or the last site differs. */
	page[len / 2] ^= 1;
	struct memsite_blob *b = memsite_pack(last, "p.html", page, len);
	CHECK(b != p);
	memsite_store(next, "q.html", b);
	page[len / 2] ^= 1;
	b = memsite_pack(last, "r.html", page, len);
	CHECK(b != p);
	memsite_store(next, "r.html", b);
	b = memsite_pack(NULL, "p.html", page, len);
	CHECK(b != p);
	memsite_store(next, "s.html", b);
	memsite_unref(last);
	CHECK(holds(next, "p.html", page, len));
	CHECK(holds(next, "r.html", page, len));
	CHECK(holds(next, "s.html", page, len));
	CHECK(holds(next, "a.css", "a{}", 3));
	memsite_unref(next);
	free(page);
}

int
main(void)
{
	RUN(files_are_found_by_path);
	RUN(a_put_replaces_and_changes_the_etag);
	RUN(shared_files_outlive_their_first_site);
	RUN(a_copy_holds_every_file_and_changes_alone);
	RUN(files_come_back_byte_for_byte);
	RUN(html_is_held_in_fewer_bytes);
	RUN(the_etag_is_of_the_bytes_served);
	RUN(compressed_files_are_shared_between_sites);
	RUN(pages_pack_on_many_threads);
	RUN(unchanged_bytes_share_the_last_sites_blob);
	return check_summary();
}
