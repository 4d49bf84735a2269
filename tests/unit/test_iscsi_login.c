// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/iscsi/pdu.c kmod/blk/iscsi/keys.c kmod/blk/iscsi/chap.c kmod/blk/iscsi/login.c kmod/blk/iscsi/login_keys.c kmod/blk/iscsi/login_chap.c
/*
 * The login state machine against a scripted target: no authentication,
 * one-way and mutual CHAP (our response checked with the reference MD5),
 * text over C=1 responses, keys the target proposes, NotUnderstood,
 * redirects, refusals with their sentences, and each protocol violation
 * a target can commit, with no secret ever in an error text.
 */
#define _GNU_SOURCE
#include "unit.h"
#include "login_script.h"

#define SECRET	"secretsecret"
#define RSECRET	"target-secret"
/* MD5(1 || SECRET || 01..10), from Python's hashlib */
#define OUR_R	"0xfa56f1fd495b3f124996421bfddb4980"
/* MD5(0x80 || RSECRET || 80..8f): the target's answer to our challenge */
#define THEIR_R	"0xbbf6dd01235803b4aa01b5b2b827ad58"
#define CHAL	"CHAP_A=5\0CHAP_I=1\0CHAP_C=0x0102030405060708090a0b0c0d0e0f10\0"
#define OP_ANS	"HeaderDigest=None\0" OP_ANS_REST
#define OP_ANS_REST "DataDigest=None\0ErrorRecoveryLevel=0\0" \
		"InitialR2T=Yes\0ImmediateData=Yes\0" \
		"MaxRecvDataSegmentLength=65536\0MaxBurstLength=131072\0" \
		"FirstBurstLength=65536\0MaxOutstandingR2T=1\0" \
		"DefaultTime2Wait=2\0DefaultTime2Retain=0\0MaxConnections=1\0" \
		"DataPDUInOrder=Yes\0DataSequenceInOrder=Yes\0"

/* No error text may hold a secret or a CHAP response. */
static void no_secret(void)
{
	CHECK(!strstr(L.err, SECRET));
	CHECK(!strstr(L.err, RSECRET));
	CHECK(!strstr(L.err, "fa56f1fd"));
	CHECK(!strstr(L.err, "bbf6dd01"));
	CHECK(L.err[0]);
}

static struct sanblk_iscsi_login_cfg cfg_chap(bool mutual)
{
	struct sanblk_iscsi_login_cfg c = cfg_plain();

	c.user = "init-user";
	c.secret = SECRET;
	if (mutual) {
		c.ruser = "tgt-user";
		c.rsecret = RSECRET;
	}
	return c;
}

/* The operational stage, from our offer to the full feature phase. */
static void op_stage(u16 tsih)
{
	CHECK(send_req() > 0);
	CHECK_INT(req.flags, TR(1, 3));
	CHECK_STR(req_val("HeaderDigest"), "None");
	CHECK_STR(req_val("MaxRecvDataSegmentLength"), "262144");
	CHECK_INT(rsp(TR(1, 3), 0, tsih, TXT(OP_ANS)), SANBLK_ISCSI_LOGIN_DONE);
}

