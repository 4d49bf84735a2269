// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/common/text.c kmod/blk/target.c kmod/blk/target_opt.c kmod/blk/target_value.c kmod/blk/target_cred.c
/*
 * The address and LUN text both modules write (kmod/common/text.c): the
 * RFC 5952 and RFC 4173 forms, snprintf semantics at every buffer length,
 * and that the target-string parser reads every text back to the same
 * bytes.
 */
#include "unit.h"
#include "sanblk_text.h"
#include "target.h"

static void hex_bytes(const char *hex, u8 *out, unsigned int n)
{
	unsigned int i, v;

	for (i = 0; i < n; i++) {
		CHECK(sscanf(hex + 2 * i, "%2x", &v) == 1);
		out[i] = (u8)v;
	}
}

static const char *ip6(const char *hex)
{
	static char text[64];
	u8 a[16];

	hex_bytes(hex, a, 16);
	CHECK_INT(sanblk_format_ip(6, a, text, sizeof(text)), strlen(text));
	return text;
}

static const char *lun(const char *hex)
{
	static char text[32];
	u8 l[8];

	hex_bytes(hex, l, 8);
	CHECK_INT(sanblk_format_lun(l, text, sizeof(text)), strlen(text));
	return text;
}

static void ipv6(void)
{
	/* RFC 5952 4.1: no leading zeros; 4.3: lowercase */
	CHECK_STR(ip6("20010db8000000000000000000000001"), "2001:db8::1");
	CHECK_STR(ip6("20010DB8000A00BC0DEF000100200300"), "2001:db8:a:bc:def:1:20:300");
	/* 4.2.1: "::" as long as it can be; 4.2.2: never for one group */
	CHECK_STR(ip6("00000000000000000000000000000000"), "::");
	CHECK_STR(ip6("00000000000000000000000000000001"), "::1");
	CHECK_STR(ip6("00010000000000000000000000000000"), "1::");
	CHECK_STR(ip6("00000001000200030004000500060007"), "0:1:2:3:4:5:6:7");
	CHECK_STR(ip6("00010002000300040005000600070000"), "1:2:3:4:5:6:7:0");
	CHECK_STR(ip6("00010000000200000003000000040000"), "1:0:2:0:3:0:4:0");
	CHECK_STR(ip6("00010000000000020003000400050006"), "1::2:3:4:5:6");
	/* 4.2.3: the longest run, the first of equal ones */
	CHECK_STR(ip6("20010db8000000000001000000000001"), "2001:db8::1:0:0:1");
	CHECK_STR(ip6("20010000000000010000000000000001"), "2001:0:0:1::1");
	CHECK_STR(ip6("00000000000100000000000000010000"), "0:0:1::1:0");
	/* the longest text there is */
	CHECK_STR(ip6("ffffffffffffffffffffffffffffffff"),
		  "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	CHECK_INT(strlen(ip6("ffffffffffffffffffffffffffffffff")),
		  SANBLK_IP_TEXT_MAX - 1);
	CHECK_STR(ip6("ffff0fff00ff000f0000ffffffffffff"),
		  "ffff:fff:ff:f:0:ffff:ffff:ffff");
	/* IPv4-mapped: hexadecimal groups, as both modules always wrote it */
	CHECK_STR(ip6("00000000000000000000ffff0a000001"), "::ffff:a00:1");
}

static void ipv4_and_others(void)
{
	static const u8 a[16] = { 10, 99, 0, 255, 1, 2, 3, 4 };
	char text[24];
	unsigned int f;

	CHECK_INT(sanblk_format_ip(4, a, text, sizeof(text)), 11);
	CHECK_STR(text, "10.99.0.255");
	CHECK_INT(sanblk_format_ip(4, a, NULL, 0), 11);
	for (f = 0; f < 256; f++) {
		if (f == 4 || f == 6)
			continue;
		strcpy(text, "x");
		CHECK_INT(sanblk_format_ip((u8)f, a, text, sizeof(text)), -EINVAL);
		CHECK_STR(text, "");
	}
	CHECK_INT(sanblk_format_ip(0, a, NULL, 0), -EINVAL);
}

