/* outdir, outpath, outlock: the staging swap, carrying entries over, the
 * manifest, keep:, where an output may go, and the lock. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "scratch.h"
#include "fsutil.h"
#include "outdir.h"
#include "outlock.h"
#include "outpath.h"
#include "yamlload.h"

static bool
exists(const char *rel)
{
	return access(at(rel), F_OK) == 0;
}

static const char *
read_back(const char *rel)
{
	size_t len;
	const char *text = fsutil_read(arena, &quiet, at(rel), &len);
	return text ? text : "(missing)";
}

TEST(staging_swaps_in_whole_or_not_at_all)
{
	const char *out = at("site");
	put("site/old.html", "old");
	struct outdir_stage stage;
	CHECK_INT(outdir_stage_begin(&quiet, out, NULL, &stage), 0);
	CHECK(strstr(stage.dir, "/.site.brief-") != NULL);
	fsutil_write(&quiet, arena_printf(arena, "%s/new.html", stage.dir), "new", 3);
	outdir_stage_abort(&quiet, &stage);
	CHECK(exists("site/old.html"));
	CHECK(!exists("site/new.html"));

	CHECK_INT(outdir_stage_begin(&quiet, out, NULL, &stage), 0);
	char *dir = arena_strdup(arena, stage.dir);
	fsutil_write(&quiet, arena_printf(arena, "%s/new.html", stage.dir), "new", 3);
	CHECK_INT(outdir_stage_commit(&quiet, &stage), 0);
	CHECK(!exists("site/old.html"));
	CHECK(exists("site/new.html"));
	CHECK(access(dir, F_OK) != 0);
	struct stat st;
	CHECK(stat(out, &st) == 0 && (st.st_mode & 0005) == 0005);
}

TEST(staging_creates_a_missing_output)
{
	struct outdir_stage stage;
	CHECK_INT(outdir_stage_begin(&quiet, at("fresh/"), NULL, &stage), 0);
	CHECK_INT(outdir_stage_commit(&quiet, &stage), 0);
	CHECK(fsutil_is_dir(at("fresh")));
}

TEST(stale_staging_folders_go_the_lock_stays)
{
	put(".stale.brief-AbCdEf/x", "x");
	put(".stale.brief-lock", "");
	put(".stale.x.brief-AbCdEf/x", "another output's");
	struct outdir_stage stage;
	CHECK_INT(outdir_stage_begin(&quiet, at("stale"), NULL, &stage), 0);
	CHECK(!exists(".stale.brief-AbCdEf"));
	CHECK(exists(".stale.brief-lock"));
	CHECK(exists(".stale.x.brief-AbCdEf/x"));
	outdir_stage_abort(&quiet, &stage);
}

/* The names at the top of folder rel, sorted, space-separated. */
static const char *
listing(const char *rel)
{
	struct buf seen = BUF_INIT;
	struct dirent **names;
	int n = scandir(at(rel), &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, ".."))
			buf_printf(&seen, "%s ", names[i]->d_name);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	const char *s = arena_strdup(arena, seen.ptr);
	buf_free(&seen);
	return s;
}

TEST(commit_carries_dot_entries_and_keep_entries_over)
{
	put("pub/.git/HEAD", "ref: gh-pages");
	put("pub/.nojekyll", "");
	put("pub/.brief-manifest", "brief-manifest 1\nold.html\n");
	put("pub/CNAME", "example.org");
	put("pub/old.html", "old");
	const char *names[] = {"CNAME"};
	struct outdir_keep keep = {names, NULL, 1};
	struct outdir_stage stage;
	CHECK_INT(outdir_stage_begin(&quiet, at("pub"), &keep, &stage), 0);
	fsutil_write(&quiet, arena_printf(arena, "%s/new.html", stage.dir), "new", 3);
	const char *paths[] = {"new.html"};
	CHECK_INT(outdir_stage_manifest(&quiet, &stage, paths, 1), 0);
	CHECK_INT(outdir_stage_commit(&quiet, &stage), 0);
	CHECK_STR(listing("pub"), ".brief-manifest .git .nojekyll CNAME new.html ");
	CHECK_STR(read_back("pub/.git/HEAD"), "ref: gh-pages");
	CHECK_STR(read_back("pub/CNAME"), "example.org");
	CHECK_STR(read_back("pub/.brief-manifest"), "brief-manifest 1\nnew.html\n");
}