static void noauth(void)
{
	struct sanblk_iscsi_login_cfg c = cfg_plain();

	CHECK_INT(start(&c), 0);
	CHECK_INT(send_req(), 48 + 108);
	CHECK_INT(req.opcode, SANBLK_ISCSI_OP_LOGIN_REQ);
	CHECK(req.immediate);
	CHECK_INT(req.flags, TR(0, 1));
	CHECK_INT(req.itt, 0x100);
	CHECK_INT(req.f24, 7);
	CHECK_INT(sanblk_iscsi_login_build(&L, pdu, sizeof(pdu)), -EINVAL);
	CHECK_STR(req_val("InitiatorName"), "iqn.2026-11.test:init");
	CHECK_STR(req_val("SessionType"), "Normal");
	CHECK_STR(req_val("TargetName"), "iqn.2026-11.test:disk1");
	CHECK_STR(req_val("AuthMethod"), "None");
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("AuthMethod=None\0"
					 "TargetPortalGroupTag=3\0")),
		  SANBLK_ISCSI_LOGIN_MORE);
	op_stage(0x1234);
	CHECK_INT(req.itt, 0x100);		/* the login's one ITT */
	CHECK_INT(req.f28, 1001);		/* ExpStatSN */
	CHECK(!req_val("AuthMethod"));
	CHECK_INT(L.tsih, 0x1234);
	CHECK_INT(L.exp_statsn, 1002);
	CHECK_INT(L.cmdsn, 7);
	CHECK_INT(L.exp_cmdsn, 7);
	CHECK_INT(L.max_cmdsn, 23);
	CHECK_INT(L.status, 0);
	CHECK(L.params.tpgt_seen && L.params.tpgt == 3 && !L.tpgt_missing);
	CHECK_INT(L.params.max_xmit_dsl, 65536);
	CHECK_INT(L.params.max_burst, 131072);
	CHECK_INT(L.params.initial_r2t, 1);
	CHECK_INT(sanblk_iscsi_login_build(&L, pdu, sizeof(pdu)), -EINVAL);
	CHECK_INT(rsp(TR(1, 3), 0, 1, TXT("")), -EINVAL);
}

/* Security stage up to our CHAP response; returns with it in req. */
static void chap_to_response(bool mutual)
{
	struct sanblk_iscsi_login_cfg c = cfg_chap(mutual);

	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(req.flags, STG(0));		/* no T: CHAP comes first */
	CHECK_STR(req_val("AuthMethod"), "CHAP");
	CHECK_INT(rsp(STG(0), 0, 0, TXT("AuthMethod=CHAP\0"
				       "TargetPortalGroupTag=1\0")),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_INT(req.flags, STG(0));
	CHECK_STR(req_val("CHAP_A"), "5");
	CHECK_INT(rsp(STG(0), 0, 0, TXT(CHAL)), SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_INT(req.flags, TR(0, 1));
	CHECK_STR(req_val("CHAP_N"), "init-user");
	CHECK(!req_has(SECRET, strlen(SECRET)));
}

static void chap_oneway(void)
{
	u8 chal[16], md[16];
	char hex[35];
	int i;

	chap_to_response(false);
	for (i = 0; i < 16; i++)
		chal[i] = (u8)(i + 1);
	md5_ref_chap(NULL, 1, (const u8 *)SECRET, strlen(SECRET), chal, 16, md);
	sanblk_iscsi_chap_encode(md, 16, hex, sizeof(hex));
	CHECK_STR(hex, OUR_R);
	CHECK_STR(req_val("CHAP_R"), OUR_R);
	CHECK(!req_val("CHAP_C") && !req_val("CHAP_I"));
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("")), SANBLK_ISCSI_LOGIN_MORE);
	op_stage(9);
	CHECK_INT(L.tsih, 9);
}

static void chap_mutual(void)
{
	chap_to_response(true);
	CHECK_STR(req_val("CHAP_R"), OUR_R);
	CHECK_STR(req_val("CHAP_I"), "128");
	CHECK_STR(req_val("CHAP_C"), "0x808182838485868788898a8b8c8d8e8f");
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("CHAP_N=tgt-user\0CHAP_R=" THEIR_R
					 "\0")), SANBLK_ISCSI_LOGIN_MORE);
	op_stage(9);

	/* a wrong response, a wrong name, none at all */
	chap_to_response(true);
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("CHAP_N=tgt-user\0CHAP_R=" OUR_R
					 "\0")), -EACCES);
	no_secret();
	chap_to_response(true);
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("CHAP_N=other\0CHAP_R=" THEIR_R
					 "\0")), -EACCES);
	no_secret();
	chap_to_response(true);
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("")), -EACCES);
	no_secret();
	chap_to_response(true);
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("CHAP_N=tgt-user\0CHAP_R=0x1234\0")),
		  -EPROTO);
	no_secret();

	/* the answer may come without T, then we ask to go on */
	chap_to_response(true);
	CHECK_INT(rsp(STG(0), 0, 0, TXT("CHAP_N=tgt-user\0CHAP_R=" THEIR_R
				       "\0")), SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_INT(req.flags, TR(0, 1));
	CHECK_INT(req.dlength, 0);
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("")), SANBLK_ISCSI_LOGIN_MORE);
}

