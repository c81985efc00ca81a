/* ipv4_addr.c: IPv4 addresses as text: dotted decimal formatting and parsing. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <kiln/stackv4.h>

char *kiln_ipv4_format(uint32_t addr, char *buf)
{
	snprintf(buf, KILN_IPV4_STRLEN, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff, (addr >> 8) & 0xff,
		 addr & 0xff);
	return buf;
}

int kiln_ipv4_parse(const char *text, uint32_t *addr)
{
	uint32_t a = 0;

	for (int part = 0; part < 4; part++) {
		unsigned v = 0;
		int digits = 0;
		if (part > 0 && *text++ != '.')
			return -EINVAL;
		/* Decimal only, no leading zeros (which some parsers read as octal). */
		while (*text >= '0' && *text <= '9' && digits < 4) {
			if (digits == 1 && v == 0)
				return -EINVAL;
			v = v * 10 + (unsigned)(*text++ - '0');
			digits++;
		}
		if (digits == 0 || v > 255)
			return -EINVAL;
		a = a << 8 | v;
	}
	if (*text)
		return -EINVAL;
	*addr = a;
	return 0;
}

int kiln_ipv4_parse_cidr(const char *text, uint32_t *addr, unsigned *prefix)
{
	const char *slash = strchr(text, '/');
	char head[KILN_IPV4_STRLEN];
	unsigned n = 0;
	size_t len;

	if (!slash || (len = (size_t)(slash - text)) >= sizeof(head))
		return -EINVAL;
	memcpy(head, text, len);
	head[len] = '\0';
	for (const char *p = slash + 1; *p; p++) {
		if (*p < '0' || *p > '9' || p - slash > 2 || (p == slash + 2 && slash[1] == '0'))
			return -EINVAL;
		n = n * 10 + (unsigned)(*p - '0');
	}
	if (!slash[1] || n > 32 || kiln_ipv4_parse(head, addr) < 0)
		return -EINVAL;
	*prefix = n;
	return 0;
}