TEST(a_failed_commit_moves_everything_back)
{
	put("back/.a/file", "a");
	put("back/.b", "b");
	put("back/page.html", "old");
	struct outdir_stage stage;
	CHECK_INT(outdir_stage_begin(&quiet, at("back"), NULL, &stage), 0);
	char *dir = arena_strdup(arena, stage.dir);
	/* The build wrote a .b itself: carrying .a works, .b must not
	 * replace it, and .a goes back. */
	fsutil_write(&quiet, arena_printf(arena, "%s/.b", stage.dir), "new", 3);
	CHECK_INT(outdir_stage_commit(&quiet, &stage), -1);
	CHECK_STR(listing("back"), ".a .b page.html ");
	CHECK_STR(read_back("back/.a/file"), "a");
	CHECK_STR(read_back("back/.b"), "b");
	CHECK(access(dir, F_OK) != 0);
	CHECK(stage.dir == NULL);
}

TEST(the_manifest_is_sorted_and_recognised)
{
	struct outdir_stage stage;
	CHECK_INT(outdir_stage_begin(&quiet, at("man"), NULL, &stage), 0);
	const char *paths[] = {"b/index.html", "a.css", "index.html", "B.txt"};
	CHECK_INT(outdir_stage_manifest(&quiet, &stage, paths, 4), 0);
	CHECK_STR(paths[0], "b/index.html");
	CHECK_INT(outdir_stage_commit(&quiet, &stage), 0);
	CHECK_STR(read_back("man/.brief-manifest"),
	          "brief-manifest 1\nB.txt\na.css\nb/index.html\nindex.html\n");
	CHECK(outdir_has_manifest(at("man")));
	put("m2/.brief-manifest", "brief-manifest 12\n");
	CHECK(outdir_has_manifest(at("m2")));
	put("m3/.brief-manifest", "brief-manifest\n");
	CHECK(!outdir_has_manifest(at("m3")));
	put("m4/.brief-manifest", "made by hand 1\n");
	CHECK(!outdir_has_manifest(at("m4")));
	put("m5/.brief-manifest/x", "a folder");
	CHECK(!outdir_has_manifest(at("m5")));
	CHECK(!outdir_has_manifest(at("nowhere")));
}

static char *text;
static size_t size;

/* keep: of the site.yaml yaml, with the build writing paths[0..n). */
static struct outdir_keep
keep_of(const char *yaml, const char *const *paths, size_t n)
{
	free(text);
	FILE *f = open_memstream(&text, &size);
	struct diag d;
	diag_init(&d, f);
	struct value *site = yamlload_string(arena, &d, "site.yaml", yaml, strlen(yaml), 1);
	struct outdir_keep keep;
	outdir_keep_load(arena, &d, site, &keep);
	outdir_keep_check(&d, &keep, paths, paths, n);
	fclose(f);
	diag_close(&d);
	return keep;
}

TEST(keep_is_a_list_of_plain_names)
{
	const char *paths[] = {"index.html", "CNAMES/index.html", "docs/index.html"};
	struct outdir_keep keep = keep_of("title: t\nkeep: [CNAME, robots.txt]\n", paths, 3);
	CHECK_INT(keep.len, 2);
	CHECK_STR(keep.names[1], "robots.txt");
	CHECK_STR(text, "");
	keep = keep_of("keep: CNAME\n", paths, 3);
	CHECK_STR(text, "site.yaml:1:7: error: 'keep' must be a list of names of entries at the "
	                "top of the output folder, such as [CNAME]\n");
	keep = keep_of("keep:\n  - a/b\n  - ..\n  - [x]\n  - ''\n  - .git\n  - docs\n", paths, 3);
	CHECK_INT(keep.len, 1); /* docs: a plain name, but the build's own */
	CHECK(contains(text, "site.yaml:2:5: error: keep: 'a/b' must be the plain name"));
	CHECK(contains(text, "site.yaml:3:5: error: keep: '..' must be the plain name"));
	CHECK(contains(text, "site.yaml:4:5: error: keep: each entry must be a name"));
	CHECK(contains(text, "site.yaml:5:5: error: keep: '' must be the plain name"));
	CHECK(contains(text, "site.yaml:6:5: warning: keep: '.git' needs no entry"));
	CHECK(contains(text, "site.yaml:7:5: error: keep: 'docs' is written by the build itself "
	                     "(docs/index.html, for docs/index.html)"));
	keep = keep_of("title: no keep\n", paths, 3);
	CHECK_INT(keep.len, 0);
	CHECK_STR(text, "");
}