/* Up to our CHAP_A, for what the target does with it. */
static void chap_to_algo(const struct sanblk_iscsi_login_cfg *c)
{
	CHECK_INT(start(c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(STG(0), 0, 0, TXT("AuthMethod=CHAP\0")),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
}

/*
 * Reflection across logins: a target that learnt our challenge in one
 * login and sends it back as its own in the next is refused, before
 * anything is computed with our secret; another challenge is answered.
 */
static void chap_reflected_old(void)
{
	static const u8 old[2][SANBLK_ISCSI_CHAP_CHAL_LEN] = {
		{ 0xee },
		{ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 },
	};
	struct sanblk_iscsi_login_cfg c = cfg_chap(true);

	/* the login that sends a challenge makes it known */
	chap_to_algo(&c);
	CHECK(!sanblk_iscsi_login_sent_chal(&L));
	CHECK_INT(rsp(STG(0), 0, 0, TXT(CHAL)), SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK(sanblk_iscsi_login_sent_chal(&L));
	CHECK(!memcmp(sanblk_iscsi_login_sent_chal(&L),
		      "\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f",
		      SANBLK_ISCSI_CHAP_CHAL_LEN));
	/* one-way CHAP sends none */
	chap_to_response(false);
	CHECK(!sanblk_iscsi_login_sent_chal(&L));

	/* CHAL's challenge (01..10) is the second one we sent before */
	c.old_chal = old;
	c.old_chals = 2;
	chap_to_algo(&c);
	CHECK_INT(rsp(STG(0), 0, 0, TXT(CHAL)), -EACCES);
	CHECK(strstr(L.err, "reflection"));
	CHECK(!sanblk_iscsi_login_sent_chal(&L));
	no_secret();
	/* not among those remembered: answered */
	c.old_chals = 1;
	chap_to_algo(&c);
	CHECK_INT(rsp(STG(0), 0, 0, TXT(CHAL)), SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_STR(req_val("CHAP_R"), OUR_R);
}

static void chap_refused(void)
{
	struct sanblk_iscsi_login_cfg c = cfg_chap(true);
	char err[SANBLK_ISCSI_LOGIN_ERR_LEN];

	/* reflection: the target challenges us with our own challenge */
	chap_to_algo(&c);
	CHECK_INT(rsp(STG(0), 0, 0, TXT("CHAP_A=5\0CHAP_I=1\0CHAP_C="
				       "0x808182838485868788898a8b8c8d8e8f\0")),
		  -EACCES);
	CHECK(strstr(L.err, "reflection"));
	no_secret();
	chap_to_algo(&c);
	CHECK_INT(rsp(STG(0), 0, 0, TXT("CHAP_A=7\0CHAP_I=1\0CHAP_C=0x01\0")),
		  -EPROTO);
	chap_to_algo(&c);
	CHECK_INT(rsp(STG(0), 0, 0, TXT("CHAP_A=5\0CHAP_I=1\0CHAP_C=0x\0")),
		  -EPROTO);
	chap_to_algo(&c);
	CHECK_INT(rsp(STG(0), 0, 0, TXT("CHAP_A=5\0CHAP_I=256\0CHAP_C=0x01\0")),
		  -EPROTO);
	chap_to_algo(&c);
	CHECK_INT(rsp(STG(0), 0, 0, TXT("CHAP_A=5\0CHAP_C=0x01\0")), -EPROTO);
	/* the target may not move on before CHAP is done */
	chap_to_algo(&c);
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT(CHAL)), -EPROTO);

	/* AuthMethod answers that do not match our offer */
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(STG(0), 0, 0, TXT("AuthMethod=None\0")), -EACCES);
	no_secret();
	c = cfg_plain();
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("AuthMethod=CHAP\0")), -EACCES);
	CHECK(strstr(L.err, "requires authentication"));
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(STG(0), 0, 0, TXT("CHAP_A=5\0")), -EPROTO);

	/* the same secret both ways is refused before anything is sent */
	c = cfg_chap(true);
	c.rsecret = SECRET;
	CHECK_INT(sanblk_iscsi_login_init(&L, &c, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "differ") && !strstr(err, SECRET));
	CHECK_INT(sanblk_iscsi_login_build(&L, pdu, sizeof(pdu)), -EINVAL);
}

