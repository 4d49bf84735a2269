// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/iscsi/keys.c
/*
 * iSCSI text keys: pair parsing and its limits, the initiator's offer,
 * the target's answers by each key's RFC 7143 rule, and status texts.
 */
#include "iscsi/keys.h"
#include "unit.h"

#define SEG(s) ((const u8 *)(s)), (sizeof(s) - 1)

static void parse(void)
{
	struct sanblk_iscsi_kv kv[4];
	char big[400];

	CHECK_INT(sanblk_iscsi_keys_parse(SEG("A=1\0Bb=x y\0"), kv, 4), 2);
	CHECK_INT(kv[1].klen, 2);
	CHECK_INT(kv[1].vlen, 3);
	CHECK(!memcmp(kv[1].val, "x y", 3));
	CHECK_INT(sanblk_iscsi_keys_parse(SEG("A=\0"), kv, 4), 1);
	CHECK_INT(sanblk_iscsi_keys_parse(SEG(""), kv, 4), 0);
	CHECK_INT(sanblk_iscsi_keys_parse(SEG("A=1"), kv, 4), -EINVAL);
	CHECK_INT(sanblk_iscsi_keys_parse(SEG("A1\0"), kv, 4), -EINVAL);
	CHECK_INT(sanblk_iscsi_keys_parse(SEG("=1\0"), kv, 4), -EINVAL);
	CHECK_INT(sanblk_iscsi_keys_parse(SEG("\0"), kv, 4), -EINVAL);
	CHECK_INT(sanblk_iscsi_keys_parse(SEG("A b=1\0"), kv, 4), -EINVAL);
	CHECK_INT(sanblk_iscsi_keys_parse(SEG("A=1\0A=2\0"), kv, 4), -EEXIST);
	CHECK_INT(sanblk_iscsi_keys_parse(SEG("A=1\0B=2\0C=3\0"), kv, 2),
		  -E2BIG);

	memset(big, 'k', sizeof(big));
	big[64] = '=';
	big[66] = '\0';
	CHECK_INT(sanblk_iscsi_keys_parse((u8 *)big, 67, kv, 4), -ENAMETOOLONG);
	big[63] = '=';				/* 63-byte key: fine */
	CHECK_INT(sanblk_iscsi_keys_parse((u8 *)big, 67, kv, 4), 1);
	memset(big, 'v', sizeof(big));
	memcpy(big, "Key=", 4);			/* 256-byte value */
	big[260] = '\0';
	CHECK_INT(sanblk_iscsi_keys_parse((u8 *)big, 261, kv, 4), -ENAMETOOLONG);
	memcpy(big, "CHAP_C=", 7);		/* long challenges allowed */
	big[260] = 'v';
	big[263] = '\0';
	CHECK_INT(sanblk_iscsi_keys_parse((u8 *)big, 264, kv, 4), 1);
}

static void offer(void)
{
	struct sanblk_iscsi_params p;
	struct sanblk_iscsi_kv kv[SANBLK_ISCSI_PAIRS_MAX];
	char buf[512];
	int n;

	sanblk_iscsi_params_init(&p);
	n = sanblk_iscsi_offer(buf, sizeof(buf), &p, 2, 0);
	CHECK(n > 0);
	CHECK_INT(sanblk_iscsi_keys_parse((u8 *)buf, (size_t)n, kv, 64), 14);
	CHECK_STR(kv[0].key, "HeaderDigest=CRC32C,None");
	CHECK_STR(kv[1].key, "DataDigest=None");
	CHECK_STR(kv[3].key, "InitialR2T=No");
	CHECK_STR(kv[5].key, "MaxRecvDataSegmentLength=262144");
	CHECK_INT(sanblk_iscsi_offer(buf, 100, &p, 2, 0), -ENOSPC);
}

