/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SendTargets=All in a discovery session (RFC 7143 12.3, appendix C):
 * the Text Requests, and the target names with their TargetAddress
 * values from the Text Responses, kept in a bounded list, so that a
 * login to a target the portal does not have can say which it does
 * have.  The response may come in many PDUs (F=0, continued with the
 * target's TTT) and a pair may be cut between two of them (C=1): it is
 * read as a stream, keeping only the unfinished pair.  Every request of
 * the sequence carries the first one's ITT (RFC 7143 11.10: "the
 * Initiator Task Tag MUST be the same for all the requests within the
 * sequence").
 *
 * Pure code: compiled into sanblk.ko and into the userspace unit tests and
 * fuzzers; includes only sanblk_pure.h.
 */
#ifndef SANBLK_ISCSI_SENDTARGETS_H
#define SANBLK_ISCSI_SENDTARGETS_H

#include "sanblk_pure.h"
#include "pdu.h"
#include "keys.h"

#define SANBLK_ISCSI_ST_MORE		1	/* build and send again */
#define SANBLK_ISCSI_ST_DONE		2
#define SANBLK_ISCSI_ST_TARGETS		16	/* kept; more are counted */
#define SANBLK_ISCSI_ST_ADDRS		4	/* per target */
#define SANBLK_ISCSI_ST_ADDR_LEN	64	/* "[IPv6]:port,tpgt" fits */
#define SANBLK_ISCSI_ST_ROUNDS		256	/* Text Requests at most */

struct sanblk_iscsi_st_target {
	char name[SANBLK_ISCSI_NAME_MAX + 1];
	char addr[SANBLK_ISCSI_ST_ADDRS][SANBLK_ISCSI_ST_ADDR_LEN];
	u8 naddr;
};

struct sanblk_iscsi_sendtargets {
	struct sanblk_iscsi_st_target t[SANBLK_ISCSI_ST_TARGETS];
	int n;			/* in t[] */
	int dropped;		/* targets that did not fit */
	int dropped_addrs;	/* addresses that did not fit */
	u32 itt;		/* of every request: one sequence */
	u32 cmdsn;		/* the next CmdSN */
	u32 exp_statsn;
	u32 ttt;		/* to continue with */
	char err[128];

	/* private to sendtargets.c */
	u8 state;
	int cur;		/* target the next address belongs to */
	int rounds;
	size_t carry_len;
	char carry[SANBLK_ISCSI_KEY_MAX + SANBLK_ISCSI_VAL_MAX + 2];
};

/* cmdsn and exp_statsn from the discovery session's login. */
void sanblk_iscsi_st_init(struct sanblk_iscsi_sendtargets *st, u32 itt,
			  u32 cmdsn, u32 exp_statsn);

/* The next Text Request into buf: its length, -ENOSPC, or -EINVAL. */
int sanblk_iscsi_st_build(struct sanblk_iscsi_sendtargets *st, u8 *buf,
			  size_t len);

/*
 * One Text Response, data its data segment without padding:
 * SANBLK_ISCSI_ST_MORE, SANBLK_ISCSI_ST_DONE, or -EPROTO with a sentence
 * in st->err (-EINVAL when no response is due).
 */
int sanblk_iscsi_st_recv(struct sanblk_iscsi_sendtargets *st,
			 const struct sanblk_iscsi_bhs *h, const u8 *data,
			 size_t dlen);

const struct sanblk_iscsi_st_target *
sanblk_iscsi_st_find(const struct sanblk_iscsi_sendtargets *st,
		     const char *name);

/*
 * The names as "a, b, c" (", and N more" for those not kept), cut to
 * fit len; the string length.
 */
size_t sanblk_iscsi_st_names(const struct sanblk_iscsi_sendtargets *st,
			     char *buf, size_t len);

#endif /* SANBLK_ISCSI_SENDTARGETS_H */
