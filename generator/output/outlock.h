/*
 * outlock: one build at a time per output folder.
 *
 * The lock is an flock(2) on PARENT/.NAME.brief-lock beside the output
 * folder PARENT/NAME. The file is created when missing and never removed:
 * removing it while another process waits on it would let a third take a
 * new file's lock at the same time. The kernel drops the lock when its
 * holder exits, however it exits, so a killed build never leaves it held.
 * Whoever writes into the output (a build, later each rebuild of serve)
 * takes it first and keeps it through the swap.
 */
#ifndef BRIEF_OUTLOCK_H
#define BRIEF_OUTLOCK_H

#include <stdbool.h>

#include "diag.h"

/* What the lock file's name adds to ".NAME". */
#define OUTLOCK_SUFFIX ".brief-lock"

struct outlock {
	int fd;     /* -1 when not held */
	char *path; /* heap; the lock file */
};

/*
 * Takes the lock of output, creating its parent folder when missing. When
 * another process holds it: with wait, prints once to stderr that this
 * build waits, then blocks until it is free; without, reports an error
 * and returns -1. Returns 0 holding the lock: pair with outlock_release().
 */
int outlock_take(struct diag *d, const char *output, bool wait, struct outlock *lock);

/* Lets the next build in; safe on a lock that was not taken. */
void outlock_release(struct outlock *lock);

#endif
