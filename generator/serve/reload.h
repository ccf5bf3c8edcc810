/*
 * reload: what keeps open tabs current while `brief serve` runs.
 *
 *   /__brief/reload.js   the script inject.h adds to every served page;
 *   /__brief/events      a Server-Sent Events stream, one per open tab:
 *     reload   the site changed: reload the page (the browser keeps the
 *              scroll position);
 *     css      only stylesheets changed (data: their paths, one a line):
 *              swap them in place, no reload;
 *     errors   the last rebuild failed (data: its diagnostic lines): show
 *              them over the page, which keeps the last good build;
 *     ok       a rebuild succeeded after a failure: remove the errors.
 *   A tab that connects while the last rebuild has failed gets its errors
 *   at once. Comments keep idle streams alive.
 *
 * A stream with nothing to send is suspended (libmicrohttpd in external
 * select mode would ask it again at once, forever) and resumed by the
 * next event; its bytes go out at the daemon's next run (httpd_run()),
 * which should come soon after.
 */
#ifndef BRIEF_RELOAD_H
#define BRIEF_RELOAD_H

#include <microhttpd.h>
#include <stdbool.h>

#include "memsite.h"

#define RELOAD_PREFIX "/__brief/"

struct reload;

struct reload *reload_new(void);
/* After httpd_stop(), which ends every stream. */
void reload_free(struct reload *r);

/* Answers a request for a path under RELOAD_PREFIX. */
enum MHD_Result reload_answer(struct reload *r, struct MHD_Connection *conn, const char *method,
                              const char *url);

/* Tells every tab what changed from old to now (old NULL: nothing yet):
 * css when only stylesheets did, else reload; nothing when no file did.
 * After a failure, ok comes first. */
void reload_changes(struct reload *r, const struct memsite *old, const struct memsite *now);

/* Shows text (diagnostic lines) on every tab, now and as they connect. */
void reload_errors(struct reload *r, const char *text);

/* A comment on every stream, so that idle ones are not timed out. */
void reload_ping(struct reload *r);

/* Ends every stream and resumes them, as httpd_stop() requires. */
void reload_close(struct reload *r);

#endif
