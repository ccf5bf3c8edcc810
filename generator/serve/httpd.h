/*
 * httpd: the HTTP server of `brief serve`, libmicrohttpd in external
 * select mode: no threads of its own (the build forks Markdown workers,
 * and forking a process with threads is unsafe), run from serve's loop.
 *
 * It answers from the site it was last given (http.h decides, inject.h
 * adds the reload script to HTML), and passes RELOAD_PREFIX paths to
 * reload.h. Paths reach http.h still percent-encoded. Limits: at most
 * HTTPD_CONNECTIONS connections, each closed after HTTPD_TIMEOUT seconds
 * without traffic, and a request line with its headers within
 * HTTPD_REQUEST_BYTES (libmicrohttpd answers 414 or 431 beyond).
 */
#ifndef BRIEF_HTTPD_H
#define BRIEF_HTTPD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/select.h>

#include "memsite.h"
#include "reload.h"

#define HTTPD_CONNECTIONS 128
#define HTTPD_TIMEOUT 10
#define HTTPD_REQUEST_BYTES 16384

struct httpd;

/*
 * Listens on address (numeric IPv4 or IPv6) and port (0: any free one).
 * Returns NULL after printing why to stderr. Pair with httpd_stop().
 */
struct httpd *httpd_start(const char *address, unsigned port, struct reload *r);
void httpd_stop(struct httpd *h);

/* The port listened on, and the URL of the site ("http://[::1]:8000/"). */
unsigned httpd_port(const struct httpd *h);
const char *httpd_url(const struct httpd *h);

/* Serves m from now on (taking a reference; requests in flight keep the
 * site they started with). */
void httpd_set_site(struct httpd *h, struct memsite *m);

/* Adds the daemon's sockets to the sets (raising *max_fd) and returns
 * how many milliseconds it may wait at most (-1: no limit). */
long httpd_prepare(struct httpd *h, fd_set *rs, fd_set *ws, fd_set *es, int *max_fd);

/* Does the daemon's work for what select() reported. */
void httpd_run(struct httpd *h, fd_set *rs, fd_set *ws, fd_set *es);

/* 1 when address is a loopback address (127.0.0.0/8 or ::1), 0 when it
 * is another numeric IPv4 or IPv6 address, -1 when it is none. */
int httpd_loopback(const char *address);

#endif
