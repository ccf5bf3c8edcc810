/*
 * debounce: turns a burst of file events into one rebuild.
 *
 * Editors save in several steps (write a temporary file and rename it
 * over, delete then create, write a backup first), so the watcher reports
 * a burst of events for one save. A debounce collects the paths and says
 * a rebuild is due once no event came for quiet_ms, or max_ms after the
 * first event of a burst whatever follows. Editor droppings (backups,
 * swap files, lock files, vim's write probe) are dropped on the way in,
 * so a burst of only those never makes a rebuild due. Pure logic: the
 * caller passes the time, in milliseconds from any fixed start.
 */
#ifndef BRIEF_DEBOUNCE_H
#define BRIEF_DEBOUNCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct debounce {
	unsigned quiet_ms, max_ms;
	bool pending;         /* a burst has started */
	bool all;             /* something changed that paths cannot say */
	uint64_t first, last; /* times of the burst's first and last events */
	char **paths;         /* heap copies, each once */
	size_t len, cap;
};

void debounce_init(struct debounce *db, unsigned quiet_ms, unsigned max_ms);
void debounce_free(struct debounce *db);

/* True for the files editors leave beside the ones they edit: "x.md~",
 * ".x.md.swp" (also .swx, .swo), vim's probe "4913" (and its successors
 * 5036, 5159...), emacs's "#x.md#" and lock ".#x.md". Looks only at the
 * last component of path. */
bool debounce_dropping(const char *path);

/* Records that path changed at now; droppings are ignored. */
void debounce_add(struct debounce *db, const char *path, uint64_t now);

/* Records that anything may have changed (events were lost, a folder
 * came or went): the rebuild will be a full one. */
void debounce_add_all(struct debounce *db, uint64_t now);

/* Milliseconds until a rebuild is due (0: now), or -1 when nothing is
 * pending: the longest a main loop may sleep. */
long debounce_wait(const struct debounce *db, uint64_t now);

/*
 * When a rebuild is due at now, hands over the burst and starts afresh:
 * *paths gets the changed paths (sorted, each once; the caller frees each
 * and the array) and the return value is their count, with *paths NULL
 * and 0 returned for a full rebuild. Returns -1 when no rebuild is due.
 */
long debounce_take(struct debounce *db, uint64_t now, char ***paths);

#endif
