// SPDX-License-Identifier: GPL-2.0-only
/*
 * The values a target string is made of: decimal numbers, IPv4 and IPv6
 * addresses, MAC addresses, RFC 4173 LUNs, names.  None of them writes a
 * message: only the caller knows which field a bad value was in.
 * Pure code: no allocation, every read bounded by the span.
 */
#include "target_parse.h"

/* Decimal: -EINVAL when not all digits (or empty), -ERANGE above max. */
int sanblk_parse_dec(struct span sp, u64 max, u64 *out)
{
	bool over = false;
	u64 v = 0;
	size_t i;

	if (!sp.n)
		return -EINVAL;
	for (i = 0; i < sp.n; i++) {
		if (sp.p[i] < '0' || sp.p[i] > '9')
			return -EINVAL;
		if (!over) {
			v = v * 10 + (u64)(sp.p[i] - '0');
			over = v > max;
		}
	}
	if (over)
		return -ERANGE;
	*out = v;
	return 0;
}

/* One to four hex digits. */
static int parse_hex16(struct span sp, u16 *out)
{
	unsigned int v = 0;
	size_t i;

	if (sp.n < 1 || sp.n > 4)
		return -EINVAL;
	for (i = 0; i < sp.n; i++) {
		int d = sanblk_hexval(sp.p[i]);

		if (d < 0)
			return -EINVAL;
		v = v << 4 | (unsigned int)d;
	}
	*out = (u16)v;
	return 0;
}

/* Dotted quad: four decimal parts of 0-255, at most three digits each. */
int sanblk_parse_ipv4(struct span sp, u8 out[4])
{
	const char *p = sp.p, *end = sp.p + sp.n;
	int i;

	for (i = 0; i < 4; i++) {
		const char *q = p;
		u64 v;

		while (q < end && *q != '.')
			q++;
		if ((q - p) > 3 || sanblk_parse_dec(span_of(p, q), 255, &v))
			return -EINVAL;
		out[i] = (u8)v;
		if (i < 3) {
			if (q == end)
				return -EINVAL;
			p = q + 1;
		} else if (q != end) {
			return -EINVAL;
		}
	}
	return 0;
}

/* RFC 4291 text form: groups, one "::", optional dotted IPv4 tail. */
int sanblk_parse_ipv6(struct span sp, u8 out[16])
{
	u16 w[8];
	int nw = 0, gap = -1, i;
	size_t k = 0;

	if (sp.n >= 2 && sp.p[0] == ':' && sp.p[1] == ':') {
		gap = 0;
		k = 2;
	} else if (sp.n && sp.p[0] == ':') {
		return -EINVAL;
	}
	while (k < sp.n) {
		size_t j = k;

		if (nw >= 8)
			return -EINVAL;
		while (j < sp.n && sp.p[j] != ':')
			j++;
		if (memchr(sp.p + k, '.', j - k)) {
			u8 v4[4];

			if (j != sp.n || nw > 6 ||
			    sanblk_parse_ipv4(span_of(sp.p + k, sp.p + j), v4))
				return -EINVAL;
			w[nw++] = (u16)(v4[0] << 8 | v4[1]);
			w[nw++] = (u16)(v4[2] << 8 | v4[3]);
			k = j;
			break;
		}
		if (parse_hex16(span_of(sp.p + k, sp.p + j), &w[nw]))
			return -EINVAL;
		nw++;
		k = j;
		if (k == sp.n)
			break;
		k++;			/* the ':' */
		if (k < sp.n && sp.p[k] == ':') {
			if (gap >= 0)
				return -EINVAL;
			gap = nw;
			k++;
		} else if (k == sp.n) {
			return -EINVAL;	/* trailing single ':' */
		}
	}
	if ((gap < 0 && nw != 8) || (gap >= 0 && nw > 7))
		return -EINVAL;
	memset(out, 0, 16);
	for (i = 0; i < nw; i++) {
		int pos = (gap >= 0 && i >= gap) ? 8 - (nw - i) : i;

		out[2 * pos] = (u8)(w[i] >> 8);
		out[2 * pos + 1] = (u8)w[i];
	}
	return 0;
}

/* IPv4 or (unbracketed) IPv6; a->family says which. */
int sanblk_parse_addr(struct span sp, struct sanblk_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (!sanblk_parse_ipv4(sp, a->addr)) {
		a->family = 4;
		return 0;
	}
	if (!sanblk_parse_ipv6(sp, a->addr)) {
		a->family = 6;
		return 0;
	}
	return -EINVAL;
}

/* Six hex pairs separated by ':' or '-' (s need not be NUL-terminated). */
int sanblk_parse_mac(const char *s, size_t n, u8 mac[6])
{
	int i;

	if (n != 17)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		int hi = sanblk_hexval(s[3 * i]), lo = sanblk_hexval(s[3 * i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		if (i < 5 && s[3 * i + 2] != ':' && s[3 * i + 2] != '-')
			return -EINVAL;
		mac[i] = (u8)(hi << 4 | lo);
	}
	return 0;
}

/* RFC 4173 / iPXE: up to four '-'-separated hex groups, empty is LUN 0. */
int sanblk_parse_lun(struct span sp, u8 lun[8])
{
	const char *p = sp.p, *end = sp.p + sp.n;
	int i;

	memset(lun, 0, 8);
	if (!sp.n)
		return 0;
	for (i = 0; i < 4; i++) {
		const char *q = p;
		u16 v;

		while (q < end && *q != '-')
			q++;
		if (parse_hex16(span_of(p, q), &v))
			return -EINVAL;
		lun[2 * i] = (u8)(v >> 8);
		lun[2 * i + 1] = (u8)v;
		if (q == end)
			return 0;
		p = q + 1;
	}
	return -EINVAL;			/* a fifth group */
}

/* Printable, no blank, no ','. */
bool sanblk_is_token(struct span sp)
{
	size_t i;

	for (i = 0; i < sp.n; i++)
		if (sp.p[i] <= ' ' || sp.p[i] > '~' || sp.p[i] == ',')
			return false;
	return true;
}

/* An interface name: below IFNAMSIZ, not . or .., no '/', ':' or blank. */
bool sanblk_is_ifname(struct span sp)
{
	size_t i;

	if (!sp.n || sp.n >= SANBLK_NICNAME_MAX || span_eq(sp, ".") ||
	    span_eq(sp, ".."))
		return false;
	for (i = 0; i < sp.n; i++)
		if (sp.p[i] == '/' || sp.p[i] == ':' || sp.p[i] <= ' ' ||
		    sp.p[i] > '~')
			return false;
	return true;
}
