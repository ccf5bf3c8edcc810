/*
 * gentext: the random Markdown of the bench's synthetic sites. Every post
 * draws from its own splitmix64 state, so its text depends on its number
 * and nothing else.
 */
#include "gentext.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void
gentext_printf(struct gentext_buf *t, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			abort();
		if ((size_t)n < t->cap - t->len) {
			t->len += (size_t)n;
			return;
		}
		if (t->cap > ((size_t)-1) / 4 - (size_t)n)
			abort();
		t->cap = (t->cap + (size_t)n + 1) * 2;
		t->p = realloc(t->p, t->cap);
		if (t->p == NULL)
			abort();
	}
}

/* splitmix64: tiny, fast, and the same on every platform. */
uint64_t
gentext_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* A number in [lo, hi]; the modulo bias is irrelevant here. */
unsigned
gentext_range(uint64_t *s, unsigned lo, unsigned hi)
{
	return lo + (unsigned)(gentext_next(s) % (hi - lo + 1));
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const english[] = {
    "revenue",  "growth",       "partner",  "cloud",      "quarter",    "market",   "customer",
    "service",  "platform",     "contract", "region",     "forecast",   "margin",   "strategy",
    "program",  "investment",   "analyst",  "segment",    "demand",     "supply",   "pricing",
    "license",  "subscription", "channel",  "reseller",   "integrator", "capacity", "datacenter",
    "workload", "migration",    "security", "compliance", "budget",     "target",   "incentive",
    "report",   "estimate",     "result",   "annual",     "record",     "steady",   "strong",
    "modest",   "early",        "late",     "public",     "private",    "hybrid",   "global",
    "local",    "large",        "small",    "new",        "existing",   "several",  "many",
    "few",      "most",         "the",      "the",        "the",        "a",        "a",
    "of",       "of",           "of",       "in",         "in",         "to",       "to",
    "and",      "and",          "and",      "with",       "for",        "for",      "on",
    "by",       "from",         "as",       "at",         "that",       "this",     "its",
    "their",    "our",          "which",    "while",      "grew",       "fell",     "rose",
    "held",     "signed",       "closed",   "expanded",   "reported",   "expects",  "plans",
    "shows",    "drives",       "reaches",  "adds",       "keeps",      "moves",    "sells",
    "builds",   "year",         "month",    "week",       "team",       "office",   "product",
    "feature",  "release",      "update",   "version",    "model",      "engine",   "network",
    "storage",  "database",     "server",   "device",     "account",    "deal",     "order",
    "share",    "price",        "cost",     "rate",       "level",      "volume",
};

/* French with its accents: multi-byte UTF-8 in text, titles and headings. */
static const char *const french[] = {
    "réseau",     "données",   "sécurité", "déploiement", "serveur",  "requête", "fenêtre",
    "paramètre",  "clé",       "mémoire",  "répertoire",  "élément",  "dépôt",   "bibliothèque",
    "génération", "modèle",    "contrôle", "accès",       "système",  "été",     "année",
    "préférence", "intégré",   "complète", "première",    "dernière", "rapide",  "sûre",
    "chaîne",     "caractère", "équipe",   "début",       "résultat", "écran",   "tâche",
    "vérifie",    "crée",      "génère",   "reçoit",      "établit",  "conçu",   "à",
    "à",          "où",        "très",     "déjà",        "après",    "même",    "voilà",
    "le",         "le",        "la",       "la",          "les",      "les",     "de",
    "de",         "de",        "des",      "du",          "un",       "une",     "et",
    "et",         "en",        "pour",     "par",         "avec",     "sur",     "dans",
    "qui",        "que",       "ce",       "son",         "leur",     "notre",   "page",
    "site",       "fichier",   "lien",     "titre",       "contenu",  "version", "projet",
};

void
gentext_use_words(struct gentext_style *st, bool fr)
{
	st->words = fr ? french : english;
	st->nwords = fr ? COUNT(french) : COUNT(english);
}

const char *
gentext_word(const struct gentext_style *st, uint64_t *s)
{
	return st->words[gentext_next(s) % st->nwords];
}

void
gentext_words(struct gentext_buf *t, const struct gentext_style *st, uint64_t *s, unsigned n,
              bool cap)
{
	for (unsigned i = 0; i < n; i++) {
		const char *w = gentext_word(st, s);
		if (i == 0 && cap && w[0] >= 'a' && w[0] <= 'z')
			gentext_printf(t, "%c%s", w[0] - 'a' + 'A', w + 1);
		else
			gentext_printf(t, i ? " %s" : "%s", w);
	}
}

void
gentext_post_link(struct gentext_buf *t, const struct gentext_style *st, uint64_t *s,
                  const char *anchor)
{
	unsigned long j = (unsigned long)(gentext_next(s) % st->nposts);
	gentext_printf(t, "[");
	gentext_words(t, st, s, gentext_range(s, 2, 4), false);
	if (st->hugo)
		gentext_printf(t, "](../post-%06lu/%s)", j, anchor);
	else
		gentext_printf(t, "](post-%06lu.md%s)", j, anchor);
}

const char *const gentext_sections[5] = {"Overview", "Installation", "Configuration", "Examples",
                                         "Reference"};
const char *const gentext_section_ids[5] = {"#overview", "#installation", "#configuration",
                                            "#examples", "#reference"};

void
gentext_markup(struct gentext_buf *t, const struct gentext_style *st, uint64_t *s, unsigned kind)
{
	const char *mark[] = {"*", "**", NULL, "~~"};
	switch (kind) {
	case 0:
	case 1:
	case 3:
		gentext_printf(t, " %s", mark[kind]);
		gentext_words(t, st, s, kind == 3 ? 1 : 2, false);
		gentext_printf(t, "%s", mark[kind]);
		break;
	case 2: {
		const char *w = gentext_word(st, s);
		gentext_printf(t, " `%s_%u()`", w, gentext_range(s, 1, 99));
		break;
	}
	case 4:
		gentext_printf(t, " ");
		gentext_post_link(t, st, s, "");
		break;
	case 5: {
		const char *w = gentext_word(st, s);
		gentext_printf(t, " (see https://example.com/%s/%u)", w, gentext_range(s, 1, 9999));
		break;
	}
	case 6:
		gentext_printf(t, " [");
		gentext_words(t, st, s, gentext_range(s, 1, 3), false);
		gentext_printf(t, "](https://docs.example.com/v%u/%s.html)", gentext_range(s, 1, 9),
		               gentext_word(st, s));
		break;
	case 7:
		gentext_printf(t, " ");
		gentext_post_link(t, st, s, gentext_section_ids[gentext_next(s) % 5]);
		break;
	default: break;
	}
}

void
gentext_sentence(struct gentext_buf *t, const struct gentext_style *st, uint64_t *s,
                 unsigned markups)
{
	gentext_words(t, st, s, gentext_range(s, 4, 8), true);
	/* The bench mix: one draw in ten of each of the first six constructs. */
	unsigned kind = markups == 0 ? (unsigned)(gentext_next(s) % 10) : 8;
	if (kind < 6)
		gentext_markup(t, st, s, kind);
	for (unsigned i = 0; i < markups; i++) {
		if (i > 0) {
			gentext_printf(t, " ");
			gentext_words(t, st, s, gentext_range(s, 1, 3), false);
		}
		gentext_markup(t, st, s, (unsigned)(gentext_next(s) % 8));
	}
	gentext_printf(t, " ");
	gentext_words(t, st, s, gentext_range(s, 3, 8), false);
	gentext_printf(t, ".");
}

void
gentext_paragraph(struct gentext_buf *t, const struct gentext_style *st, uint64_t *s, unsigned lo,
                  unsigned hi, unsigned dense)
{
	unsigned n = gentext_range(s, lo, hi);
	for (unsigned i = 0; i < n; i++) {
		gentext_printf(t, i ? " " : "");
		gentext_sentence(t, st, s, dense);
	}
	gentext_printf(t, "\n\n");
}