static void luns(void)
{
	CHECK_STR(lun("0000000000000000"), "0");
	CHECK_STR(lun("0001000000000000"), "1");
	CHECK_STR(lun("0010000000000000"), "10");
	CHECK_STR(lun("0001000200000000"), "1-2");
	CHECK_STR(lun("0000000000000007"), "0-0-0-7");
	CHECK_STR(lun("000000000000ff00"), "0-0-0-ff00");
	CHECK_STR(lun("4001000000010000"), "4001-0-1");
	CHECK_STR(lun("FFFFFFFFFFFFFFFF"), "ffff-ffff-ffff-ffff");
	CHECK_INT(strlen(lun("FFFFFFFFFFFFFFFF")), SANBLK_LUN_TEXT_MAX - 1);
}

/* Every buffer length gets a NUL-terminated prefix and the full length. */
static void truncation(void)
{
	static const u8 a[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const u8 l[8] = { 0x40, 0x01, 0, 0, 0, 1 };
	char full[64], text[64];
	int n, m;
	size_t len;

	n = sanblk_format_ip(6, a, full, sizeof(full));
	m = sanblk_format_lun(l, full + 32, sizeof(full) - 32);
	CHECK_INT(n, 11);
	CHECK_INT(m, 8);
	for (len = 0; len <= (size_t)n + 1; len++) {
		memset(text, 'X', sizeof(text));
		CHECK_INT(sanblk_format_ip(6, a, len ? text : NULL, len), n);
		if (len) {
			CHECK(strlen(text) == (len <= (size_t)n ? len - 1 : (size_t)n));
			CHECK(!strncmp(text, full, strlen(text)));
		}
		CHECK(text[len] == 'X');
	}
	for (len = 0; len <= (size_t)m + 1; len++) {
		memset(text, 'X', sizeof(text));
		CHECK_INT(sanblk_format_lun(l, len ? text : NULL, len), m);
		if (len) {
			CHECK(strlen(text) == (len <= (size_t)m ? len - 1 : (size_t)m));
			CHECK(!strncmp(text, full + 32, strlen(text)));
		}
		CHECK(text[len] == 'X');
	}
}

/*
 * What sanblk writes, sanblk reads: every pattern of zero and non-zero
 * groups, as address and as LUN, parses back to the same bytes.
 */
static void round_trip(void)
{
	static const u16 vals[] = { 1, 0xa, 0xab, 0xabc, 0x1000, 0xffff };
	struct sanblk_target t;
	char a[SANBLK_IP_TEXT_MAX], l[SANBLK_LUN_TEXT_MAX], s[128];
	unsigned int m, v, i, bad = 0;
	u8 addr[16], lun[8];

	for (m = 0; m < 256; m++) {
		for (v = 0; v < ARRAY_SIZE(vals); v++) {
			for (i = 0; i < 8; i++) {
				u16 w = (m >> i & 1) ? vals[(v + i) % 6] : 0;

				sanblk_put_be16(addr + 2 * i, w);
				if (i < 4)
					sanblk_put_be16(lun + 2 * i, w);
			}
			sanblk_format_ip(6, addr, a, sizeof(a));
			sanblk_format_lun(lun, l, sizeof(l));
			snprintf(s, sizeof(s), "iscsi:[%s]:::%s:n", a, l);
			if (sanblk_target_parse(s, &t, NULL, 0) ||
			    memcmp(t.server.addr, addr, 16) ||
			    memcmp(t.lun, lun, 8)) {
				if (!bad++)
					printf("  %s does not read back\n", s);
			}
		}
	}
	CHECK_INT(bad, 0);
}

int main(void)
{
	RUN("text", ipv6);
	RUN("text", ipv4_and_others);
	RUN("text", luns);
	RUN("text", truncation);
	RUN("text", round_trip);
	UNIT_EXIT();
}
