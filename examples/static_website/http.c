/* http.c: parses the head of an HTTP/1.x request (RFC 9112) strictly enough to serve files, and names content types. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"

/* The end of the line starting at p (its "\r\n" or "\n"), or NULL when it has not arrived. */
static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl && nl > p && nl[-1] == '\r' ? nl - 1 : nl;
}

/* Moves p past the line ending at eol. */
static const char *next_line(const char *eol)
{
	return *eol == '\r' ? eol + 2 : eol + 1;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes the path of target[0, len) (up to '?' or '#') into out. NUL bytes and bad escapes are malformed. */
static int decode_path(const char *target, size_t len, char out[HTTP_MAX_PATH])
{
	size_t n = 0;

	if (len == 0 || target[0] != '/')
		return -EBADMSG;
	for (size_t i = 0; i < len && target[i] != '?' && target[i] != '#'; i++) {
		int c = (unsigned char)target[i];
		if (c == '%') {
			int hi = i + 2 < len ? hex_digit(target[i + 1]) : -1, lo = hi < 0 ? -1 : hex_digit(target[i + 2]);
			if (lo < 0 || (hi == 0 && lo == 0))
				return -EBADMSG;
			c = hi * 16 + lo;
			i += 2;
		} else if (c <= ' ' || c == 0x7f) {
			return -EBADMSG;
		}
		if (n + 1 >= HTTP_MAX_PATH)
			return -ENAMETOOLONG;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return 0;
}

/* Parses "METHOD SP target SP HTTP/1.x" in line[0, len). */
static int parse_request_line(const char *line, size_t len, struct http_request *req, int *minor)
{
	const char *sp1 = memchr(line, ' ', len), *sp2, *version;
	size_t mlen;
	int rc;

	if (!sp1)
		return -EBADMSG;
	mlen = (size_t)(sp1 - line);
	sp2 = memchr(sp1 + 1, ' ', len - mlen - 1);
	if (mlen == 0 || mlen >= sizeof(req->method) || !sp2)
		return -EBADMSG;
	memcpy(req->method, line, mlen);
	req->method[mlen] = '\0';
	for (size_t i = 0; i < mlen; i++)
		if (line[i] < 'A' || line[i] > 'Z')
			return -EBADMSG;
	rc = decode_path(sp1 + 1, (size_t)(sp2 - sp1 - 1), req->path);
	if (rc < 0)
		return rc;
	version = sp2 + 1;
	if ((size_t)(line + len - version) != 8 || strncmp(version, "HTTP/1.", 7) != 0)
		return strncmp(version, "HTTP/", 5) == 0 ? -EPROTONOSUPPORT : -EBADMSG;
	if (version[7] != '0' && version[7] != '1')
		return -EPROTONOSUPPORT;
	*minor = version[7] - '0';
	return 0;
}

/* Whether the comma-separated header value v[0, len) holds token (case-insensitive). */
static bool has_token(const char *v, size_t len, const char *token)
{
	size_t tlen = strlen(token), i = 0;

	while (i < len) {
		size_t start, stop;
		while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		start = i;
		while (i < len && v[i] != ',')
			i++;
		stop = i;
		while (stop > start && (v[stop - 1] == ' ' || v[stop - 1] == '\t'))
			stop--;
		if (stop - start == tlen && strncasecmp(v + start, token, tlen) == 0)
			return true;
	}
	return false;
}

/* Applies one "Name: value" header line to req. */
static int parse_header(const char *line, size_t len, struct http_request *req, int minor)
{
	const char *colon = memchr(line, ':', len), *v;
	size_t nlen, vlen;

	/* No name, whitespace before the colon, or an obsolete folded line: malformed (RFC 9112 5.1). */
	if (!colon || colon == line || line[0] == ' ' || line[0] == '\t' || colon[-1] == ' ' || colon[-1] == '\t')
		return -EBADMSG;
	nlen = (size_t)(colon - line);
	v = colon + 1;
	vlen = len - nlen - 1;
	while (vlen > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		vlen--;
	}
	if (nlen == 10 && strncasecmp(line, "connection", 10) == 0) {
		if (has_token(v, vlen, "close"))
			req->keep_alive = false;
		else if (minor == 0 && has_token(v, vlen, "keep-alive"))
			req->keep_alive = true;
	} else if (nlen == 14 && strncasecmp(line, "content-length", 14) == 0) {
		for (size_t i = 0; i < vlen; i++)
			if (v[i] != '0' && v[i] != ' ' && v[i] != '\t')
				req->has_body = true;
	} else if (nlen == 17 && strncasecmp(line, "transfer-encoding", 17) == 0) {
		req->has_body = true;
	}
	return 0;
}

int http_parse_request(const char *buf, size_t len, struct http_request *req)
{
	const char *p = buf, *end = buf + len, *eol;
	int minor = 1, rc;

	/* A client may send empty lines before a request (RFC 9112 2.2). */
	while (p < end && (*p == '\r' || *p == '\n'))
		p++;
	eol = line_end(p, end);
	if (!eol)
		return 0;
	memset(req, 0, sizeof(*req));
	rc = parse_request_line(p, (size_t)(eol - p), req, &minor);
	if (rc < 0)
		return rc;
	req->keep_alive = minor == 1;
	for (p = next_line(eol); (eol = line_end(p, end)); p = next_line(eol)) {
		if (eol == p)
			return (int)(next_line(eol) - buf);
		rc = parse_header(p, (size_t)(eol - p), req, minor);
		if (rc < 0)
			return rc;
	}
	return 0;
}

const char *http_content_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ "html", "text/html; charset=utf-8" }, { "css", "text/css; charset=utf-8" },
		{ "js", "text/javascript; charset=utf-8" }, { "txt", "text/plain; charset=utf-8" },
		{ "svg", "image/svg+xml" }, { "png", "image/png" }, { "jpg", "image/jpeg" },
		{ "ico", "image/x-icon" }, { "json", "application/json" },
	};
	const char *dot = strrchr(name, '.'), *slash = strrchr(name, '/');

	if (dot && (!slash || dot > slash))
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcasecmp(dot + 1, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}
