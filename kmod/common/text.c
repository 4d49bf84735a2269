// SPDX-License-Identifier: GPL-2.0-only
/*
 * IP address and LUN text shared by sanbft.ko and sanblk.ko (see
 * sanblk_text.h).  Pure code: no allocation, fixed-size scratch buffers.
 */
#include "sanblk_text.h"

static const char hex_digits[] = "0123456789abcdef";

/* Write v in lowercase hex without leading zeros; returns the new end. */
static char *put_hex16(char *p, u16 v)
{
	int shift;
	bool started = false;

	for (shift = 12; shift >= 0; shift -= 4) {
		u8 nibble = (v >> shift) & 0xf;

		if (nibble || started || shift == 0) {
			*p++ = hex_digits[nibble];
			started = true;
		}
	}
	return p;
}

/* RFC 5952 section 4 text of addr: one canonical form per address. */
static void ip6_text(const u8 addr[16], char out[SANBLK_IP_TEXT_MAX])
{
	int best = -1, best_len = 1, run = -1, i;
	char *p = out;

	/* the longest run of zero groups, the first of equal ones (4.2.3) */
	for (i = 0; i < 8; i++) {
		if (sanblk_get_be16(addr + 2 * i)) {
			run = -1;
			continue;
		}
		if (run < 0)
			run = i;
		if (i - run + 1 > best_len) {
			best = run;
			best_len = i - run + 1;
		}
	}
	/* best_len starts at 1: a single zero group stays "0" (4.2.2) */
	for (i = 0; i < 8; i++) {
		if (i == best) {
			*p++ = ':';
			*p++ = ':';
			i += best_len - 1;
			continue;
		}
		if (i && i != best + best_len)
			*p++ = ':';
		p = put_hex16(p, sanblk_get_be16(addr + 2 * i));
	}
	*p = '\0';
}

int sanblk_format_ip(u8 family, const u8 addr[16], char *buf, size_t len)
{
	char text[SANBLK_IP_TEXT_MAX];

	switch (family) {
	case 4:
		return snprintf(buf, len, "%u.%u.%u.%u", addr[0], addr[1],
				addr[2], addr[3]);
	case 6:
		ip6_text(addr, text);
		return snprintf(buf, len, "%s", text);
	default:
		if (len)
			buf[0] = '\0';
		return -EINVAL;
	}
}

int sanblk_format_lun(const u8 lun[8], char *buf, size_t len)
{
	char text[SANBLK_LUN_TEXT_MAX], *p = text;
	int groups = 4, i;

	while (groups > 1 && !sanblk_get_be16(lun + 2 * (groups - 1)))
		groups--;
	for (i = 0; i < groups; i++) {
		if (i)
			*p++ = '-';
		p = put_hex16(p, sanblk_get_be16(lun + 2 * i));
	}
	*p = '\0';
	return snprintf(buf, len, "%s", text);
}
