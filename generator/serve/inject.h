/*
 * inject: the reload script in the HTML that `brief serve` sends.
 *
 * The memsite holds exactly what `brief build` writes; only the bytes
 * sent while serving get, just before the last </body> (or at the end),
 *
 *   <script src="/__brief/reload.js"></script>
 *
 * and, when a page's <meta http-equiv="Content-Security-Policy"> would
 * block that script or its EventSource, a policy that allows them: in
 * script-src (script-src-elem) and connect-src, 'none' becomes 'self'
 * and 'self' is added where missing; when such a directive is absent and
 * default-src lacks 'self', one is added with default-src's sources and
 * 'self'. Nothing else of the policy changes.
 */
#ifndef BRIEF_INJECT_H
#define BRIEF_INJECT_H

#include <stddef.h>

#include "buf.h"

#define INJECT_SCRIPT_PATH "/__brief/reload.js"

/* Appends html[0..len) to out with the script and the policy changes. */
void inject_reload(const char *html, size_t len, struct buf *out);

/* Appends the policy allowing the script to out (policy as text, not as
 * an HTML attribute). */
void inject_policy(const char *policy, size_t len, struct buf *out);

#endif
