/*
 * floor: the least a generator can do with the bench's posts, to show how
 * close brief comes to the Markdown parser's own cost.
 *
 *   floor POSTS_DIR OUT_DIR
 *
 * For every *.md file of POSTS_DIR (not recursive): read it, skip the
 * front matter, render the body with cmark-gfm (the extensions and options
 * brief uses: table, strikethrough, autolink, tasklist, footnotes), and
 * write OUT_DIR/NAME.html. One thread, no templates, no link checks, no
 * sorting, no folder per page. Prints the number of pages written.
 * Exit status: 0 on success, 1 on an I/O error, 2 on a usage error.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

static const char *const extensions[] = {"table", "strikethrough", "autolink", "tasklist"};

/* Returns the body after a leading "---" ... "---" block, else all of s. */
static const char *
skip_front_matter(const char *s)
{
	if (strncmp(s, "---\n", 4) != 0)
		return s;
	const char *end = strstr(s + 3, "\n---\n");
	return end ? end + 5 : s;
}

/* Reads path into a NUL-terminated heap buffer; NULL with the error reported. */
static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	struct stat st;
	if (f == NULL || fstat(fileno(f), &st) != 0)
		goto fail;
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL)
		abort();
	*len = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f))
		goto fail;
	buf[*len] = '\0';
	fclose(f);
	return buf;
fail:
	fprintf(stderr, "floor: %s: %s\n", path, strerror(errno));
	if (f != NULL)
		fclose(f);
	free(buf);
	return NULL;
}

/* Renders one post into out_path; returns 0, or -1 with the error reported. */
static int
render_post(const char *in_path, const char *out_path)
{
	size_t len;
	char *src = read_file(in_path, &len);
	if (src == NULL)
		return -1;
	const char *body = skip_front_matter(src);
	int opts = CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8;
	cmark_parser *parser = cmark_parser_new(opts);
	for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++)
		cmark_parser_attach_syntax_extension(parser,
		                                     cmark_find_syntax_extension(extensions[i]));
	cmark_parser_feed(parser, body, len - (size_t)(body - src));
	cmark_node *doc = cmark_parser_finish(parser);
	char *html =
	    cmark_render_html(doc, CMARK_OPT_FOOTNOTES, cmark_parser_get_syntax_extensions(parser));
	cmark_node_free(doc);
	cmark_parser_free(parser);
	free(src);

	int rc = -1;
	size_t n = strlen(html);
	FILE *f = fopen(out_path, "w");
	if (f != NULL) {
		size_t w = fwrite(html, 1, n, f);
		if (fclose(f) == 0 && w == n)
			rc = 0;
	}
	if (rc != 0)
		fprintf(stderr, "floor: %s: %s\n", out_path, strerror(errno));
	free(html);
	return rc;
}

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: floor POSTS_DIR OUT_DIR\n", stderr);
		return 2;
	}
	cmark_gfm_core_extensions_ensure_registered();
	if (mkdir(argv[2], 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "floor: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	DIR *dir = opendir(argv[1]);
	if (dir == NULL) {
		fprintf(stderr, "floor: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	unsigned long pages = 0;
	int rc = 0;
	struct dirent *e;
	char in_path[4096], out_path[4096];
	while (rc == 0 && (e = readdir(dir)) != NULL) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.' || n < 4 || strcmp(e->d_name + n - 3, ".md") != 0)
			continue;
		/* The names are the bench's own, far below PATH_MAX. */
		snprintf(in_path, sizeof in_path, "%s/%s", argv[1], e->d_name);
		snprintf(out_path, sizeof out_path, "%s/%.*s.html", argv[2], (int)(n - 3),
		         e->d_name);
		rc = render_post(in_path, out_path);
		pages += rc == 0;
	}
	closedir(dir);
	if (rc != 0)
		return 1;
	printf("floor: wrote %lu pages to %s\n", pages, argv[2]);
	return 0;
}
