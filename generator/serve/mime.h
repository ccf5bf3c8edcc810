/*
 * mime: the Content-Type of a served file, from its name's extension.
 * Text types say charset=utf-8 (brief writes UTF-8); unknown extensions
 * are application/octet-stream, which browsers download, never run.
 */
#ifndef BRIEF_MIME_H
#define BRIEF_MIME_H

#include <stdbool.h>

/* A static string such as "text/html; charset=utf-8". */
const char *mime_type(const char *path);

/* True for text/html, the only type that gets the reload script. */
bool mime_is_html(const char *type);

#endif
