#include "site.h"

#include <stdlib.h>

#include "arena.h"
#include "sink.h"

struct site_session {
	struct site_options opt;
	struct memsite *last; /* the last site built, or NULL */
};

struct site_session *
site_session_new(const struct site_options *opt)
{
	struct site_session *s = xcalloc(1, sizeof(*s));
	s->opt = *opt;
	return s;
}

void
site_session_free(struct site_session *s)
{
	if (s == NULL)
		return;
	memsite_unref(s->last);
	free(s);
}

int
site_session_rebuild(struct site_session *s, struct diag *d, const char *const *changed, size_t n,
                     struct memsite **site, struct site_stats *stats)
{
	/* For now every rebuild is a full build, into memory. */
	(void)changed;
	(void)n;
	struct memsite *next = memsite_new();
	struct sink mem;
	sink_init_memory(&mem, next, s->last);
	int status = site_run(&s->opt, d, &mem, stats);
	sink_abort(&mem, d);
	if (status != 0) {
		memsite_unref(next);
		return -1;
	}
	memsite_unref(s->last);
	s->last = next;
	memsite_ref(next);
	*site = next;
	return 0;
}
