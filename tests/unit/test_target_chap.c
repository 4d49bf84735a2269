// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/target.c kmod/blk/target_opt.c kmod/blk/target_value.c kmod/blk/target_cred.c kmod/common/text.c
/*
 * chap=<path>: the option (an absolute path, shown in the canonical form,
 * not together with inline credentials) and the file's contents (one line
 * of credentials, read into the target, never quoted in a message, wiped
 * when rejected).
 */
#include "target.h"
#include "unit.h"

#define T_ISCSI	"iscsi:10.0.0.1:::1:iqn.x"
#define CREDS_FORM "credentials must be user:secret or user:secret:ruser:rsecret"

static struct sanblk_target t;
static char err[SANBLK_ERR_MAX];

static int parse(const char *s)
{
	memset(err, 'X', sizeof(err));
	return sanblk_target_parse(s, &t, err, sizeof(err));
}

static const char *canon(void)
{
	static char buf[SANBLK_TARGET_MAX];

	sanblk_target_format(&t, true, buf, sizeof(buf));
	return buf;
}

/* The file's contents, s, read into a target parsed from T_ISCSI,chap=. */
static int file(const char *s, size_t n)
{
	CHECK_INT(parse(T_ISCSI ",chap=/etc/sanblk/x.secret"), 0);
	memset(err, 'X', sizeof(err));
	return sanblk_target_read_creds(&t, s, n, err, sizeof(err));
}

#define BAD(s, msg) do {						\
	CHECK_INT(parse(s), -EINVAL);					\
	CHECK_STR(err, msg);						\
	CHECK_INT(t.transport, SANBLK_TRANSPORT_NONE);			\
	CHECK_STR(t.chap_file, "");					\
} while (0)

/* The contents must be refused with msg, leaving no credential behind. */
#define BAD_FILE(s, n, msg) do {					\
	CHECK_INT(file(s, n), -EINVAL);					\
	CHECK_STR(err, msg);						\
	CHECK(!t.user[0] && !t.pass[0] && !t.ruser[0] && !t.rpass[0]);	\
} while (0)

static void option(void)
{
	CHECK_INT(parse(T_ISCSI ",chap=/etc/sanblk/disk1.secret"), 0);
	CHECK_STR(err, "");
	CHECK_STR(t.chap_file, "/etc/sanblk/disk1.secret");
	CHECK_STR(t.user, "");
	CHECK_STR(canon(), "iscsi:10.0.0.1::3260:1:iqn.x,chap=/etc/sanblk/disk1.secret");

	/* after every other option in the canonical form; re-parses alike */
	CHECK_INT(parse(T_ISCSI ",chap=/s,conns=2,ro"), 0);
	CHECK_STR(canon(), "iscsi:10.0.0.1::3260:1:iqn.x,ro,conns=2,chap=/s");
	CHECK_INT(parse(canon()), 0);
	CHECK_STR(t.chap_file, "/s");

	/* without chap= nothing is shown */
	CHECK_INT(parse(T_ISCSI), 0);
	CHECK_STR(t.chap_file, "");
	CHECK(!strstr(canon(), "chap"));
}

static void option_errors(void)
{
	char s[SANBLK_TARGET_MAX];

	BAD(T_ISCSI ",chap=etc/x", "iscsi: chap path 'etc/x' is not an absolute file name");
	BAD(T_ISCSI ",chap=/", "iscsi: chap path '/' is not an absolute file name");
	BAD(T_ISCSI ",chap=", "iscsi: chap path '' is not an absolute file name");
	BAD(T_ISCSI ",chap", "iscsi: option 'chap' needs a value");
	BAD(T_ISCSI ",chap=/a b", "iscsi: chap path '/a b' has a blank or control character");
	BAD(T_ISCSI ",chap=/a\tb", "iscsi: chap path '/a\tb' has a blank or control character");
	BAD(T_ISCSI ",chap=/a,chap=/b", "iscsi: option 'chap' given twice");
	BAD("aoe:e0.1,chap=/a", "aoe: option 'chap' applies to iscsi only");

	strcpy(s, T_ISCSI ",chap=/");
	memset(s + strlen(s), 'p', 254);
	s[strlen(T_ISCSI ",chap=/") + 254] = '\0';
	CHECK_INT(parse(s), 0);
	CHECK_INT(strlen(t.chap_file), 255);
	strcat(s, "p");
	BAD(s, "iscsi: chap path longer than 255 bytes");

	/* not with inline credentials, which are not quoted */
	BAD("iscsi:alice:sekrit@10.0.0.1:::1:iqn.x,chap=/etc/x",
	    "iscsi: chap= and inline credentials (user:secret@) both given");
	CHECK(!strstr(err, "sekrit") && !strstr(err, "alice"));
	CHECK_STR(t.pass, "");
	/* a ',' ends the path; an '@' would start the credentials: refused */
	BAD(T_ISCSI ",chap=/a,b", "iscsi: unknown option 'b'");
	CHECK_INT(parse(T_ISCSI ",chap=/a@b"), -EINVAL);
	CHECK_STR(t.chap_file, "");
}

