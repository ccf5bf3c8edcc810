/*
 * site_stream: pages written as soon as their Markdown is rendered, so
 * that a build holds no page's HTML but those another file shows.
 *
 * When no template shows a page's content, summary or table of contents
 * beyond that page (site_markdown_shown()), the context values are made
 * before the Markdown phase, and each Markdown worker process renders a
 * page's template and writes its file into the staging folder right
 * after its Markdown, then lets its HTML go. Pages whose HTML a feed
 * shows are held and written afterwards as before. The Markdown and
 * template messages keep their order (the context's and the templates'
 * are held until their phase); a failed build drops the staging folder
 * as before. A session's build (a cache, a memory sink) never streams.
 */
#ifndef BRIEF_SITE_STREAM_H
#define BRIEF_SITE_STREAM_H

#include <stdbool.h>

#include "diag.h"
#include "sink.h"
#include "site.h"
#include "site_markdown.h"

struct build;

/* Before the Markdown phase: when b may stream, makes its context values
 * (their messages into later, buffered) and, when that reported nothing,
 * begins sink and sets b->streamed. Returns whether the context is made. */
bool site_stream_begin(struct build *b, struct sink *sink, struct diag *later);

/* Has the Markdown phase m write b's streamed pages. */
void site_stream_markdown(struct build *b, struct site_markdown *m);

/* After the Markdown phase and its link checks: reports what later holds,
 * gives the held pages their Markdown values and counts the others in
 * stats. */
void site_stream_end(struct build *b, struct diag *later, struct site_stats *stats);

#endif
