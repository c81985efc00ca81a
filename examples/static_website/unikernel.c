/* unikernel.c: serves the crunched htdocs/ over HTTP/1.1 (GET and HEAD, keep-alive), one fiber per connection, and logs each request. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "http.h"
#include "start_gen.h"

#define HEAD_MAX 8192   /* a request head larger than this gets 431 */
#define CHUNK 16384     /* bytes of a file read and written at a time */
#define OUT_HEAD (KEY_MAX + 512) /* room for a response head, a Location included */
#define KEY_MAX (HTTP_MAX_PATH + 16)
#define LINGER_MAX 65536 /* bytes read and dropped after refusing a request */

struct site {
	struct kiln_console *console;
	struct kiln_kv_ro *files;
};

static struct site site;

/* Formats a response head into out (OUT_HEAD bytes at least); body_len is the Content-Length.
 * Returns its length. */
static size_t format_head(char *out, int status, const char *reason, const char *type, uint64_t body_len,
			  const char *extra, bool keep_alive)
{
	int n = snprintf(out, OUT_HEAD,
			 "HTTP/1.1 %d %s\r\nServer: kiln\r\nContent-Type: %s\r\nContent-Length: %" PRIu64
			 "\r\n%sConnection: %s\r\n\r\n",
			 status, reason, type, body_len, extra, keep_alive ? "keep-alive" : "close");

	return n < 0 || n >= OUT_HEAD ? 0 : (size_t)n;
}

/* An error page, the reason as text, in one write. HEAD gets the head only. */
static int send_error(struct kiln_flow *f, const struct http_request *req, int status, const char *reason,
		      const char *extra, bool keep_alive)
{
	char out[OUT_HEAD + 128];
	char body[128];
	int blen = snprintf(body, sizeof(body), "%d %s\n", status, reason);
	size_t n = format_head(out, status, reason, "text/plain; charset=utf-8", (uint64_t)blen, extra, keep_alive);

	if (n == 0)
		return -EOVERFLOW;
	if (!(req && strcmp(req->method, "HEAD") == 0)) {
		memcpy(out + n, body, (size_t)blen);
		n += (size_t)blen;
	}
	return kiln_flow_write(f, out, n);
}

/* The store's key for a request path: without the leading '/', index.html for a folder. */
static int key_of(const char *path, char key[KEY_MAX])
{
	size_t len = strlen(path);
	int n = snprintf(key, KEY_MAX, "%s%s", path + 1, len == 1 || path[len - 1] == '/' ? "index.html" : "");

	return n < 0 || n >= KEY_MAX ? -ENAMETOOLONG : 0;
}

/* Sends the head in out[0, head) and then the value at key (unless HEAD), CHUNK bytes a write; the
 * first write carries the head and the file's first bytes, so a small page is one segment. */
static int send_file(struct kiln_flow *f, char out[OUT_HEAD + CHUNK], size_t head, const char *key, uint64_t size,
		     bool body)
{
	uint64_t off = 0;
	int rc = 0;

	do {
		size_t n = 0;
		if (body && off < size)
			rc = kiln_kv_ro_read(site.files, key, off, out + head, CHUNK, &n);
		if (rc == 0 && body && off < size && n == 0)
			rc = -EIO; /* shorter than its size */
		if (rc == 0)
			rc = kiln_flow_write(f, out, head + n);
		off += n;
		head = 0;
	} while (rc == 0 && body && off < size);
	return rc;
}

/* status once the reply went out (rc 0), else rc. */
static int replied(int rc, int status)
{
	return rc < 0 ? rc : status;
}

