/*
 * capture: a diag whose messages the test reads back as one string.
 * capture_begin() opens it; capture_end() closes it and returns what was
 * printed (valid until the next capture_begin()); capture_free() at the
 * end of main().
 */
#ifndef BRIEF_CAPTURE_H
#define BRIEF_CAPTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "diag.h"

static struct diag capture_diag;
static FILE *capture_file;
static char *capture_text;
static size_t capture_size;

static inline struct diag *
capture_begin(void)
{
	free(capture_text);
	capture_text = NULL;
	capture_file = open_memstream(&capture_text, &capture_size);
	if (capture_file == NULL)
		abort();
	diag_init(&capture_diag, capture_file);
	return &capture_diag;
}

static inline const char *
capture_end(void)
{
	fclose(capture_file);
	diag_close(&capture_diag);
	return capture_text;
}

static inline void
capture_free(void)
{
	free(capture_text);
	capture_text = NULL;
}

#endif
