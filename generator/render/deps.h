/*
 * deps: which pages a rebuild must render again, from what the last
 * successful rebuild rendered.
 *
 * Each page, known by its identity (its file in content/, or the URL of a
 * page the build makes), gets two fingerprints: what every page can see
 * of it (URL, title, front matter, date, weight, kind, layout, section,
 * neighbours, the pages it lists, translations), and its Markdown (the
 * cache key it rendered from). Every page renders again when a page
 * appeared or went, when any first fingerprint changed, or when a
 * Markdown changed and some template shows content, summary or toc
 * beyond page.PART (deps_plan() is told so). Otherwise a page renders
 * again when its own Markdown changed or its last render reported
 * anything. When in doubt, more.
 */
#ifndef BRIEF_DEPS_H
#define BRIEF_DEPS_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "content.h"

struct deps;

struct deps *deps_new(void);
void deps_free(struct deps *dp);

/* Forgets the last rebuild: the next plan renders every page. */
void deps_reset(struct deps *dp);

/*
 * The pages of c that may keep their last output: an array of c->npages
 * flags in arena, or NULL when every page renders. md_key[i] is the
 * Markdown cache key of page i, md_fresh[i] whether it rendered afresh;
 * md_shown: a template shows some page's Markdown beyond page.PART.
 */
bool *deps_plan(struct deps *dp, struct arena *arena, const struct content *c,
                const uint64_t *md_key, const bool *md_fresh, bool md_shown);

/* deps_plan() with each page's deps_seen() (and its deep flag) given:
 * seen and deeps (c->npages each), computed once for other uses too. */
bool *deps_plan_seen(struct deps *dp, struct arena *arena, const struct content *c,
                     const uint64_t *md_key, const bool *md_fresh, bool md_shown,
                     const uint64_t *seen, const bool *deeps);

/* Remembers this rebuild's pages; noisy[i]: page i's render reported
 * something (it will render again). Call after a successful rebuild. */
void deps_commit(struct deps *dp, const struct content *c, const uint64_t *md_key,
                 const bool *noisy);

/* What any page can see of page i of c (the first fingerprint); *deep
 * when it could not all be seen (the page then renders every time). */
uint64_t deps_seen(const struct content *c, size_t i, bool *deep);

/* Mixes value tree v into hash *h; *deep when it is too deep to mix all. */
void deps_hash_value(uint64_t *h, const struct value *v, bool *deep);

/* Page p's identity: its file, else "=" and its URL (a page the build
 * made); in arena when it is made. */
const char *deps_identity(struct arena *arena, const struct page *p);

/* Adds a page as a saved rebuild had it (buildcache.h): its identity
 * (copied), fingerprints and whether its render reported something. The
 * first of two entries with one identity stands. */
void deps_add(struct deps *dp, const char *id, uint64_t seen, uint64_t md, bool noisy);

/* Remembers that page file rel now renders from Markdown key md_key, as
 * a patched rebuild (site_cache.h) rendered it; the rest stands. */
void deps_set_markdown(struct deps *dp, const char *rel, uint64_t md_key);

#endif
