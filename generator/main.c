/*
 * brief: a static briefing-site generator.
 * main only parses options and dispatches to a command.
 * Exit status: 0 success, 1 content or template errors, 2 usage errors.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fsutil.h"
#include "init.h"
#include "interrupt.h"
#include "linkcheck.h"
#include "markdown.h"
#include "outlock.h"
#include "outpath.h"
#include "serve.h"
#include "site.h"

#define BRIEF_VERSION "0.1.0"

enum { EXIT_OK = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2 };

static void
usage(FILE *out)
{
	fputs("Usage: brief COMMAND [OPTION]...\n"
	      "Build a static briefing site from Markdown, YAML and Mustache templates.\n"
	      "\n"
	      "Commands:\n"
	      "  build             build content/ through templates/ into output/\n"
	      "  init DIR          write a small starter site into DIR\n"
	      "  check [DIR]       check every link of a built site (default: output)\n"
	      "  serve             build into memory, serve over HTTP, rebuild on change\n"
	      "\n"
	      "Options for build:\n"
	      "  -c, --content DIR     read content from DIR (default: content)\n"
	      "  -t, --templates DIR   read templates from DIR (default: templates)\n"
	      "  -o, --output DIR      write the site to DIR (default: output)\n"
	      "  -D, --drafts          include pages marked draft: true\n"
	      "  -j, --jobs N          render on N threads (default: one per CPU)\n"
	      "      --force           replace an output folder brief did not write\n"
	      "      --no-wait         fail at once if another build is writing the output\n"
	      "      --check           check every link of the new output before publishing it\n"
	      "      --no-check        do not (the default)\n"
	      "      --no-cache        neither read nor write the build cache (.brief-cache/)\n"
	      "      --strict          treat warnings as errors\n"
	      "      --max-errors N    print at most N errors (default: 20; 0: all)\n"
	      "  -q, --quiet           print nothing but diagnostics\n"
	      "  -v, --verbose         also print warnings counted and time by phase\n"
	      "\n"
	      "Options for serve (and -c, -t, -D, -j, --strict, --max-errors, -q):\n"
	      "      --port N          listen on port N (default: 8000; 0: any free port)\n"
	      "      --bind ADDRESS    listen on ADDRESS (default: 127.0.0.1)\n"
	      "\n"
	      "  -h, --help            show this help and exit\n"
	      "  -V, --version         show the version and exit\n"
	      "\n"
	      "Options for check: -j, --strict, --max-errors, -q as for build.\n"
	      "\n"
	      "Exit status: 0 on success, 1 on content or template errors, 2 on usage errors.\n",
	      out);
}

static int
usage_error(const char *fmt, const char *arg)
{
	fputs("brief: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'brief --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

struct cli {
	struct site_options site;
	bool quiet, verbose, strict;
	unsigned max_errors;
	bool force, no_wait;
	const char *bind;
	unsigned port;
};

/* The diag of build and check: sorted by place, so the messages are
 * printed when the command ends. Pair with diag_close(). */
static void
open_diag(const struct cli *cli, struct diag *d)
{
	diag_init(d, stderr);
	d->strict = cli->strict;
	d->sorted = true;
	d->max_errors = cli->max_errors;
}

enum { OPT_PORT = 256, OPT_BIND, OPT_NO_CACHE };

static int
run_serve(const struct cli *cli)
{
	struct serve_options o = {cli->site,   cli->bind,  cli->port,
	                          cli->strict, cli->quiet, cli->max_errors};
	return serve_run(&o);
}

