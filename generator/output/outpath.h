/*
 * outpath: may a build write to this output folder?
 *
 * A build replaces its output folder as a whole, so a wrong -o would take
 * sources or someone else's files with it. outpath_check() refuses, before
 * anything is touched:
 *   - an output folder that is, contains or lies inside the content or
 *     templates folder, or that is or contains the working folder;
 *   - an output path naming something other than a folder;
 *   - an existing folder holding entries other than dot-entries but no
 *     manifest of brief's (outdir.h), unless force.
 * Paths are compared as real paths: links resolved in the part of each
 * that exists, "." and ".." applied by hand in the rest.
 */
#ifndef BRIEF_OUTPATH_H
#define BRIEF_OUTPATH_H

#include <stdbool.h>
#include <stdio.h>

/* Returns 0, or -1 after printing "brief: ..." and the way out to err. */
int outpath_check(FILE *err, const char *output, const char *content, const char *templates,
                  bool force);

#endif
