/*
 * interrupt: SIGINT and SIGTERM during a build.
 *
 * interrupt_catch() installs the handlers once, in main. Outside a guarded
 * stretch the signals end brief at once, as by default: there is nothing
 * to clean up. Between interrupt_guard(true) and interrupt_guard(false)
 * (while a staging folder exists) the handler only records the signal:
 * every write through fsutil fails from then on, so the build unwinds
 * through its ordinary error path, which removes the staging folder; main
 * then calls interrupt_exit(). A signal that comes once the new output
 * is being swapped in no longer stops the build: brief ends by it after
 * publishing. A second signal ends brief at once.
 * It also ignores SIGXFSZ, so that writing past a file size limit
 * (ulimit -f) fails with EFBIG like a full disk instead of killing brief
 * and leaving the staging folder behind.
 */
#ifndef BRIEF_INTERRUPT_H
#define BRIEF_INTERRUPT_H

#include <stdbool.h>

void interrupt_catch(void);
void interrupt_guard(bool on);

/* The signal recorded while guarded, or 0. */
int interrupt_pending(void);

/* Ends brief by the recorded signal (exit status 128 + its number in a
 * shell), as if its default action had run; returns when none was. */
void interrupt_exit(void);

#endif