/* The target's text in pieces (C=1); each answered with an empty PDU. */
static void split_text(void)
{
	struct sanblk_iscsi_login_cfg c = cfg_plain();
	static char big[SANBLK_ISCSI_LOGIN_DSL];

	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(STG(0) | F_C, 0, 0, TXT("AuthMethod=No")),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_INT(req.flags, STG(0));		/* same stage, no T */
	CHECK_INT(req.dlength, 0);
	CHECK_INT(req.f28, 1001);
	CHECK_INT(rsp(STG(0) | F_C, 0, 0, TXT("ne\0TargetPortal")),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(STG(0), 0, 0, TXT("GroupTag=2\0")),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK_INT(L.params.tpgt, 2);
	CHECK(send_req() > 0);
	CHECK_INT(req.flags, TR(0, 1));		/* now ask to go on */
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("")), SANBLK_ISCSI_LOGIN_MORE);
	op_stage(1);

	/* T and C together; and more text than we keep */
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(TR(0, 1) | F_C, 0, 0, TXT("AuthMethod=None\0")),
		  -EPROTO);
	CHECK_INT(start(&c), 0);
	memset(big, 'x', sizeof(big));
	CHECK(send_req() > 0);
	CHECK_INT(rsp(STG(0) | F_C, 0, 0, big, sizeof(big)),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(STG(0) | F_C, 0, 0, big, sizeof(big)),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(STG(0) | F_C, 0, 0, big, 1), -E2BIG);
}

/* Keys the target proposes are answered by their rule, not re-offered. */
static void proposals(void)
{
	struct sanblk_iscsi_login_cfg c = cfg_plain();

	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(STG(0), 0, 0, TXT("AuthMethod=None\0"
				       "TargetPortalGroupTag=1\0"
				       "MaxBurstLength=65536\0InitialR2T=Yes\0"
				       "HeaderDigest=CRC32C,None\0"
				       "MaxRecvDataSegmentLength=16384\0"
				       "X-Vendor.Thing=1\0")),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_INT(req.flags, TR(0, 1));
	CHECK_STR(req_val("MaxBurstLength"), "65536");
	CHECK_STR(req_val("InitialR2T"), "Yes");
	CHECK_STR(req_val("HeaderDigest"), "None");
	CHECK_STR(req_val("X-Vendor.Thing"), "NotUnderstood");
	CHECK(!req_val("MaxRecvDataSegmentLength"));	/* declarative */
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("")), SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK(!req_val("MaxBurstLength") && !req_val("HeaderDigest"));
	CHECK(!req_val("InitialR2T"));
	CHECK_STR(req_val("DataDigest"), "None");
	CHECK_STR(req_val("MaxRecvDataSegmentLength"), "262144");
	/* keys the target leaves unanswered take their defaults */
	CHECK_INT(rsp(TR(1, 3), 0, 5, TXT("DataDigest=None\0")),
		  SANBLK_ISCSI_LOGIN_DONE);
	CHECK_INT(L.params.max_burst, 65536);
	CHECK_INT(L.params.first_burst, 65536);
	CHECK_INT(L.params.initial_r2t, 1);
	CHECK_INT(L.params.max_xmit_dsl, 16384);
	CHECK_INT(L.params.time2retain, 20);
	CHECK_INT(L.params.immediate_data, 1);

	/* digests: CRC32C wanted and only None proposed */
	c.want_hdigest = 1;
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(STG(0), 0, 0, TXT("AuthMethod=None\0HeaderDigest=None\0")),
		  -EOPNOTSUPP);
	/* CRC32C required, and the target never agreed to it */
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("AuthMethod=None\0")),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_STR(req_val("HeaderDigest"), "CRC32C");
	CHECK_INT(rsp(TR(1, 3), 0, 1, TXT("HeaderDigest=Reject\0")),
		  -EOPNOTSUPP);
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("AuthMethod=None\0")),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(TR(1, 3), 0, 1, TXT("")), -EOPNOTSUPP);
	CHECK(strstr(L.err, "CRC32C"));
	/* a proposal in a response that also ends the stage */
	c.want_hdigest = 0;
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("AuthMethod=None\0MaxBurstLength=512\0")),
		  -EPROTO);
}

