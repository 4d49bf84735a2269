/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The initiator's side of the iSCSI login phase (RFC 7143 6, 11.12-11.13,
 * 13): a state machine that is handed each Login Response and says what
 * the next Login Request holds, until the full feature phase.
 *
 * - It always starts in the security stage, because targets such as LIO
 *   expect AuthMethod to be negotiated.  Without CHAP it offers
 *   AuthMethod=None and asks at once to go to the operational stage;
 *   with CHAP it offers AuthMethod=CHAP alone, so that a target that does
 *   not require authentication cannot silently turn it off, then
 *   CHAP_A=5, then CHAP_N/CHAP_R (and CHAP_I/CHAP_C for mutual CHAP) and
 *   asks to go on.  The operational stage sends our offer
 *   (sanblk_iscsi_offer()) less any key already negotiated, answers what
 *   the target proposes, and asks for the full feature phase.
 * - The target's text may span responses with C=1: it is put together
 *   (at most SANBLK_ISCSI_LOGIN_RX_MAX bytes) and each piece answered with
 *   an empty request.  Our own text always fits in one PDU (names are
 *   at most 223 bytes), so we never send C=1.
 * - Every request of the login carries the same ITT, cfg->itt: the
 *   login phase is "a sequence of Login Requests and Responses that
 *   carry the same Initiator Task Tag" (RFC 7143 11.12); LIO refuses
 *   a request whose ITT is not the first one's.
 * - No key is taken twice from the target or sent twice by us; offered
 *   keys the target never answered take their RFC default.
 * - Error texts (err) never hold a secret, a CHAP response, or any
 *   byte the target sent: only our own words and numbers.
 *
 * Pure code: compiled into sanblk.ko and into the userspace unit tests and
 * fuzzers; includes only sanblk_pure.h.
 */
#ifndef SANBLK_ISCSI_LOGIN_H
#define SANBLK_ISCSI_LOGIN_H

#include "sanblk_pure.h"
#include "pdu.h"
#include "keys.h"
#include "chap.h"

#define SANBLK_ISCSI_LOGIN_MORE		1	/* build and send again */
#define SANBLK_ISCSI_LOGIN_DONE		2	/* full feature phase */
#define SANBLK_ISCSI_LOGIN_REDIRECT	3	/* see l->redirect */

/* The target's text over C=1 responses: real ones are under 4 KiB. */
#define SANBLK_ISCSI_LOGIN_RX_MAX	16384
/* Requests in one login before we give up on the target. */
#define SANBLK_ISCSI_LOGIN_ROUNDS	32
#define SANBLK_ISCSI_LOGIN_ERR_LEN	160
#define SANBLK_ISCSI_LOGIN_UNKNOWN	512	/* names of keys we do not know */

struct sanblk_iscsi_login_cfg {
	const char *initiator;		/* InitiatorName */
	const char *target;		/* TargetName; NULL for discovery */
	u8 isid[6];
	u16 tsih;			/* 0: new session */
	u16 cid;
	int want_hdigest, want_ddigest;	/* 0 None, 1 CRC32C, 2 either */
	u32 max_recv_dsl;		/* ours, declarative; 0: default */
	u32 cmdsn;			/* the session's first CmdSN */
	u32 itt;			/* every request's ITT */
	const char *user, *secret;	/* one-way CHAP; NULL/"" = none */
	const char *ruser, *rsecret;	/* mutual CHAP; NULL/"" = one-way */
	const struct sanblk_iscsi_chap_ops *chap;
	/*
	 * The challenges we sent in earlier logins (mutual CHAP): a target
	 * that challenges us with one of them is refused as a reflection,
	 * as one that sends this login's own is (RFC 7143 12.1.3).
	 */
	const u8 (*old_chal)[SANBLK_ISCSI_CHAP_CHAL_LEN];
	int old_chals;
};

struct sanblk_iscsi_redirect {
	char addr[SANBLK_ISCSI_VAL_MAX + 1];	/* "ip:port,tpgt" */
	bool permanent;				/* 0x0102, not 0x0101 */
};

/*
 * The caller embeds this (about 28 KB: allocate it, never put it on a
 * stack).  The cfg strings must live as long as the login.  After
 * SANBLK_ISCSI_LOGIN_DONE: params, tsih, cmdsn (the next CmdSN),
 * exp_statsn, exp_cmdsn/max_cmdsn and status are the session's.
 */
struct sanblk_iscsi_login {
	struct sanblk_iscsi_login_cfg cfg;
	struct sanblk_iscsi_params params;
	struct sanblk_iscsi_redirect redirect;
	u16 tsih;
	u16 status;		/* Status-Class << 8 | Status-Detail */
	u32 itt;		/* of every request: one task */
	u32 cmdsn;
	u32 exp_statsn;
	u32 exp_cmdsn, max_cmdsn;
	bool tpgt_missing;	/* a normal session's first response had none */
	int error;		/* 0, or the -errno that ended the login */
	char err[SANBLK_ISCSI_LOGIN_ERR_LEN];

	/* private to login.c */
	u8 state;		/* SANBLK_ISCSI_LS_* */
	u8 csg, nsg;		/* of the next or last request */
	bool transit;		/* its T bit */
	u8 chap_step;
	bool auth, mutual, target_authed;
	bool answers;		/* next holds answers to proposals */
	bool statsn_known, text_seen;
	u8 my_id, target_id;
	u8 my_chal[SANBLK_ISCSI_CHAP_CHAL_LEN];
	u32 sent, recv;		/* a bit per key of login.c's table */
	int rounds;
	size_t chal_len;
	size_t next_len, rx_len, unknown_len;
	char next[SANBLK_ISCSI_LOGIN_DSL];
	u8 rx[SANBLK_ISCSI_LOGIN_RX_MAX];
	char unknown[SANBLK_ISCSI_LOGIN_UNKNOWN];
	u8 chal[SANBLK_ISCSI_CHAP_CHAL_MAX];
	struct sanblk_iscsi_kv kv[SANBLK_ISCSI_PAIRS_MAX];
};

/*
 * Our mutual CHAP challenge, once it went out in a request (keep it for
 * cfg.old_chal of the next logins); NULL before, or without mutual CHAP.
 */
const u8 *sanblk_iscsi_login_sent_chal(const struct sanblk_iscsi_login *l);

/* -EINVAL with a sentence in err for a bad configuration. */
int sanblk_iscsi_login_init(struct sanblk_iscsi_login *l,
			    const struct sanblk_iscsi_login_cfg *cfg,
			    char *err, size_t errlen);

/*
 * The next Login Request (BHS and data segment padded to 4 bytes) into
 * buf: its length, -ENOSPC when buf is short, -EINVAL when no request is
 * due (before a response to the last one, or after the end).
 */
int sanblk_iscsi_login_build(struct sanblk_iscsi_login *l, u8 *buf,
			     size_t len);

/*
 * One Login Response, its BHS decoded and data its data segment without
 * padding.  SANBLK_ISCSI_LOGIN_MORE, _DONE or _REDIRECT, or a negative
 * errno with a sentence in l->err: -EACCES authentication or
 * authorization, -ENOENT no such target, -EAGAIN the target is busy or
 * out of resources (retry later), -EPROTO the target broke the protocol,
 * -EOPNOTSUPP no common digest or session type, -EINVAL a response when
 * none is due or a refusal of our request.
 */
int sanblk_iscsi_login_recv(struct sanblk_iscsi_login *l,
			    const struct sanblk_iscsi_bhs *h, const u8 *data,
			    size_t dlen);

#endif /* SANBLK_ISCSI_LOGIN_H */
