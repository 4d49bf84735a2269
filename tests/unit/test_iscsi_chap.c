// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/iscsi/chap.c
/*
 * CHAP for iSCSI: the reference MD5 against RFC 1321's vectors, a CHAP
 * response computed independently (Python's hashlib), hex and base64
 * values and their limits, reflection, equal secrets, the comparison.
 */
#include "iscsi/chap.h"
#include "unit.h"
#include "md5_ref.h"

static struct md5_ref_ctx rctx;
static const struct sanblk_iscsi_chap_ops ops = {
	.md5 = md5_ref_chap, .random = md5_ref_random, .ctx = &rctx,
};

static void md5_hex(const char *s, char out[35])
{
	u8 md[16];

	md5_ref(s, strlen(s), md);
	sanblk_iscsi_chap_encode(md, 16, out, 35);
}

static void md5_vectors(void)
{
	char hex[35];

	md5_hex("", hex);
	CHECK_STR(hex, "0xd41d8cd98f00b204e9800998ecf8427e");
	md5_hex("abc", hex);
	CHECK_STR(hex, "0x900150983cd24fb0d6963f7d28e17f72");
	md5_hex("message digest", hex);
	CHECK_STR(hex, "0xf96b697d7cb7938d525a2f31aaf161d0");
	md5_hex("1234567890123456789012345678901234567890"
		"1234567890123456789012345678901234567890", hex);
	CHECK_STR(hex, "0x57edf4a22be3c955ac49da2e2107b67a");
}

#define DEC(s, out) sanblk_iscsi_chap_decode(s, strlen(s), out, sizeof(out))

static void codec(void)
{
	u8 b[4], big[SANBLK_ISCSI_CHAP_CHAL_MAX];
	char s[2 * SANBLK_ISCSI_CHAP_CHAL_MAX + 8];

	CHECK_INT(DEC("0x0102", b), 2);
	CHECK(b[0] == 1 && b[1] == 2);
	CHECK_INT(DEC("0XaBc", b), 2);		/* odd: leading 0 */
	CHECK(b[0] == 0x0a && b[1] == 0xbc);
	CHECK_INT(DEC("0x1", b), 1);
	CHECK_INT(b[0], 1);
	CHECK_INT(DEC("0x", b), -EINVAL);
	CHECK_INT(DEC("0x12g4", b), -EINVAL);
	CHECK_INT(DEC("0x0102030405", b), -E2BIG);
	CHECK_INT(DEC("1234", b), -EINVAL);
	CHECK_INT(DEC("", b), -EINVAL);
	CHECK_INT(DEC("0b+wD/", b), 3);
	CHECK(b[0] == 0xfb && b[1] == 0 && b[2] == 0xff);
	CHECK_INT(DEC("0BYWI=", b), 2);
	CHECK(b[0] == 'a' && b[1] == 'b');
	CHECK_INT(DEC("0bYQ==", b), 1);
	CHECK_INT(DEC("0bYWI", b), 2);		/* padding left out */
	CHECK_INT(DEC("0bY===", b), -EINVAL);
	CHECK_INT(DEC("0bY", b), -EINVAL);
	CHECK_INT(DEC("0bY=Q=", b), -EINVAL);
	CHECK_INT(DEC("0bYW*=", b), -EINVAL);
	CHECK_INT(DEC("0b", b), -EINVAL);
	CHECK_INT(DEC("0b====", b), -EINVAL);

	/* 1024 bytes is the limit, 1025 is over it */
	memset(s, 'f', sizeof(s));
	memcpy(s, "0x", 2);
	s[2 + 2048] = '\0';
	CHECK_INT(DEC(s, big), 1024);
	s[2 + 2048] = 'f';
	s[2 + 2050] = '\0';
	CHECK_INT(DEC(s, big), -E2BIG);

	CHECK_INT(sanblk_iscsi_chap_encode(b, 2, s, 7), 6);
	CHECK_STR(s, "0x6162");
	CHECK_INT(sanblk_iscsi_chap_encode(b, 2, s, 6), -ENOSPC);

	CHECK_INT(sanblk_iscsi_chap_decode_id("0", 1), 0);
	CHECK_INT(sanblk_iscsi_chap_decode_id("255", 3), 255);
	CHECK_INT(sanblk_iscsi_chap_decode_id("0xfF", 4), 255);
	CHECK_INT(sanblk_iscsi_chap_decode_id("256", 3), -EINVAL);
	CHECK_INT(sanblk_iscsi_chap_decode_id("0x100", 5), -EINVAL);
	CHECK_INT(sanblk_iscsi_chap_decode_id("1a", 2), -EINVAL);
	CHECK_INT(sanblk_iscsi_chap_decode_id("", 0), -EINVAL);
	CHECK_INT(sanblk_iscsi_chap_decode_id("0x", 2), -EINVAL);
	CHECK_INT(sanblk_iscsi_chap_decode_id("-1", 2), -EINVAL);
}