/* Reject/NotUnderstood/Irrelevant and keys we do not know. */
static void not_understood(void)
{
	struct sanblk_iscsi_login_cfg c = cfg_plain();

	c.want_hdigest = 2;
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("AuthMethod=None\0"
					 "TargetPortalGroupTag=1\0")),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_STR(req_val("HeaderDigest"), "CRC32C,None");
	CHECK_INT(rsp(STG(1), 0, 0, TXT("HeaderDigest=CRC32C\0"
				       "ImmediateData=NotUnderstood\0"
				       "InitialR2T=Reject\0"
				       "DefaultTime2Retain=Irrelevant\0"
				       "X-Odd=1\0")),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_INT(req.flags, TR(1, 3));
	CHECK_STR(req_val("X-Odd"), "NotUnderstood");
	CHECK_INT(req.dlength, sizeof("X-Odd=NotUnderstood"));
	/* an unknown key in the final response needs no answer */
	CHECK_INT(rsp(TR(1, 3), 0, 4, TXT("X-Other=2\0")),
		  SANBLK_ISCSI_LOGIN_DONE);
	CHECK_INT(L.params.header_digest, 1);
	CHECK_INT(L.params.immediate_data, 1);
	CHECK_INT(L.params.initial_r2t, 1);
	CHECK_INT(L.params.time2retain, 20);
	CHECK_INT(L.params.max_xmit_dsl, 8192);	/* never declared */
}

static void redirect(void)
{
	struct sanblk_iscsi_login_cfg c = cfg_plain();

	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(0, 0x0101, 0, TXT("TargetAddress=10.0.0.9:3260,1\0")),
		  SANBLK_ISCSI_LOGIN_REDIRECT);
	CHECK_STR(L.redirect.addr, "10.0.0.9:3260,1");
	CHECK(!L.redirect.permanent);
	CHECK_INT(sanblk_iscsi_login_build(&L, pdu, sizeof(pdu)), -EINVAL);
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(0, 0x0102, 0, TXT("TargetAddress=[fd00::9]:3260,2\0")),
		  SANBLK_ISCSI_LOGIN_REDIRECT);
	CHECK_STR(L.redirect.addr, "[fd00::9]:3260,2");
	CHECK(L.redirect.permanent);
	CHECK(strstr(L.err, "permanently"));
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(0, 0x0101, 0, TXT("")), -EPROTO);
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(0, 0x0103, 0, TXT("TargetAddress=10.0.0.9\0")), -EPROTO);
}

