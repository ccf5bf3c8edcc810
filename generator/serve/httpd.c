#include "httpd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "http.h"
#include "inject.h"
#include "linger.h"
#include "mime.h"

struct httpd {
	struct MHD_Daemon *daemon;
	struct reload *reload;
	struct memsite *site; /* never NULL: empty before the first good build */
	struct linger_set *linger;
	unsigned port;
	char url[80];
};

int
httpd_loopback(const char *address)
{
	unsigned char a[16];
	if (inet_pton(AF_INET, address, a) == 1)
		return a[0] == 127;
	if (inet_pton(AF_INET6, address, a) == 1)
		return memcmp(a, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16) == 0;
	return -1;
}

/* Leaves the path as sent: http.h decodes it, so that "%2f" and "%00"
 * can be told from "/" and the end of the path. */
static size_t
keep_escapes(void *cls, struct MHD_Connection *conn, char *s)
{
	(void)cls, (void)conn;
	return strlen(s);
}

static void
unref_site(void *site)
{
	memsite_unref(site);
}

static struct MHD_Response *
heap_response(struct buf *b)
{
	size_t len = b->len;
	return MHD_create_response_from_buffer_with_free_callback(len, buf_detach(b), free);
}

/* The site's bytes of a raw file, kept alive by a reference while sent. */
static struct MHD_Response *
shared_response(struct httpd *h, const struct memsite_file *f)
{
	memsite_ref(h->site);
	struct MHD_Response *resp = MHD_create_response_from_buffer_with_free_callback_cls(
	    f->len, (void *)(uintptr_t)f->raw, unref_site, h->site);
	if (resp == NULL)
		memsite_unref(h->site);
	return resp;
}

/* The body of a: HTML with the reload script, or the site's bytes (in a
 * buffer of the response's own when held compressed), or a's text. */
static struct MHD_Response *
body(struct httpd *h, const struct http_answer *a)
{
	const char *data = a->file ? a->file->raw : a->text ? a->text : "";
	size_t len = a->file ? a->file->len : strlen(data);
	bool html = (a->file || a->text) && mime_is_html(a->type);
	if (a->file == NULL && !html)
		return MHD_create_response_from_buffer(len, (void *)(uintptr_t)data,
		                                       MHD_RESPMEM_PERSISTENT);
	if (data != NULL && !html)
		return shared_response(h, a->file);
	struct buf bytes = BUF_INIT;
	if (data == NULL) {
		memsite_read(a->file, &bytes);
		data = bytes.ptr;
	}
	if (!html)
		return heap_response(&bytes);
	struct buf page = BUF_INIT;
	inject_reload(data, len, &page);
	buf_free(&bytes);
	return heap_response(&page);
}

static enum MHD_Result
answer(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
       const char *version, const char *upload, size_t *upload_size, void **req)
{
	(void)version, (void)upload, (void)upload_size;
	struct httpd *h = cls;
	/* libmicrohttpd closes a connection whose answer came with the
	 * request's headers, before it knew the request had no body: GET
	 * and HEAD are answered on the second call, so that connections are
	 * kept alive. Other methods get 405 at once, their bodies unread. */
	static char headers_read;
	bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	if (get && *req == NULL) {
		*req = &headers_read;
		return MHD_YES;
	}
	if (strncmp(url, RELOAD_PREFIX, strlen(RELOAD_PREFIX)) == 0)
		return reload_answer(h->reload, conn, method, url);
	struct http_answer a;
	const char *tag = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
	http_answer(h->site, method, url, tag, &a);
	struct MHD_Response *resp = body(h, &a);
	if (resp == NULL)
		return MHD_NO;
	if (a.type != NULL && a.status != 304)
		MHD_add_response_header(resp, "Content-Type", a.type);
	MHD_add_response_header(resp, "Cache-Control", "no-cache");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (a.etag != NULL)
		MHD_add_response_header(resp, "ETag", a.etag);
	if (a.location[0] != '\0')
		MHD_add_response_header(resp, "Location", a.location);
	if (a.status == 405)
		MHD_add_response_header(resp, "Allow", "GET, HEAD");
	enum MHD_Result rc = MHD_queue_response(conn, a.status, resp);
	MHD_destroy_response(resp);
	return rc;
}