static int
run_build(const struct cli *cli)
{
	const struct site_options *o = &cli->site;
	if (outpath_check(stderr, o->output_dir, o->content_dir, o->templates_dir, cli->force) != 0)
		return EXIT_USAGE;
	struct diag d;
	open_diag(cli, &d);
	markdown_init();
	struct site_stats stats;
	struct outlock lock;
	interrupt_catch();
	int rc = outlock_take(&d, o->output_dir, !cli->no_wait, &lock);
	if (rc == 0) {
		rc = site_build(o, &d, &stats);
		outlock_release(&lock);
	}
	if (rc != 0 && interrupt_pending()) { /* the writes it failed are no news */
		fprintf(stderr, "brief: interrupted; %s left unchanged\n", o->output_dir);
		diag_close(&d);
		interrupt_exit();
	}
	diag_print(&d);
	if (rc != 0 || d.errors > 0) {
		fprintf(stderr, "brief: build failed with %u error%s; %s left unchanged\n",
		        d.errors, d.errors == 1 ? "" : "s", cli->site.output_dir);
		diag_close(&d);
		return EXIT_ERRORS;
	}
	if (stats.uptodate) {
		if (!cli->quiet)
			printf("brief: nothing changed; %s is up to date%s\n", cli->site.output_dir,
			       d.warnings ? " (with warnings)" : "");
		if (cli->verbose)
			printf("brief: checked in %.0f ms\n", stats.seconds * 1000);
		diag_close(&d);
		return EXIT_OK;
	}
	if (!cli->quiet)
		printf("brief: wrote %zu page%s and copied %zu file%s to %s in %.0f ms%s\n",
		       stats.pages, stats.pages == 1 ? "" : "s", stats.files,
		       stats.files == 1 ? "" : "s", cli->site.output_dir, stats.seconds * 1000,
		       d.warnings ? " (with warnings)" : "");
	if (cli->verbose) {
		printf("brief: %u warning%s; time by phase:", d.warnings,
		       d.warnings == 1 ? "" : "s");
		for (int i = 0; i < SITE_PHASES; i++)
			printf(" %s %.1f ms", site_phase_names[i], stats.phase[i] * 1000);
		printf("; %zu streamed\n", stats.streamed);
		printf("brief: rendered %zu of %zu pages (Markdown of %zu)\n", stats.rendered,
		       stats.pages, stats.markdown);
	}
	diag_close(&d);
	interrupt_exit(); /* a signal that came too late to stop the build */
	return EXIT_OK;
}

static int
run_check(const struct cli *cli, const char *dir)
{
	if (!fsutil_is_dir(dir)) {
		fprintf(stderr, "brief: cannot check '%s': not a folder\n", dir);
		return EXIT_USAGE;
	}
	struct diag d;
	open_diag(cli, &d);
	struct arena *arena = arena_new();
	struct linkcheck_options o = {.dir = dir, .jobs = cli->site.jobs};
	struct linkcheck_report r;
	int rc = linkcheck_site(arena, &d, &o, &r);
	diag_print(&d);
	if (!cli->quiet) {
		linkcheck_print_hosts(stdout, &r);
		printf("brief: checked %zu page%s and %zu link%s in %s: %zu broken%s\n", r.pages,
		       r.pages == 1 ? "" : "s", r.links, r.links == 1 ? "" : "s", dir, r.broken,
		       d.warnings ? " (with warnings)" : "");
	}
	arena_free(arena);
	diag_close(&d);
	return rc != 0 ? EXIT_ERRORS : EXIT_OK;
}

static int
run_init(const char *dir)
{
	struct diag d;
	diag_init(&d, stderr);
	int rc = init_site(&d, dir);
	diag_print(&d);
	diag_close(&d);
	if (rc != 0)
		return EXIT_ERRORS;
	printf("brief: wrote a starter site to %s; build it with:\n"
	       "  cd %s && brief build\n",
	       dir, dir);
	return EXIT_OK;
}

/* A whole number from min to max, or -1. */
static int
parse_count(const char *arg, long min, long max, unsigned *out)
{
	char *end;
	errno = 0;
	long n = strtol(arg, &end, 10);
	if (errno != 0 || *end != '\0' || end == arg || n < min || n > max)
		return -1;
	*out = (unsigned)n;
	return 0;
}