static int nego(struct sanblk_iscsi_params *p, const u8 *seg, size_t len,
		char *ans, size_t *alen)
{
	struct sanblk_iscsi_kv kv[SANBLK_ISCSI_PAIRS_MAX];
	int n = sanblk_iscsi_keys_parse(seg, len, kv, SANBLK_ISCSI_PAIRS_MAX);

	if (n < 0)
		return n;
	return sanblk_iscsi_negotiate(p, kv, n, 2, 1, ans, 128, alen);
}

static void negotiate(void)
{
	struct sanblk_iscsi_params p;
	char ans[128];
	size_t alen;

	sanblk_iscsi_params_init(&p);
	CHECK_INT(nego(&p, SEG("HeaderDigest=CRC32C\0DataDigest=CRC32C\0"
			       "InitialR2T=Yes\0ImmediateData=No\0"
			       "MaxRecvDataSegmentLength=65536\0"
			       "MaxBurstLength=0x8000\0FirstBurstLength=65536\0"
			       "DefaultTime2Wait=5\0ErrorRecoveryLevel=0\0"
			       "TargetPortalGroupTag=1\0TargetAlias=disk\0"
			       "X-Vendor=1\0"), ans, &alen), 0);
	CHECK(p.header_digest && p.data_digest);
	CHECK(p.initial_r2t && !p.immediate_data);
	CHECK_INT(p.max_xmit_dsl, 65536);
	CHECK_INT(p.max_recv_dsl, 262144);
	CHECK_INT(p.max_burst, 32768);
	CHECK_INT(p.first_burst, 32768);	/* cut to MaxBurstLength */
	CHECK_INT(p.time2wait, 5);
	CHECK(p.tpgt_seen && p.tpgt == 1);
	CHECK_INT(alen, sizeof("X-Vendor=NotUnderstood"));
	CHECK_STR(ans, "X-Vendor=NotUnderstood");

	/* answers the rules cannot give */
	CHECK_INT(nego(&p, SEG("DataDigest=None\0"), ans, &alen), -EPROTO);
	CHECK_INT(nego(&p, SEG("HeaderDigest=MD5\0"), ans, &alen), -EPROTO);
	sanblk_iscsi_params_init(&p);
	CHECK_INT(nego(&p, SEG("MaxBurstLength=524288\0"), ans, &alen), -EPROTO);
	CHECK_INT(nego(&p, SEG("InitialR2T=Maybe\0"), ans, &alen), -EPROTO);
	CHECK_INT(nego(&p, SEG("ImmediateData=Yes\0DefaultTime2Wait=1\0"),
		       ans, &alen), -EPROTO);
	CHECK_INT(nego(&p, SEG("MaxRecvDataSegmentLength=511\0"), ans, &alen),
		  -EPROTO);
	CHECK_INT(nego(&p, SEG("MaxRecvDataSegmentLength=16777216\0"),
		       ans, &alen), -EPROTO);
	CHECK_INT(nego(&p, SEG("MaxBurstLength=99999999999\0"), ans, &alen),
		  -EPROTO);
	CHECK_INT(nego(&p, SEG("TargetPortalGroupTag=0x\0"), ans, &alen),
		  -EPROTO);

	/* Reject / Irrelevant / NotUnderstood: the RFC default applies */
	sanblk_iscsi_params_init(&p);
	CHECK_INT(nego(&p, SEG("InitialR2T=Reject\0DefaultTime2Retain="
			       "Irrelevant\0"), ans, &alen), 0);
	CHECK_INT(p.initial_r2t, 1);
	CHECK_INT(p.time2retain, 20);

	CHECK_INT(nego(&p, SEG("TargetAddress=10.0.0.2:3260,1\0"), ans, &alen),
		  0);
	CHECK(p.redirect);
	CHECK_STR(p.target_address, "10.0.0.2:3260,1");
}