/* libmicrohttpd is about to close conn's socket: a duplicate keeps it
 * open for linger to read what the client still sends, so that an answer
 * given before the whole request was read (414, 431) is not lost to a
 * reset (linger.h). */
static void
on_connection(void *cls, struct MHD_Connection *conn, void **socket_ctx,
              enum MHD_ConnectionNotificationCode code)
{
	struct httpd *h = cls;
	(void)socket_ctx;
	if (code != MHD_CONNECTION_NOTIFY_CLOSED)
		return;
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	int fd = info != NULL ? fcntl(info->connect_fd, F_DUPFD_CLOEXEC, 0) : -1;
	if (fd >= 0)
		linger_add(h->linger, fd);
}

/* A listening socket on address:port, or -1 after printing why. */
static int
listen_on(const char *address, unsigned port, unsigned *bound)
{
	struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE,
	                         .ai_socktype = SOCK_STREAM},
	                *ai;
	char service[16];
	snprintf(service, sizeof(service), "%u", port);
	int rc = getaddrinfo(address, service, &hints, &ai);
	if (rc != 0) {
		fprintf(stderr, "brief: cannot listen on %s: %s\n", address, gai_strerror(rc));
		return -1;
	}
	int one = 1;
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, HTTPD_CONNECTIONS) != 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &sl) != 0) {
		fprintf(stderr, "brief: cannot listen on %s port %u: %s\n", address, port,
		        strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	} else {
		*bound = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
		                                        : ((struct sockaddr_in *)&ss)->sin_port);
	}
	freeaddrinfo(ai);
	return fd;
}

struct httpd *
httpd_start(const char *address, unsigned port, struct reload *r)
{
	struct httpd *h = xcalloc(1, sizeof(*h));
	int fd = listen_on(address, port, &h->port);
	if (fd < 0) {
		free(h);
		return NULL;
	}
	h->reload = r;
	h->site = memsite_new();
	h->linger = linger_new();
	bool v6 = strchr(address, ':') != NULL;
	snprintf(h->url, sizeof(h->url), v6 ? "http://[%s]:%u/" : "http://%s:%u/", address,
	         h->port);
	/* No MHD_USE_INTERNAL_POLLING_THREAD: see httpd.h. */
	h->daemon = MHD_start_daemon(
	    MHD_ALLOW_SUSPEND_RESUME | (v6 ? MHD_USE_IPv6 : 0), 0, NULL, NULL, answer, h,
	    MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTPD_CONNECTIONS,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTPD_TIMEOUT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTPD_REQUEST_BYTES,
	    MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL, MHD_OPTION_NOTIFY_CONNECTION,
	    on_connection, h, MHD_OPTION_END);
	if (h->daemon == NULL) {
		fprintf(stderr, "brief: cannot start the HTTP server on %s\n", h->url);
		close(fd);
		linger_free(h->linger);
		memsite_unref(h->site);
		free(h);
		return NULL;
	}
	return h;
}

void
httpd_stop(struct httpd *h)
{
	if (h == NULL)
		return;
	/* Closes the listening socket and every connection. */
	MHD_stop_daemon(h->daemon);
	linger_free(h->linger);
	memsite_unref(h->site);
	free(h);
}

unsigned
httpd_port(const struct httpd *h)
{
	return h->port;
}

const char *
httpd_url(const struct httpd *h)
{
	return h->url;
}

void
httpd_set_site(struct httpd *h, struct memsite *m)
{
	memsite_ref(m);
	memsite_unref(h->site);
	h->site = m;
}

long
httpd_prepare(struct httpd *h, fd_set *rs, fd_set *ws, fd_set *es, int *max_fd)
{
	MHD_socket fd = *max_fd;
	MHD_get_fdset2(h->daemon, rs, ws, es, &fd, FD_SETSIZE);
	*max_fd = fd;
	long lingering = linger_prepare(h->linger, rs, max_fd);
	MHD_UNSIGNED_LONG_LONG ms;
	if (MHD_get_timeout(h->daemon, &ms) != MHD_YES)
		return lingering;
	long wait = ms > 60000 ? 60000 : (long)ms;
	return lingering >= 0 && lingering < wait ? lingering : wait;
}

void
httpd_run(struct httpd *h, fd_set *rs, fd_set *ws, fd_set *es)
{
	MHD_run_from_select(h->daemon, rs, ws, es);
	linger_run(h->linger, rs);
}
