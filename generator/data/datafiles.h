/*
 * datafiles: the data files of content/ and the data tree they make.
 *
 *   facts.yaml, facts.yml   YAML (yamlload)
 *   stats.json              JSON (jsonload)
 *   stats.csv               CSV, a list of maps keyed by its header (csvload)
 *
 * people/team.yaml is data.people.team in templates. Each language sees
 * the default language's files, with its own (facts.fr.yaml) in their
 * place. JSON and CSV files are also copied to the output as they are,
 * for readers to download the data behind a table or a chart.
 */
#ifndef BRIEF_DATAFILES_H
#define BRIEF_DATAFILES_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "value.h"

/* A loaded data file, waiting until every language's tree is built. */
struct datafiles_file {
	int lang;         /* 0 for the default language's file */
	const char *src;  /* "content/people/team.yaml" */
	const char *dir;  /* "people/" */
	const char *stem; /* "team" */
	struct value *val;
};

/* True when the name rel ends like a data file's. */
bool datafiles_is_data(const char *rel);

/* True when the data file rel is also copied to the output (JSON, CSV). */
bool datafiles_is_download(const char *rel);

/* Loads the data file path by its extension. NULL after reporting. */
struct value *datafiles_load(struct arena *arena, struct diag *d, const char *path);

/*
 * The data tree language lang sees: the n files of language 0, then
 * lang's own in their place. root (content/) positions the folders' maps.
 * Returns NULL after reporting a name defined twice or a file whose name
 * clashes with a folder's.
 */
struct value *datafiles_tree(struct arena *arena, struct diag *d, const char *root,
                             const struct datafiles_file *files, size_t n, int lang);

#endif