static const struct option longopts[] = {
    {"content", required_argument, NULL, 'c'},
    {"templates", required_argument, NULL, 't'},
    {"output", required_argument, NULL, 'o'},
    {"drafts", no_argument, NULL, 'D'},
    {"jobs", required_argument, NULL, 'j'},
    {"strict", no_argument, NULL, 'S'},
    {"max-errors", required_argument, NULL, 'E'},
    {"force", no_argument, NULL, 'F'},
    {"no-wait", no_argument, NULL, 'W'},
    {"check", no_argument, NULL, 'K'},
    {"no-check", no_argument, NULL, 'N'},
    {"no-cache", no_argument, NULL, OPT_NO_CACHE},
    {"port", required_argument, NULL, OPT_PORT},
    {"bind", required_argument, NULL, OPT_BIND},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* Reads options into cli; returns -1 to go on, or the exit status. */
static int
parse_options(int argc, char **argv, const char *shortopts, struct cli *cli)
{
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'c': cli->site.content_dir = optarg; break;
		case 't': cli->site.templates_dir = optarg; break;
		case 'o': cli->site.output_dir = optarg; break;
		case 'D': cli->site.drafts = true; break;
		case 'j':
			if (parse_count(optarg, 1, 1024, &cli->site.jobs) != 0)
				return usage_error("invalid number of jobs '%s' (use 1 to 1024)",
				                   optarg);
			break;
		case 'S': cli->strict = true; break;
		case 'E':
			if (parse_count(optarg, 0, 1000000, &cli->max_errors) != 0)
				return usage_error("invalid --max-errors '%s' (use 0 to 1000000)",
				                   optarg);
			break;
		case 'F': cli->force = true; break;
		case 'W': cli->no_wait = true; break;
		case 'K': cli->site.check = true; break;
		case 'N': cli->site.check = false; break;
		case OPT_NO_CACHE: cli->site.no_cache = true; break;
		case OPT_PORT:
			if (parse_count(optarg, 0, 65535, &cli->port) != 0)
				return usage_error("invalid port '%s' (use 0 to 65535)", optarg);
			break;
		case OPT_BIND: cli->bind = optarg; break;
		case 'q': cli->quiet = true; break;
		case 'v': cli->verbose = cli->site.verbose = true; break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("brief %s\n", BRIEF_VERSION); return EXIT_OK;
		case ':': return usage_error("option '%s' requires an argument", argv[optind - 1]);
		default:
			if (optopt != 0)
				return usage_error("invalid option '-%s'",
				                   (char[]){(char)optopt, 0});
			return usage_error("unrecognized option '%s'", argv[optind - 1]);
		}
	}
	return -1;
}

int
main(int argc, char **argv)
{
	struct cli cli = {.site = {"content", "templates", "output", false, 0},
	                  .max_errors = 20,
	                  .bind = "127.0.0.1",
	                  .port = 8000};
	/* Options may come before the command ("+": stop at it) or after it. */
	int rc = parse_options(argc, argv, "+:c:t:o:Dj:qvhV", &cli);
	if (rc >= 0)
		return rc;
	if (optind >= argc)
		return usage_error("%s", "missing command (build, check, init or serve)");
	const char *command = argv[optind];
	argc -= optind;
	argv += optind;
	optind = 1;
	rc = parse_options(argc, argv, ":c:t:o:Dj:qvhV", &cli);
	if (rc >= 0)
		return rc;
	if (!strcmp(command, "build")) {
		if (optind < argc)
			return usage_error("unexpected argument '%s'", argv[optind]);
		return run_build(&cli);
	}
	if (!strcmp(command, "check")) {
		if (optind + 1 < argc)
			return usage_error("%s",
			                   "check takes one folder at most: brief check [DIR]");
		return run_check(&cli, optind < argc ? argv[optind] : cli.site.output_dir);
	}
	if (!strcmp(command, "init")) {
		if (optind + 1 != argc)
			return usage_error("%s", "init needs exactly one folder: brief init DIR");
		return run_init(argv[optind]);
	}
	if (!strcmp(command, "serve")) {
		if (optind < argc)
			return usage_error("unexpected argument '%s'", argv[optind]);
		return run_serve(&cli);
	}
	return usage_error("unknown command '%s' (use build, check, init or serve)", command);
}