static int resp(struct sanblk_iscsi_params *p, const u8 *seg, size_t len,
		char *ans, size_t *used)
{
	struct sanblk_iscsi_kv kv;

	if (sanblk_iscsi_keys_parse(seg, len, &kv, 1) != 1)
		return -EINVAL;
	return sanblk_iscsi_respond(p, &kv, 0, 2, ans, 128, used);
}

/* Keys the target proposes: the result of each rule is our answer. */
static void respond(void)
{
	struct sanblk_iscsi_params p;
	char ans[128];
	size_t used = 0;

	sanblk_iscsi_params_init(&p);
	CHECK_INT(resp(&p, SEG("MaxBurstLength=1048576\0"), ans, &used), 0);
	CHECK_INT(p.max_burst, 262144);			/* min */
	CHECK_INT(resp(&p, SEG("DefaultTime2Wait=1\0"), ans, &used), 0);
	CHECK_INT(p.time2wait, 2);			/* max */
	CHECK_INT(resp(&p, SEG("InitialR2T=Yes\0"), ans, &used), 0);
	CHECK_INT(p.initial_r2t, 1);			/* or */
	CHECK_INT(resp(&p, SEG("ImmediateData=No\0"), ans, &used), 0);
	CHECK_INT(p.immediate_data, 0);			/* and */
	CHECK_INT(resp(&p, SEG("HeaderDigest=CRC32C,None\0"), ans, &used), 0);
	CHECK_INT(p.header_digest, 0);			/* want 0 */
	CHECK_INT(resp(&p, SEG("DataDigest=MD5,CRC32C\0"), ans, &used), 0);
	CHECK_INT(p.data_digest, 1);			/* want 2 */
	CHECK_INT(resp(&p, SEG("MaxRecvDataSegmentLength=4096\0"), ans,
		       &used), 0);
	CHECK_INT(p.max_xmit_dsl, 4096);		/* declared */
	CHECK_INT(resp(&p, SEG("TargetPortalGroupTag=7\0"), ans, &used), 0);
	CHECK(p.tpgt_seen && p.tpgt == 7);
	CHECK(!memcmp(ans, "MaxBurstLength=262144\0DefaultTime2Wait=2\0"
		      "InitialR2T=Yes\0ImmediateData=No\0HeaderDigest=None\0"
		      "DataDigest=CRC32C\0", used));
	CHECK_INT(used, 109);

	CHECK_INT(resp(&p, SEG("HeaderDigest=CRC32C\0"), ans, &used),
		  -EOPNOTSUPP);
	CHECK_INT(resp(&p, SEG("MaxBurstLength=1\0"), ans, &used), -EPROTO);
	CHECK_INT(resp(&p, SEG("InitialR2T=NotUnderstood\0"), ans, &used),
		  -EPROTO);
	CHECK_INT(resp(&p, SEG("X-Unknown=1\0"), ans, &used), -ENOENT);
	used = 120;
	CHECK_INT(resp(&p, SEG("MaxBurstLength=512\0"), ans, &used), -ENOSPC);
}

static void status(void)
{
	CHECK_STR(sanblk_iscsi_login_status_text(0x0201),
		  "authentication failed: check the CHAP user name and secret");
	CHECK(strstr(sanblk_iscsi_login_status_text(0x0203), "not found"));
	CHECK(strstr(sanblk_iscsi_login_status_text(0x0204), "removed"));
	CHECK(strstr(sanblk_iscsi_login_status_text(0x0300), "target error"));
	CHECK(strstr(sanblk_iscsi_login_status_text(0x0102), "permanently"));
	CHECK(strstr(sanblk_iscsi_login_status_text(0x02ff), "refused"));
	CHECK_STR(sanblk_iscsi_login_status_text(0x0900),
		  "unknown login status");
}

int main(void)
{
	RUN("iscsi_keys", parse);
	RUN("iscsi_keys", offer);
	RUN("iscsi_keys", negotiate);
	RUN("iscsi_keys", respond);
	RUN("iscsi_keys", status);
	UNIT_EXIT();
}