/* Answers one parsed request; returns its status code (or -errno when the connection failed). */
static int answer(struct kiln_flow *f, const struct http_request *req)
{
	char key[KEY_MAX], location[KEY_MAX + 16], out[OUT_HEAD + CHUNK];
	bool head = strcmp(req->method, "HEAD") == 0;
	uint64_t size;
	size_t n;
	int rc;

	if (!head && strcmp(req->method, "GET") != 0)
		return replied(send_error(f, req, 405, "Method Not Allowed", "Allow: GET, HEAD\r\n", req->keep_alive), 405);
	rc = key_of(req->path, key);
	if (rc == 0)
		rc = kiln_kv_ro_size(site.files, key, &size);
	if (rc == -EISDIR) {
		snprintf(location, sizeof(location), "Location: %s/\r\n", req->path);
		return replied(send_error(f, req, 301, "Moved Permanently", location, req->keep_alive), 301);
	}
	if (rc < 0)
		return replied(send_error(f, req, 404, "Not Found", "", req->keep_alive), 404);
	n = format_head(out, 200, "OK", http_content_type(key), size, "", req->keep_alive);
	rc = n ? send_file(f, out, n, key, size, !head) : -EOVERFLOW;
	return replied(rc, 200);
}

/* The status and reason for a request that could not be parsed. */
static int refusal(int err, const char **reason)
{
	switch (err) {
	case -ENAMETOOLONG:
		*reason = "URI Too Long";
		return 414;
	case -EPROTONOSUPPORT:
		*reason = "HTTP Version Not Supported";
		return 505;
	case -EMSGSIZE:
		*reason = "Request Header Fields Too Large";
		return 431;
	default:
		*reason = "Bad Request";
		return 400;
	}
}

static void log_request(uint32_t addr, const char *method, const char *path, int status)
{
	char ip[KILN_IPV4_STRLEN];

	kiln_console_logf(site.console, "%s %s %s %d", kiln_ipv4_format(addr, ip), method, path, status);
}

/* After a refusal: ends our side, then reads (and drops) what the client is still sending, up to
 * LINGER_MAX bytes, so that closing does not reset the connection before the reply is read. */
static void linger(struct kiln_flow *f)
{
	char sink[1024];
	size_t dropped = 0;
	ssize_t n = kiln_flow_shutdown(f);

	while (n >= 0 && dropped < LINGER_MAX && (n = kiln_flow_read(f, sink, sizeof(sink))) > 0)
		dropped += (size_t)n;
}

/* Serves the requests of one connection until it closes, asks to, or misbehaves. */
static int serve(void *arg, struct kiln_flow *f)
{
	char buf[HEAD_MAX];
	size_t have = 0;
	uint32_t addr;
	uint16_t port;

	(void)arg;
	kiln_flow_remote(f, &addr, &port);
	kiln_flow_set_nodelay(f, true); /* every write is a whole reply or a full chunk of one */
	for (;;) {
		struct http_request req;
		const char *reason;
		int len = http_parse_request(buf, have, &req), status;
		ssize_t n;

		if (len == 0 && have == sizeof(buf))
			len = -EMSGSIZE;
		if (len == 0) {
			n = kiln_flow_read(f, buf + have, sizeof(buf) - have);
			if (n <= 0)
				return n < 0 && n != -ECONNRESET ? (int)n : 0;
			have += (size_t)n;
			continue;
		}
		if (len > 0 && req.has_body)
			len = -EBADMSG; /* a GET or HEAD with a body: refused rather than guessed at */
		if (len < 0) {
			status = refusal(len, &reason);
			log_request(addr, "-", "-", status);
			if (send_error(f, NULL, status, reason, "", false) == 0)
				linger(f);
			return 0;
		}
		status = answer(f, &req);
		if (status < 0)
			return status == -ECONNRESET || status == -EPIPE ? 0 : status;
		log_request(addr, req.method, req.path, status);
		if (!req.keep_alive)
			return 0;
		have -= (size_t)len;
		memmove(buf, buf + len, have);
	}
}

int website_start(struct kiln_console *c, struct kiln_kv_ro *files, struct kiln_stackv4 *s)
{
	int rc;

	site = (struct site){ c, files };
	if (key_gen_port() < 1 || key_gen_port() > 65535) {
		kiln_console_logf(c, "static_website: --port must be between 1 and 65535, not %" PRId64, key_gen_port());
		return -EINVAL;
	}
	rc = kiln_stackv4_listen_tcp(s, (uint16_t)key_gen_port(), serve, NULL);
	if (rc == 0)
		rc = kiln_console_logf(c, "static_website: serving on port %" PRId64, key_gen_port());
	return rc;
}