static void refusals(void)
{
	static const struct {
		u16 status;
		int err;
		const char *words;
	} t[] = {
		{ 0x0201, -EACCES, "authentication failed" },
		{ 0x0202, -EACCES, "not authorized" },
		{ 0x0203, -ENOENT, "target not found" },
		{ 0x0204, -ENOENT, "removed" },
		{ 0x0207, -EINVAL, "missing parameter" },
		{ 0x0300, -EAGAIN, "target error" },
		{ 0x0301, -EAGAIN, "unavailable" },
		{ 0x0302, -EAGAIN, "out of resources" },
		{ 0x0400, -EPROTO, "unknown login status 0x0400" },
	};
	struct sanblk_iscsi_login_cfg c = cfg_chap(true);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		CHECK_INT(start(&c), 0);
		CHECK(send_req() > 0);
		CHECK_INT(rsp(0, t[i].status, 0, TXT("")), t[i].err);
		CHECK(strstr(L.err, t[i].words));
		no_secret();
		CHECK_INT(L.status, t[i].status);
		/* a failed login stays failed */
		CHECK_INT(rsp(0, 0, 0, TXT("")), t[i].err);
	}
	CHECK_STR(L.err, "target answered with unknown login status 0x0400");
	L.err[0] = '\0';
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(0, 0x0201, 0, TXT("")), -EACCES);
	CHECK_STR(L.err, "login refused: authentication failed: check the "
		  "CHAP user name and secret (status 0x0201)");
}

static void tpgt_missing(void)
{
	struct sanblk_iscsi_login_cfg c = cfg_plain();

	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("AuthMethod=None\0")),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(L.tpgt_missing);
	op_stage(1);
	CHECK(!L.params.tpgt_seen);

	/* discovery sessions need none, and name no target */
	c.target = NULL;
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_STR(req_val("SessionType"), "Discovery");
	CHECK(!req_val("TargetName"));
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("AuthMethod=None\0")),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(!L.tpgt_missing);
}

/*
 * A target as strict as LIO (iscsi_target_check_login_request()): the
 * first request's ITT is the login's, and a later request with another
 * is answered "initiator error" (0x0200) under the ITT it knows.
 */
static int lio_rsp(u32 itt, u8 flags, u16 tsih, const char *text, size_t len)
{
	struct sanblk_iscsi_bhs h;

	if (req.itt != itt) {
		rsp_fill(&h, 0, 0x0200, 0, 0);
		h.itt = itt;
		return rsp_bhs(&h, "", 0);
	}
	return rsp(flags, 0, tsih, text, len);
}

/*
 * LIO's mutual CHAP login, as it answers: AuthMethod and the portal
 * group tag, the challenge, its own CHAP_N/CHAP_R with T, then the
 * operational keys.  Every one of our four requests, and the empty one
 * that takes a C=1 response, carries the first request's ITT.
 */