static void respond(void)
{
	u8 chal[16], mine[16];
	char r[35];
	int i;

	for (i = 0; i < 16; i++) {
		chal[i] = (u8)(i + 1);
		mine[i] = (u8)(0x80 + i);
	}
	CHECK_INT(sanblk_iscsi_chap_respond(&ops, "secretsecret", 1, chal, 16,
					    NULL, r, sizeof(r)), 0);
	CHECK_STR(r, "0xfa56f1fd495b3f124996421bfddb4980");
	CHECK_INT(sanblk_iscsi_chap_respond(&ops, "secretsecret", 1, chal, 16,
					    mine, r, sizeof(r)), 0);
	/* reflection: the target sends our own challenge back */
	CHECK_INT(sanblk_iscsi_chap_respond(&ops, "secretsecret", 1, mine, 16,
					    mine, r, sizeof(r)), -EACCES);
	CHECK_INT(sanblk_iscsi_chap_respond(&ops, "secretsecret", 1, chal, 0,
					    NULL, r, sizeof(r)), -EPROTO);
	CHECK_INT(sanblk_iscsi_chap_respond(&ops, "secretsecret", 1, chal,
					    SANBLK_ISCSI_CHAP_CHAL_MAX + 1,
					    NULL, r, sizeof(r)), -EPROTO);
	CHECK_INT(sanblk_iscsi_chap_respond(&ops, "secretsecret", 1, chal, 16,
					    NULL, r, 34), -ENOSPC);
	rctx.md5_err = -ENOMEM;
	CHECK_INT(sanblk_iscsi_chap_respond(&ops, "secretsecret", 1, chal, 16,
					    NULL, r, sizeof(r)), -ENOMEM);
	rctx.md5_err = 0;
}

#define RV(s) s, strlen(s)

static void verify(void)
{
	u8 chal[16];
	int i;

	for (i = 0; i < 16; i++)
		chal[i] = (u8)i;
	CHECK_INT(sanblk_iscsi_chap_verify(&ops, 0xef, "target-secret", chal,
		  16, RV("0x17d53be9cee3e4e24fb14b3372f396e6")), 0);
	CHECK_INT(sanblk_iscsi_chap_verify(&ops, 0xef, "target-secret", chal,
		  16, RV("0X17D53BE9CEE3E4E24FB14B3372F396E6")), 0);
	CHECK_INT(sanblk_iscsi_chap_verify(&ops, 0xee, "target-secret", chal,
		  16, RV("0x17d53be9cee3e4e24fb14b3372f396e6")), -EACCES);
	CHECK_INT(sanblk_iscsi_chap_verify(&ops, 0xef, "target-secreT", chal,
		  16, RV("0x17d53be9cee3e4e24fb14b3372f396e6")), -EACCES);
	CHECK_INT(sanblk_iscsi_chap_verify(&ops, 0xef, "target-secret", chal,
		  16, RV("0x17d53be9cee3e4e24fb14b3372f396")), -EPROTO);
	CHECK_INT(sanblk_iscsi_chap_verify(&ops, 0xef, "target-secret", chal,
		  16, RV("0x17d53be9cee3e4e24fb14b3372f396e600")), -EPROTO);
	CHECK_INT(sanblk_iscsi_chap_verify(&ops, 0xef, "target-secret", chal,
		  16, RV("")), -EPROTO);
}

static void equal(void)
{
	u8 a[32], b[32];
	int i;

	for (i = 0; i < 32; i++)
		a[i] = b[i] = (u8)(i * 7);
	CHECK(sanblk_iscsi_chap_equal(a, b, 32));
	CHECK(sanblk_iscsi_chap_equal(a, b, 0));
	for (i = 0; i < 32; i++) {
		b[i] ^= 0x01;
		CHECK(!sanblk_iscsi_chap_equal(a, b, 32));
		b[i] ^= 0x81;
		CHECK(!sanblk_iscsi_chap_equal(a, b, 32));
		b[i] ^= 0x80;
	}
	b[31] ^= 1;
	CHECK(sanblk_iscsi_chap_equal(a, b, 31));
}

static void config(void)
{
	char err[128];

	CHECK_INT(sanblk_iscsi_chap_check_cfg(NULL, NULL, NULL, NULL,
					      err, sizeof(err)), 0);
	CHECK_INT(sanblk_iscsi_chap_check_cfg("", "", "", "",
					      err, sizeof(err)), 0);
	CHECK_INT(sanblk_iscsi_chap_check_cfg("u", "s", NULL, NULL,
					      err, sizeof(err)), 0);
	CHECK_INT(sanblk_iscsi_chap_check_cfg("u", "s", "r", "t",
					      err, sizeof(err)), 0);
	CHECK_INT(sanblk_iscsi_chap_check_cfg("u", "s", NULL, "t",
					      err, sizeof(err)), 0);
	CHECK_INT(sanblk_iscsi_chap_check_cfg("u", "same-secret", "r",
					      "same-secret", err, sizeof(err)),
		  -EINVAL);
	CHECK(strstr(err, "differ"));
	CHECK(!strstr(err, "same-secret"));
	CHECK_INT(sanblk_iscsi_chap_check_cfg(NULL, "s3cr3t", NULL, NULL,
					      err, sizeof(err)), -EINVAL);
	CHECK(!strstr(err, "s3cr3t"));
	CHECK_INT(sanblk_iscsi_chap_check_cfg("u", NULL, NULL, NULL,
					      err, sizeof(err)), -EINVAL);
	CHECK_INT(sanblk_iscsi_chap_check_cfg(NULL, NULL, "r", "t",
					      err, sizeof(err)), -EINVAL);
	CHECK_INT(sanblk_iscsi_chap_check_cfg("u", "s", "r", NULL,
					      err, sizeof(err)), -EINVAL);
}

int main(void)
{
	RUN("iscsi_chap", md5_vectors);
	RUN("iscsi_chap", codec);
	RUN("iscsi_chap", respond);
	RUN("iscsi_chap", verify);
	RUN("iscsi_chap", equal);
	RUN("iscsi_chap", config);
	UNIT_EXIT();
}
