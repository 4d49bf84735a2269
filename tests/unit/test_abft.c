// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/bft/abft_parse.c kmod/bft/table.c kmod/bft/format.c kmod/common/text.c
/*
 * aBFT parser: tables written by scripts/mkbft, valid and with one defect
 * each, checked against the exact messages; every prefix refused.
 */
#include "unit.h"
#include "bft_util.h"
#include "bft_parse.h"

#define MAC	"52:54:00:12:34:56"
#define AOE	"aoe shelf=0 slot=1 mac=" MAC

static struct sanbft_abft t;
static struct sanbft_entry e;
static char err[SANBFT_ERR_MAX];

static int parse(const u8 *buf, size_t len)
{
	return sanbft_abft_parse(buf, len, &t, err, sizeof(err));
}

static void expect_defect(const char *line, const char *line2,
			  const char *msg)
{
	size_t len;
	u8 *buf = bft_gen("abft", &len, line, line2, NULL);

	CHECK(buf);
	if (!buf)
		return;
	CHECK_INT(parse(buf, len), -EINVAL);
	CHECK_STR(err, msg);
	free(buf);
}

static void test_basic(void)
{
	char text[SANBFT_ROOT_PATH_MAX];
	size_t len;
	u8 *buf = bft_gen("abft", &len, AOE, NULL);

	CHECK(buf);
	if (!buf)
		return;
	CHECK_INT(len, SANBFT_ABFT_LEN);
	CHECK_INT(parse(buf, len), 0);
	CHECK_STR(err, "");
	CHECK_STR(t.info.signature, "aBFT");
	CHECK_STR(t.info.oem_id, "FENSYS");
	CHECK_STR(t.info.oem_table_id, "iPXE");
	CHECK_INT(t.info.length, 46);
	CHECK_INT(t.info.revision, 1);
	CHECK_INT(t.shelf, 0);
	CHECK_INT(t.slot, 1);
	sanbft_abft_entry(&t, &e);
	CHECK_INT(e.transport, SANBFT_TRANSPORT_AOE);
	CHECK(e.valid && e.boot_selected && e.has_nic);
	sanbft_format_mac(e.nic.mac, text, sizeof(text));
	CHECK_STR(text, "52:54:00:12:34:56");
	CHECK_INT(sanbft_root_path(&e, text, sizeof(text)), 8);
	CHECK_STR(text, "aoe:e0.1");
	free(buf);

	buf = bft_gen("abft", &len, "aoe shelf=65534 slot=254 mac=02:00:00:00:00:01",
		      "oem id=ACME table=BOOTROM1", NULL);
	CHECK(buf);
	if (!buf)
		return;
	CHECK_INT(parse(buf, len), 0);
	CHECK_STR(t.info.oem_id, "ACME");
	CHECK_STR(t.info.oem_table_id, "BOOTROM1");
	sanbft_abft_entry(&t, &e);
	sanbft_root_path(&e, text, sizeof(text));
	CHECK_STR(text, "aoe:e65534.254");
	free(buf);
}

static void test_defects(void)
{
	char msg[SANBFT_ERR_MAX];

	expect_defect(AOE, "break checksum", "checksum 0x01, expected 0");
	expect_defect(AOE, "break checksum=0x3c", "checksum 0x3c, expected 0");
	expect_defect(AOE, "break revision=2", "revision 2, expected 1");
	expect_defect(AOE, "revision 0", "revision 0, expected 1");
	expect_defect(AOE, "break signature=iBFT",
		      "signature \"iBFT\", expected aBFT");
	expect_defect(AOE, "break length=0x100",
		      "length 0x100 beyond the 0x2e bytes available");
	expect_defect(AOE, "break length=45",
		      "length 0x2d, shorter than an aBFT (0x2e)");
	expect_defect(AOE, "break truncate=45", "only 45 bytes, an aBFT needs 46");
	expect_defect("aoe shelf=65535 slot=1 mac=52:54:00:12:34:56", NULL,
		      "shelf 65535 is the AoE broadcast shelf");
	expect_defect("aoe shelf=1 slot=255 mac=52:54:00:12:34:56", NULL,
		      "slot 255 is the AoE broadcast slot");
	expect_defect("aoe shelf=1 slot=1 mac=00:00:00:00:00:00", NULL,
		      "client MAC is all zero");
	snprintf(msg, sizeof(msg), "signature \"\\x00BFT\", expected aBFT");
	expect_defect(AOE, "break byte=0:0", msg);
}

static void test_longer(void)
{
	size_t len;
	u8 *buf = bft_gen("abft", &len, AOE, NULL), *big;

	CHECK(buf);
	if (!buf)
		return;
	/* A longer table (extra bytes ignored) and a larger buffer. */
	big = calloc(1, 64);
	memcpy(big, buf, len);
	big[50] = 0x5a;
	sanblk_put_le32(big + 4, 52);
	bft_fix_checksum(big, 52);
	CHECK_INT(parse(big, 64), 0);
	CHECK_INT(t.info.length, 52);
	CHECK_INT(t.slot, 1);
	free(big);
	free(buf);
}

static void test_truncated(void)
{
	unsigned int failures = 0;
	size_t len, n;
	u8 *buf = bft_gen("abft", &len, AOE, NULL), *cut;

	CHECK(buf);
	if (!buf)
		return;
	for (n = 0; n < len; n++) {
		cut = malloc(n ? n : 1);
		memcpy(cut, buf, n);
		err[0] = '\0';
		if (parse(cut, n) != -EINVAL || !err[0])
			failures++;
		free(cut);
	}
	CHECK_INT(failures, 0);
	free(buf);
}

static void test_mkbft_cli(void)
{
	char *bad[][7] = {
		{ "mkbft", "abft", "-o", "/dev/null", NULL },
		{ "mkbft", "abft", "-o", "/dev/null", "aoe shelf=1 slot=1", NULL },
		{ "mkbft", "abft", "-o", "/dev/null", "aoe shelf=65536 slot=1 mac=" MAC, NULL },
		{ "mkbft", "abft", "-o", "/dev/null", "aoe shelf=1 slot=256 mac=" MAC, NULL },
		{ "mkbft", "abft", "-o", "/dev/null", "nic 0 mac=52:54:00:12:34:56", NULL },
		{ "mkbft", "abft", "-o", "/dev/null", AOE, "break nic-length=0:1" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (bft_run(bad[i]) != 2) {
			printf("  mkbft accepted case %u\n", i);
			CHECK(0);
		}
}

int main(void)
{
	RUN("abft", test_basic);
	RUN("abft", test_defects);
	RUN("abft", test_longer);
	RUN("abft", test_truncated);
	RUN("abft", test_mkbft_cli);
	bft_cleanup();
	UNIT_EXIT();
}