static void lio_one_itt(void)
{
	static const struct {
		u8 flags;
		u16 tsih;
		const char *text;
		size_t len;
		int want;
	} lio[] = {
		{ STG(0), 0, TXT("AuthMethod=CHAP\0TargetPortalGroupTag=1\0"),
		  SANBLK_ISCSI_LOGIN_MORE },
		{ STG(0), 0, TXT(CHAL), SANBLK_ISCSI_LOGIN_MORE },
		{ TR(0, 1), 0, TXT("CHAP_N=tgt-user\0CHAP_R=" THEIR_R "\0"),
		  SANBLK_ISCSI_LOGIN_MORE },
		/* the operational answers in two pieces, C=1 first */
		{ F_C | STG(1) | 3, 0, TXT("HeaderDigest=None\0"),
		  SANBLK_ISCSI_LOGIN_MORE },
		{ STG(1) | 3, 0, TXT(OP_ANS_REST), SANBLK_ISCSI_LOGIN_MORE },
		{ TR(1, 3), 5, TXT(""), SANBLK_ISCSI_LOGIN_DONE },
	};
	struct sanblk_iscsi_login_cfg c = cfg_chap(true);
	size_t i;
	u32 itt;
	int got;

	CHECK_INT(start(&c), 0);
	for (i = 0; i < ARRAY_SIZE(lio); i++) {
		CHECK(send_req() > 0);
		if (!i)
			itt = req.itt;
		CHECK_INT(req.itt, 0x100);
		got = lio_rsp(itt, lio[i].flags, lio[i].tsih, lio[i].text,
			      lio[i].len);
		CHECK_INT(got, lio[i].want);
		if (got != lio[i].want) {
			printf("  response %zu: %s\n", i, L.err);
			return;
		}
	}
	CHECK_INT(L.tsih, 5);
	CHECK_INT(L.params.tpgt, 1);

	/* and a login without CHAP: two requests, one ITT */
	c = cfg_plain();
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(lio_rsp(itt, TR(0, 1), 0, TXT("AuthMethod=None\0"
					       "TargetPortalGroupTag=1\0")),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_INT(lio_rsp(itt, TR(1, 3), 6, TXT(OP_ANS)),
		  SANBLK_ISCSI_LOGIN_DONE);
	CHECK_INT(L.tsih, 6);
}

/* One response, with one field spoiled, in the operational stage. */
static int spoiled(int what)
{
	struct sanblk_iscsi_login_cfg c = cfg_plain();
	struct sanblk_iscsi_bhs h;

	c.tsih = what == 6 ? 0x55 : 0;
	start(&c);
	send_req();
	rsp(TR(0, 1), 0, 0, TXT("AuthMethod=None\0TargetPortalGroupTag=1\0"));
	send_req();
	rsp_fill(&h, TR(1, 3), 0, 0x77, sizeof(OP_ANS) - 1);
	switch (what) {
	case 0: h.itt++; break;
	case 1: h.lun[5] ^= 1; break;
	case 2: h.f24 += 2; break;			/* StatSN skips */
	case 3: h.flags = TR(0, 3); break;		/* wrong CSG */
	case 4: h.flags = TR(1, 1); break;		/* NSG not asked */
	case 5: sanblk_put_be16(h.lun + 6, 0); break;	/* no TSIH */
	case 6: break;					/* TSIH not ours */
	case 7: h.opcode = SANBLK_ISCSI_OP_REJECT; break;
	case 8: h.b3 = 1; break;			/* version */
	}
	return rsp_bhs(&h, TXT(OP_ANS));
}

static void violations(void)
{
	struct sanblk_iscsi_login_cfg c = cfg_plain();
	int i;

	for (i = 0; i <= 8; i++) {
		CHECK_INT(spoiled(i), -EPROTO);
		no_secret();
	}
	CHECK(strstr(L.err, "version"));
	CHECK_INT(spoiled(0), -EPROTO);
	CHECK(strstr(L.err, "ITT"));

	/* a key twice, across responses */
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(STG(0), 0, 0, TXT("AuthMethod=None\0"
				       "TargetPortalGroupTag=1\0")),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("TargetPortalGroupTag=1\0")),
		  -EPROTO);
	CHECK_STR(L.err, "target sent TargetPortalGroupTag twice during login");
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(STG(0), 0, 0, TXT("AuthMethod=None\0X-A=1\0")),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(STG(0), 0, 0, TXT("X-A=1\0")), -EPROTO);
	/* and twice in one response */
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(STG(0), 0, 0, TXT("AuthMethod=None\0AuthMethod=None\0")),
		  -EPROTO);
	CHECK(strstr(L.err, "malformed"));
	/* an answer our offer could not produce */
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("AuthMethod=None\0")),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(TR(1, 3), 0, 1, TXT("MaxBurstLength=1048576\0")),
		  -EPROTO);
	CHECK(strstr(L.err, "MaxBurstLength"));
	/* CHAP keys in the operational stage */
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("AuthMethod=None\0")),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_INT(rsp(STG(1), 0, 0, TXT("CHAP_A=5\0")), -EPROTO);
	/* a target that never ends the login */
	CHECK_INT(start(&c), 0);
	for (i = 0; i < SANBLK_ISCSI_LOGIN_ROUNDS; i++) {
		if (send_req() < 0)
			break;
		if (rsp(STG(0), 0, 0, TXT("")) != SANBLK_ISCSI_LOGIN_MORE)
			break;
	}
	CHECK_INT(i, SANBLK_ISCSI_LOGIN_ROUNDS - 1);
	CHECK_INT(L.error, -EPROTO);
	/* a response when none is due */
	CHECK_INT(start(&c), 0);
	CHECK_INT(rsp(TR(0, 1), 0, 0, TXT("")), -EINVAL);
}