/* outpath_check run in top/tree with content/ and templates/ there. */
static int
check_path(const char *output, const char *content, bool force)
{
	free(text);
	FILE *f = open_memstream(&text, &size);
	int rc = outpath_check(f, output, content, "templates", force);
	fclose(f);
	return rc;
}

TEST(outputs_that_would_destroy_sources_are_refused)
{
	put("tree/content/site.yaml", "title: t\n");
	put("tree/templates/page.mustache", "x");
	put("tree/notes.txt", "notes");
	char *cwd = getcwd(NULL, 0);
	CHECK_INT(chdir(at("tree")), 0);
	char *here = realpath(".", NULL);
	CHECK_INT(check_path("output", "content", false), 0);
	CHECK_INT(check_path("new/../out", "content", false), 0);
	CHECK_INT(check_path("content", "content", false), -1);
	CHECK_STR(text, "brief: output folder 'content' is the content folder 'content': choose "
	                "another -o\n");
	CHECK_INT(check_path("./content/", "content", false), -1);
	CHECK_INT(check_path("new/../content", "content", false), -1);
	CHECK_INT(check_path("content/a/b", "content", false), -1);
	CHECK(contains(text, "'content/a/b' lies inside the content folder 'content'"));
	CHECK_INT(check_path("templates", "content", false), -1);
	CHECK(contains(text, "'templates' is the templates folder 'templates'"));
	CHECK_INT(check_path(".", "content", false), -1);
	CHECK(contains(text, arena_printf(arena, "'.' is the current folder '%s'", here)));
	CHECK_INT(check_path("..", "content", false), -1);
	CHECK(contains(text, arena_printf(arena, "'..' contains the current folder '%s'", here)));
	CHECK_INT(check_path(at("x"), at("x/site/content"), false), -1);
	CHECK(contains(text, "contains the content folder"));
	CHECK_INT(check_path("notes.txt", "content", false), -1);
	CHECK_STR(text, "brief: 'notes.txt' is a file, not a folder: choose another -o\n");
	symlink("content", "link");
	CHECK_INT(check_path("link", "content", false), -1);
	CHECK_INT(chdir(cwd), 0);
	free(cwd);
	free(here);
}

TEST(only_an_output_of_brief_is_replaced)
{
	put("own/.brief-manifest", "brief-manifest 1\n");
	put("own/page.html", "x");
	put("dots/.git/HEAD", "x");
	put("theirs/report.pdf", "x");
	mkdir(at("empty"), 0777);
	CHECK_INT(check_path(at("own"), "content", false), 0);
	CHECK_INT(check_path(at("dots"), "content", false), 0);
	CHECK_INT(check_path(at("empty"), "content", false), 0);
	CHECK_INT(check_path(at("theirs"), "content", false), -1);
	CHECK(contains(text, "is not empty and holds no .brief-manifest, so brief did not write "
	                     "it: use --force to replace it anyway, or choose another -o"));
	CHECK_INT(check_path(at("theirs"), "content", true), 0);
}

TEST(the_lock_is_exclusive_and_stays)
{
	struct outlock a, b;
	CHECK_INT(outlock_take(&quiet, at("locked"), true, &a), 0);
	CHECK_STR(a.path, at(".locked.brief-lock"));
	CHECK_INT(outlock_take(&quiet, at("locked"), false, &b), -1);
	CHECK_INT(b.fd, -1);
	outlock_release(&a);
	CHECK(exists(".locked.brief-lock"));
	CHECK_INT(outlock_take(&quiet, at("locked"), false, &b), 0);
	outlock_release(&b);
	outlock_release(&b);
}

int
main(void)
{
	if (scratch_open() != 0)
		return 1;
	RUN(staging_swaps_in_whole_or_not_at_all);
	RUN(staging_creates_a_missing_output);
	RUN(stale_staging_folders_go_the_lock_stays);
	RUN(commit_carries_dot_entries_and_keep_entries_over);
	RUN(a_failed_commit_moves_everything_back);
	RUN(the_manifest_is_sorted_and_recognised);
	RUN(keep_is_a_list_of_plain_names);
	RUN(outputs_that_would_destroy_sources_are_refused);
	RUN(only_an_output_of_brief_is_replaced);
	RUN(the_lock_is_exclusive_and_stays);
	scratch_close();
	free(text);
	return check_summary();
}
