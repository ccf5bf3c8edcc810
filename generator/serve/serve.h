/*
 * serve: the `brief serve` command. Builds the site into memory, serves it
 * over HTTP, watches content/ and templates/, rebuilds after each burst
 * of changes and tells the open tabs (reload.h). A failed rebuild keeps
 * the last good site and shows its errors, on the terminal and on every
 * tab. Never writes to output/. SIGINT or SIGTERM stop it cleanly.
 */
#ifndef BRIEF_SERVE_H
#define BRIEF_SERVE_H

#include <stdbool.h>

#include "site.h"

struct serve_options {
	struct site_options site;
	const char *bind; /* numeric address; 127.0.0.1 by default */
	unsigned port;    /* 0: any free port */
	bool strict, quiet;
	unsigned max_errors;
};

/* Runs until stopped; returns the exit status: 0 after a signal, 1 when
 * serving could not start, 2 for a bad address. */
int serve_run(const struct serve_options *o);

#endif
