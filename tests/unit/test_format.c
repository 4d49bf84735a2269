// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/bft/format.c kmod/common/text.c
/*
 * Text forms of firmware-table contents: RFC 5952 addresses, RFC 4173
 * LUNs, MACs, signatures and root paths, with snprintf semantics.
 */
#include "unit.h"
#include "bft_parse.h"

static const char *ip6(const char *hex)
{
	static char text[64];
	struct sanbft_ip ip = { .family = 6 };
	unsigned int i, v;

	for (i = 0; i < 16; i++) {
		CHECK(sscanf(hex + 2 * i, "%2x", &v) == 1);
		ip.addr[i] = v;
	}
	CHECK_INT(sanbft_format_ip(&ip, text, sizeof(text)), strlen(text));
	return text;
}

static const char *lun(const char *hex)
{
	static char text[32];
	unsigned int i, v;
	u8 l[8];

	for (i = 0; i < 8; i++) {
		CHECK(sscanf(hex + 2 * i, "%2x", &v) == 1);
		l[i] = v;
	}
	CHECK_INT(sanbft_format_lun(l, text, sizeof(text)), strlen(text));
	return text;
}

static void test_ipv6(void)
{
	CHECK_STR(ip6("fd990000000000000000000000000001"), "fd99::1");
	CHECK_STR(ip6("00000000000000000000000000000001"), "::1");
	CHECK_STR(ip6("fe800000000000000000000000000000"), "fe80::");
	CHECK_STR(ip6("20010db8000000010000000000000001"), "2001:db8:0:1::1");
	/* A single zero group is not compressed (RFC 5952 4.2.2). */
	CHECK_STR(ip6("20010db8000100010001000100010001"), "2001:db8:1:1:1:1:1:1");
	CHECK_STR(ip6("20010db8000000010001000100010001"), "2001:db8:0:1:1:1:1:1");
	/* The longest run wins; the first of equal runs (4.2.3). */
	CHECK_STR(ip6("20010000000000010000000000000001"), "2001:0:0:1::1");
	CHECK_STR(ip6("20010db8000000000001000000000001"), "2001:db8::1:0:0:1");
	CHECK_STR(ip6("ABCDEF01234567890000FFFF00000000"), "abcd:ef01:2345:6789:0:ffff::");
	CHECK_STR(ip6("000100020003000400050006000700ff"), "1:2:3:4:5:6:7:ff");
}

static void test_ipv4_and_absent(void)
{
	struct sanbft_ip ip = { .family = 4, .addr = { 10, 99, 0, 255 } };
	char text[8];

	CHECK_INT(sanbft_format_ip(&ip, text, sizeof(text)), 11);
	CHECK_STR(text, "10.99.0");	/* truncated, NUL-terminated */
	ip.family = 0;
	CHECK_INT(sanbft_format_ip(&ip, text, sizeof(text)), 0);
	CHECK_STR(text, "");
	ip.family = 5;
	CHECK_INT(sanbft_format_ip(&ip, text, sizeof(text)), -EINVAL);
	CHECK_STR(text, "");
	ip.family = 4;
	CHECK_INT(sanbft_format_ip(&ip, NULL, 0), 11);
}

static void test_lun(void)
{
	CHECK_STR(lun("0000000000000000"), "0");
	CHECK_STR(lun("0001000000000000"), "1");
	CHECK_STR(lun("0001000200000000"), "1-2");
	CHECK_STR(lun("0000000000000007"), "0-0-0-7");
	CHECK_STR(lun("4001000000010000"), "4001-0-1");
	CHECK_STR(lun("FFFFFFFFFFFFFFFF"), "ffff-ffff-ffff-ffff");
}

static void test_mac_sig(void)
{
	static const u8 mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xCD, 0x0f };
	char text[32];

	CHECK_INT(sanbft_format_mac(mac, text, sizeof(text)), 17);
	CHECK_STR(text, "52:54:00:ab:cd:0f");
	CHECK_INT(sanbft_format_signature((const u8 *)"aBFT", text, sizeof(text)), 4);
	CHECK_STR(text, "aBFT");
	sanbft_format_signature((const u8 *)"\0\xff\"\\", text, sizeof(text));
	CHECK_STR(text, "\\x00\\xff\\x22\\x5c");
}

static void test_root_path(void)
{
	struct sanbft_entry e;
	char text[SANBFT_ROOT_PATH_MAX];

	memset(&e, 0, sizeof(e));
	CHECK_INT(sanbft_root_path(&e, text, sizeof(text)), -EINVAL);
	CHECK_STR(text, "");
	e.transport = SANBFT_TRANSPORT_AOE;
	e.shelf = 65534;
	e.slot = 9;
	CHECK_INT(sanbft_root_path(&e, text, sizeof(text)), 12);
	CHECK_STR(text, "aoe:e65534.9");

	memset(&e, 0, sizeof(e));
	e.transport = SANBFT_TRANSPORT_ISCSI;
	strcpy(e.target.name, "iqn.2026-11.test:disk1");
	CHECK_INT(sanbft_root_path(&e, text, sizeof(text)), -EINVAL);
	e.target.ip.family = 6;
	e.target.ip.addr[0] = 0xfd;
	e.target.ip.addr[1] = 0x99;
	e.target.ip.addr[15] = 1;
	e.target.port = 3260;
	e.target.lun[1] = 1;
	strcpy(e.target.chap_name, "user");
	strcpy(e.target.chap_secret, "secret");
	CHECK_INT(sanbft_root_path(&e, text, sizeof(text)),
		  strlen("iscsi:[fd99::1]::3260:1:iqn.2026-11.test:disk1"));
	CHECK_STR(text, "iscsi:[fd99::1]::3260:1:iqn.2026-11.test:disk1");
	/* Truncation keeps snprintf semantics. */
	CHECK_INT(sanbft_root_path(&e, text, 10), 46);
	CHECK_STR(text, "iscsi:[fd");
	e.target.name[0] = '\0';
	CHECK_INT(sanbft_root_path(&e, text, sizeof(text)), -EINVAL);
}

int main(void)
{
	RUN("format", test_ipv6);
	RUN("format", test_ipv4_and_absent);
	RUN("format", test_lun);
	RUN("format", test_mac_sig);
	RUN("format", test_root_path);
	UNIT_EXIT();
}
