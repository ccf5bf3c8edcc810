/*
 * mdcache: rendered Markdown kept between the rebuilds of a session, so
 * that a template or site.yaml change never parses Markdown again.
 *
 * The key (mdcache_key()) hashes everything the HTML depends on but the
 * site around it: the body's bytes, the Markdown options of its language,
 * the page's path, folder, URL and first body line. What it depends on in
 * the site is checked when it is taken: every link it had must resolve to
 * the same URL again (its anchors are made afresh from that), and a page
 * that drew charts must see the same data. Only renders that reported
 * nothing are kept. Entries unused by the last rebuild go at the next
 * mdcache_sweep().
 */
#ifndef BRIEF_MDCACHE_H
#define BRIEF_MDCACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "content.h"
#include "links.h"
#include "markdown.h"

struct mdcache;

struct mdcache *mdcache_new(void);
void mdcache_free(struct mdcache *mc);

/* The key of page p's body rendered with opt (p->body_hash is set). */
uint64_t mdcache_key(const struct markdown_options *opt, const struct page *p);

/*
 * Fills *out with what key rendered to, when its links still resolve as
 * they did from `from` and, if it drew charts, data_gen is what it saw.
 * out's html, summary and toc belong to the cache (until the sweep after
 * the next rebuild); its anchors are made in arena. tmp is scratch.
 */
bool mdcache_get(struct mdcache *mc, uint64_t key, const struct links_page *from, uint64_t data_gen,
                 const char *path, struct arena *arena, struct markdown_page *out);

/*
 * Keeps a copy of md as what key renders to, having seen data_gen, and
 * returns it (anchors unset): the caller can drop its own. A render that
 * reported something (quiet false) is never taken again; its copy stays
 * until the sweep after the next rebuild.
 */
const struct markdown_page *mdcache_put(struct mdcache *mc, uint64_t key,
                                        const struct markdown_page *md, uint64_t data_gen,
                                        bool quiet);

/* Drops the entries that no mdcache_get() or mdcache_put() used since the
 * last sweep, when they are many; call between rebuilds. */
void mdcache_sweep(struct mdcache *mc);

#endif