static void contents(void)
{
	CHECK_INT(file("alice:s3cret\n", 13), 0);
	CHECK_STR(err, "");
	CHECK_STR(t.user, "alice");
	CHECK_STR(t.pass, "s3cret");
	CHECK_STR(t.ruser, "");
	CHECK_STR(t.rpass, "");
	/* the canonical form shows the file, never what it holds */
	CHECK_STR(canon(), "iscsi:10.0.0.1::3260:1:iqn.x,chap=/etc/sanblk/x.secret");

	CHECK_INT(file("alice:s3cret:tgt:t0p@se,cret", 28), 0);
	CHECK_STR(t.user, "alice");
	CHECK_STR(t.pass, "s3cret");
	CHECK_STR(t.ruser, "tgt");
	CHECK_STR(t.rpass, "t0p@se,cret");
	CHECK(!strstr(canon(), "s3cret") && !strstr(canon(), "t0p"));

	/* bytes past n are not read */
	CHECK_INT(file("u:secretXYZ", 8), 0);
	CHECK_STR(t.pass, "secret");
}

static void contents_errors(void)
{
	char big[SANBLK_CHAP_FILE_MAX + 2];

	BAD_FILE("", 0, "empty; expected user:secret or user:secret:ruser:rsecret");
	BAD_FILE("\n", 1, "empty; expected user:secret or user:secret:ruser:rsecret");
	BAD_FILE("sekrit\n", 7, CREDS_FORM);
	BAD_FILE("u:sekrit:r\n", 11, CREDS_FORM);
	BAD_FILE("u:sekrit:r:rsekrit:x\n", 21, CREDS_FORM);
	BAD_FILE(":sekrit\n", 8, "empty CHAP user name");
	BAD_FILE("u:\n", 3, "empty CHAP secret");
	BAD_FILE("u:sekrit::rsekrit\n", 18, "empty reverse CHAP user name");
	BAD_FILE("u:sekrit:r:\n", 12, "empty reverse CHAP secret");
	BAD_FILE("u:sekrit\n\n", 10, "more than one line");
	BAD_FILE("u:sekrit\nv:other\n", 17, "more than one line");
	BAD_FILE("u:sekrit\r\n", 10, "a control character; expected one line of printable text");
	BAD_FILE("u:sek\0rit", 9, "a control character; expected one line of printable text");
	CHECK(!strstr(err, "sekrit"));

	/* 255 bytes a field at most; the file no longer than four of them */
	memset(big, 's', sizeof(big));
	big[0] = 'u';
	big[1] = ':';
	CHECK_INT(file(big, 2 + 255), 0);
	CHECK_INT(strlen(t.pass), 255);
	BAD_FILE(big, 2 + 256, "CHAP secret longer than 255 bytes");
	BAD_FILE(big, SANBLK_CHAP_FILE_MAX + 1, "longer than 1024 bytes");

	/* inline credentials and the file's: refused, the first kept */
	CHECK_INT(parse("iscsi:alice:s3cret@10.0.0.1:::1:iqn.x"), 0);
	CHECK_INT(sanblk_target_read_creds(&t, "bob:other", 9, err,
					   sizeof(err)), -EINVAL);
	CHECK_STR(err, "inline credentials (user:secret@) given too; keep one");
	CHECK_STR(t.user, "alice");
	CHECK_STR(t.pass, "s3cret");
}

int main(void)
{
	RUN("target_chap", option);
	RUN("target_chap", option_errors);
	RUN("target_chap", contents);
	RUN("target_chap", contents_errors);
	UNIT_EXIT();
}
