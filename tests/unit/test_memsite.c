/* memsite: files by path, replaced in place, shared between sites. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "memsite.h"

TEST(files_are_found_by_path)
{
	struct memsite *m = memsite_new();
	memsite_put(m, "index.html", "<p>home", 7);
	memsite_put(m, "a/index.html", "<p>a", 4);
	const struct memsite_file *f = memsite_get(m, "a/index.html");
	CHECK(f != NULL);
	if (f != NULL) {
		CHECK_INT(f->len, 4);
		CHECK(memcmp(f->data, "<p>a", 4) == 0);
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
	CHECK(memcmp(memsite_get(m, "x.css")->data, "b{}", 3) == 0);
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
	CHECK(memsite_get(now, "keep.html")->data == memsite_get(old, "keep.html")->data);
	memsite_unref(old);
	CHECK(memcmp(memsite_get(now, "keep.html")->data, "same", 4) == 0);
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
	const struct memsite_file *f = memsite_get(b, "p7/index.html");
	CHECK(f != NULL && f->len == 3 && !memcmp(f->data, "new", 3));
	f = memsite_get(b, "p199/index.html");
	CHECK(f != NULL && f->len == 8 && !memcmp(f->data, "page 199", 8));
	CHECK(!strcmp(memsite_at(b, 3)->path, "p3/index.html"));
	CHECK_INT(memsite_count(b), 201);
	memsite_unref(b);
}

int
main(void)
{
	RUN(files_are_found_by_path);
	RUN(a_put_replaces_and_changes_the_etag);
	RUN(shared_files_outlive_their_first_site);
	RUN(a_copy_holds_every_file_and_changes_alone);
	return check_summary();
}
