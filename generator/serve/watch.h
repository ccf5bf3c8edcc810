/*
 * watch: the content and template folders, watched with inotify.
 *
 * Every folder under each root is watched, and folders created, moved in,
 * moved out or removed later are followed. Each change to a file becomes
 * a path ("content/notes/a.md": the root joined with the path below it)
 * given to a debounce; a folder that comes or goes, or events the kernel
 * dropped (IN_Q_OVERFLOW), make the next rebuild a full one. Names
 * starting with "." are not reported: the build never reads them.
 *
 * Running out of inotify watches or instances is reported with the
 * sysctl to raise (fs.inotify.max_user_watches, max_user_instances).
 * Folders the build refuses (too deep, links leading out) are left to
 * the build's own messages.
 */
#ifndef BRIEF_WATCH_H
#define BRIEF_WATCH_H

#include <stddef.h>
#include <stdint.h>

#include "debounce.h"
#include "diag.h"

struct watch;

/* Watches roots[0..n). Returns NULL after reporting why to d; pair with
 * watch_close(). */
struct watch *watch_open(struct diag *d, const char *const *roots, size_t n);
void watch_close(struct watch *w);

/* The descriptor to poll for reading. */
int watch_fd(const struct watch *w);

/* Reads every event waiting, without blocking, into db at now. Returns
 * 0, or -1 when a new folder could not be watched (reported to d; the
 * rest stays watched). */
int watch_read(struct watch *w, struct diag *d, struct debounce *db, uint64_t now);

#endif
