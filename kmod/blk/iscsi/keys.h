/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iSCSI text keys (RFC 7143 section 6 and 13): a data segment of
 * NUL-terminated key=value pairs parsed with every length bounded, the
 * initiator's offer for an ErrorRecoveryLevel 0 session, the answers to
 * what the target sends, and login status codes in words.
 *
 * Pure code: compiled into sanblk.ko and into the userspace unit tests and
 * fuzzers; includes only sanblk_pure.h.
 */
#ifndef SANBLK_ISCSI_KEYS_H
#define SANBLK_ISCSI_KEYS_H

#include "sanblk_pure.h"

#define SANBLK_ISCSI_KEY_MAX		63
#define SANBLK_ISCSI_VAL_MAX		255
/* CHAP_C/CHAP_R: 1024 binary bytes in hex or base64, with the prefix */
#define SANBLK_ISCSI_CHAP_VAL_MAX	2050
#define SANBLK_ISCSI_PAIRS_MAX		64
#define SANBLK_ISCSI_NAME_MAX		223	/* iSCSI names, RFC 7143 4.2.7.1 */

struct sanblk_iscsi_kv {
	const char *key;	/* into the parsed buffer, NUL-terminated */
	const char *val;
	u16 klen;
	u16 vlen;
};

/*
 * Split a text data segment into pairs.  Returns how many, or -EINVAL for
 * a malformed pair (no '=', empty key, a character RFC 7143 does not allow
 * in a key, last pair without its NUL), -ENAMETOOLONG for a key or value
 * over its limit, -EEXIST for a key sent twice, -E2BIG for more than max.
 */
int sanblk_iscsi_keys_parse(const u8 *buf, size_t len,
			    struct sanblk_iscsi_kv *kv, int max);

/* What the session runs with; booleans are 0/1. */
struct sanblk_iscsi_params {
	u32 header_digest;	/* 1 = CRC32C */
	u32 data_digest;
	u32 initial_r2t;
	u32 immediate_data;
	u32 max_recv_dsl;	/* ours, declared to the target */
	u32 max_xmit_dsl;	/* the target's MaxRecvDataSegmentLength */
	u32 max_burst;
	u32 first_burst;
	u32 max_outstanding_r2t;
	u32 time2wait;
	u32 time2retain;
	u32 max_connections;
	u32 data_pdu_in_order;
	u32 data_seq_in_order;
	u32 erl;
	u32 tpgt;		/* TargetPortalGroupTag, when tpgt_seen */
	bool tpgt_seen;
	bool redirect;		/* TargetAddress given */
	char target_address[SANBLK_ISCSI_VAL_MAX + 1];
};

/* Our offer: digests as wanted (want_*: 0 None, 1 CRC32C, 2 either). */
void sanblk_iscsi_params_init(struct sanblk_iscsi_params *p);
int sanblk_iscsi_offer(char *buf, size_t len,
		       const struct sanblk_iscsi_params *p,
		       int want_hdigest, int want_ddigest);

/*
 * Take the target's keys into p.  Keys it proposes that need an answer
 * are written to ans as key=value pairs (NotUnderstood for keys we do
 * not know); *ans_len is their length.  -EPROTO when a value is out of
 * range or not one we offered, -ENOSPC when ans is too small.
 */
int sanblk_iscsi_negotiate(struct sanblk_iscsi_params *p,
			   const struct sanblk_iscsi_kv *kv, int n,
			   int want_hdigest, int want_ddigest,
			   char *ans, size_t len, size_t *ans_len);

/*
 * A key the target proposes, that is one we have not sent: the value by
 * its rule (RFC 7143 13) from the target's and ours, kept in p and
 * written to ans as key=value at *used (declarative keys are taken
 * without an answer).  -ENOENT for a key without a rule here, -EPROTO
 * for a value out of range, -EOPNOTSUPP for a digest list without a
 * value we accept, -ENOSPC when ans is full.
 */
int sanblk_iscsi_respond(struct sanblk_iscsi_params *p,
			 const struct sanblk_iscsi_kv *kv,
			 int want_hdigest, int want_ddigest,
			 char *ans, size_t len, size_t *used);

/* Login Status-Class/Status-Detail as a sentence saying what to change. */
const char *sanblk_iscsi_login_status_text(u16 status);

#endif /* SANBLK_ISCSI_KEYS_H */