static void reinstatement(void)
{
	struct sanblk_iscsi_login_cfg c = cfg_plain();

	c.tsih = 0x55;
	c.max_recv_dsl = 65536;
	CHECK_INT(start(&c), 0);
	CHECK(send_req() > 0);
	CHECK_INT(sanblk_iscsi_login_tsih(&req), 0x55);
	CHECK_INT(rsp(TR(0, 1), 0, 0x55, TXT("AuthMethod=None\0"
					    "TargetPortalGroupTag=1\0")),
		  SANBLK_ISCSI_LOGIN_MORE);
	CHECK(send_req() > 0);
	CHECK_STR(req_val("MaxRecvDataSegmentLength"), "65536");
	CHECK_INT(rsp(TR(1, 3), 0, 0x55, TXT(OP_ANS)), SANBLK_ISCSI_LOGIN_DONE);
	CHECK_INT(L.tsih, 0x55);
	CHECK_INT(L.params.max_recv_dsl, 65536);
}

static void config(void)
{
	struct sanblk_iscsi_login_cfg c = cfg_plain();
	char err[SANBLK_ISCSI_LOGIN_ERR_LEN], name[300];

	c.initiator = "";
	CHECK_INT(sanblk_iscsi_login_init(&L, &c, err, sizeof(err)), -EINVAL);
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	c = cfg_plain();
	c.target = name;
	CHECK_INT(sanblk_iscsi_login_init(&L, &c, err, sizeof(err)), -EINVAL);
	c = cfg_plain();
	c.want_ddigest = 3;
	CHECK_INT(sanblk_iscsi_login_init(&L, &c, err, sizeof(err)), -EINVAL);
	c = cfg_plain();
	c.max_recv_dsl = 100;
	CHECK_INT(sanblk_iscsi_login_init(&L, &c, err, sizeof(err)), -EINVAL);
	c = cfg_chap(false);
	c.chap = NULL;
	CHECK_INT(sanblk_iscsi_login_init(&L, &c, err, sizeof(err)), -EINVAL);
	c = cfg_chap(false);
	c.user = NULL;
	CHECK_INT(sanblk_iscsi_login_init(&L, &c, err, sizeof(err)), -EINVAL);
	CHECK(!strstr(err, SECRET));
	c = cfg_plain();
	CHECK_INT(sanblk_iscsi_login_init(&L, &c, err, sizeof(err)), 0);
	CHECK_INT(sanblk_iscsi_login_build(&L, pdu, 100), -ENOSPC);
}

int main(void)
{
	RUN("iscsi_login", noauth);
	RUN("iscsi_login", chap_oneway);
	RUN("iscsi_login", chap_mutual);
	RUN("iscsi_login", chap_refused);
	RUN("iscsi_login", chap_reflected_old);
	RUN("iscsi_login", split_text);
	RUN("iscsi_login", proposals);
	RUN("iscsi_login", not_understood);
	RUN("iscsi_login", redirect);
	RUN("iscsi_login", refusals);
	RUN("iscsi_login", tpgt_missing);
	RUN("iscsi_login", lio_one_itt);
	RUN("iscsi_login", violations);
	RUN("iscsi_login", reinstatement);
	RUN("iscsi_login", config);
	UNIT_EXIT();
}
