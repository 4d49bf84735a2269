/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iSCSI (RFC 7143) Basic Header Segment encode/decode, PDU framing on a
 * byte stream, and serial number arithmetic (RFC 1982) for CmdSN/StatSN.
 * Every length read from the wire is checked against the negotiated limits
 * before it sizes anything.  Digests are only accounted for here (present
 * or not, 4 bytes each), never computed.
 *
 * Pure code: compiled into sanblk.ko and into the userspace unit tests and
 * fuzzers; includes only sanblk_pure.h.
 */
#ifndef SANBLK_ISCSI_PDU_H
#define SANBLK_ISCSI_PDU_H

#include "sanblk_pure.h"

#define SANBLK_ISCSI_BHS_LEN		48
#define SANBLK_ISCSI_DIGEST_LEN		4
/* TotalAHSLength is one byte of 4-byte words. */
#define SANBLK_ISCSI_AHS_MAX		(255 * 4)
/* DataSegmentLength is 24 bits; RFC 7143 caps MaxRecvDataSegmentLength. */
#define SANBLK_ISCSI_DSL_MAX		16777215
#define SANBLK_ISCSI_LOGIN_DSL		8192	/* limit during login */

/* Opcodes, initiator to target */
#define SANBLK_ISCSI_OP_NOP_OUT		0x00
#define SANBLK_ISCSI_OP_SCSI_CMD	0x01
#define SANBLK_ISCSI_OP_TMF_REQ		0x02
#define SANBLK_ISCSI_OP_LOGIN_REQ	0x03
#define SANBLK_ISCSI_OP_TEXT_REQ	0x04
#define SANBLK_ISCSI_OP_DATA_OUT	0x05
#define SANBLK_ISCSI_OP_LOGOUT_REQ	0x06
/* Opcodes, target to initiator */
#define SANBLK_ISCSI_OP_NOP_IN		0x20
#define SANBLK_ISCSI_OP_SCSI_RSP	0x21
#define SANBLK_ISCSI_OP_TMF_RSP		0x22
#define SANBLK_ISCSI_OP_LOGIN_RSP	0x23
#define SANBLK_ISCSI_OP_TEXT_RSP	0x24
#define SANBLK_ISCSI_OP_DATA_IN		0x25
#define SANBLK_ISCSI_OP_LOGOUT_RSP	0x26
#define SANBLK_ISCSI_OP_R2T		0x31
#define SANBLK_ISCSI_OP_ASYNC		0x32
#define SANBLK_ISCSI_OP_REJECT		0x3f

#define SANBLK_ISCSI_OP_IMMEDIATE	0x40	/* byte 0 */
#define SANBLK_ISCSI_FL_FINAL		0x80	/* byte 1, F bit */
/* SCSI Command flags (byte 1) */
#define SANBLK_ISCSI_FL_READ		0x40
#define SANBLK_ISCSI_FL_WRITE		0x20
#define SANBLK_ISCSI_ATTR_SIMPLE	0x01
/* Login flags (byte 1): T, C, CSG, NSG */
#define SANBLK_ISCSI_FL_TRANSIT		0x80
#define SANBLK_ISCSI_FL_CONTINUE	0x40
#define SANBLK_ISCSI_STAGE_SECURITY	0
#define SANBLK_ISCSI_STAGE_OPERATIONAL	1
#define SANBLK_ISCSI_STAGE_FULL		3
/* Data-In flags (byte 1) */
#define SANBLK_ISCSI_FL_ACK		0x40
#define SANBLK_ISCSI_FL_STATUS		0x01
/* SCSI Response / Data-In residual flags (byte 1) */
#define SANBLK_ISCSI_FL_OVERFLOW	0x04
#define SANBLK_ISCSI_FL_UNDERFLOW	0x02

#define SANBLK_ISCSI_RSVD_TAG		0xffffffff

/*
 * A BHS with its common fields named and the opcode-specific words by byte
 * offset, so that one decoder serves every opcode and re-encodes to the
 * same 48 bytes:
 *  f20: initiator: Expected Data Transfer Length, TTT, CID; target: TTT
 *  f24: initiator CmdSN; target StatSN
 *  f28: initiator ExpStatSN; target ExpCmdSN
 *  spec[]: bytes 32..47: the initiator's CDB; for the target, word 0
 *  is MaxCmdSN and words 1..3 DataSN/R2TSN, Buffer Offset, Desired Data
 *  Transfer Length or residual counts, by opcode
 */
struct sanblk_iscsi_bhs {
	u8 opcode;		/* without the I bit */
	bool immediate;
	u8 flags;		/* byte 1 */
	u8 b2, b3;		/* login status class/detail, SCSI response... */
	u8 ahs_words;		/* TotalAHSLength */
	u32 dlength;		/* DataSegmentLength */
	u8 lun[8];		/* LUN, or ISID + TSIH in login */
	u32 itt;
	u32 f20;
	u32 f24;
	u32 f28;
	u8 spec[16];		/* bytes 32..47 */
};

/* Big-endian word n (0..3) of spec[], that is BHS byte 32 + 4 * n. */
static inline u32 sanblk_iscsi_spec32(const struct sanblk_iscsi_bhs *h, int n)
{
	return sanblk_get_be32(h->spec + 4 * n);
}

static inline void sanblk_iscsi_set_spec32(struct sanblk_iscsi_bhs *h, int n,
					   u32 v)
{
	sanblk_put_be32(h->spec + 4 * n, v);
}

/* Returns SANBLK_ISCSI_BHS_LEN, or -ENOSPC / -EMSGSIZE when len is short. */
int sanblk_iscsi_put_bhs(u8 *buf, size_t len, const struct sanblk_iscsi_bhs *h);
int sanblk_iscsi_get_bhs(const u8 *buf, size_t len, struct sanblk_iscsi_bhs *h);

/* 8-byte single-level LUN (SAM flat/peripheral addressing) for lun < 16384. */
void sanblk_iscsi_lun(u8 out[8], u32 lun);

/* Initiator PDUs: fill a BHS, the caller sets itt and the sequence numbers. */
void sanblk_iscsi_login_req(struct sanblk_iscsi_bhs *h, const u8 isid[6],
			    u16 tsih, u16 cid, u8 csg, u8 nsg, bool transit);
void sanblk_iscsi_scsi_cmd(struct sanblk_iscsi_bhs *h, const u8 *cdb,
			   size_t cdb_len, u32 xfer_len, bool write);
void sanblk_iscsi_nop_out(struct sanblk_iscsi_bhs *h, u32 ttt);

/* Task management functions (RFC 7143 11.5.1) and responses (11.6.1). */
#define SANBLK_ISCSI_TMF_ABORT_TASK	1
#define SANBLK_ISCSI_TMF_LUN_RESET	5
#define SANBLK_ISCSI_TMF_COMPLETE	0
#define SANBLK_ISCSI_TMF_NO_TASK	1

/*
 * An immediate Task Management Function Request: func for the task
 * whose ITT is rtt and whose CmdSN was ref_cmdsn (ABORT TASK), or for the
 * whole LUN (LUN RESET: rtt is the reserved tag).  The caller sets the
 * ITT, the LUN and the sequence numbers.
 */
void sanblk_iscsi_tmf_req(struct sanblk_iscsi_bhs *h, u8 func, u32 rtt,
			  u32 ref_cmdsn);
/* An immediate Logout Request closing the session (reason 0). */
void sanblk_iscsi_logout_req(struct sanblk_iscsi_bhs *h);

/* A response's sentence: "function complete", "task does not exist"... */
const char *sanblk_iscsi_tmf_text(u8 response);

/* Which opcodes a target may send us. */
bool sanblk_iscsi_target_opcode(u8 opcode);

/* What a PDU occupies on the wire, from its BHS and the connection's
 * digest settings.
 */
struct sanblk_iscsi_framing {
	bool header_digest;
	bool data_digest;
	u32 max_recv_dsl;	/* our MaxRecvDataSegmentLength */
};

struct sanblk_iscsi_pdu_len {
	u32 ahs;		/* bytes of AHS */
	u32 data;		/* DataSegmentLength */
	u32 pad;		/* 0..3 to the next 4-byte boundary */
	u32 total;		/* everything, BHS and digests included */
};

int sanblk_iscsi_pdu_len(const struct sanblk_iscsi_bhs *h,
			 const struct sanblk_iscsi_framing *fr,
			 struct sanblk_iscsi_pdu_len *pl);
int sanblk_iscsi_pdu_need(const u8 *buf, size_t have,
			  const struct sanblk_iscsi_framing *fr, size_t *need);

/* Padding that brings n to a multiple of 4. */
static inline u32 sanblk_iscsi_pad(u32 n)
{
	return (4 - (n & 3)) & 3;
}

/*
 * RFC 1982 serial number arithmetic on 32 bits: a < b when b is ahead of
 * a by less than 2^31.  Two numbers exactly 2^31 apart are not ordered,
 * so neither is less than the other.
 */
static inline bool sanblk_iscsi_sn_lt(u32 a, u32 b)
{
	return a != b && b - a < 0x80000000u;
}

static inline bool sanblk_iscsi_sn_lte(u32 a, u32 b)
{
	return a == b || sanblk_iscsi_sn_lt(a, b);
}

/*
 * A window from the target is used only when MaxCmdSN >= ExpCmdSN - 1
 * (RFC 7143 4.2.2.1: MaxCmdSN = ExpCmdSN - 1 closes the window, anything
 * smaller is to be ignored).
 */
static inline bool sanblk_iscsi_window_valid(u32 exp_cmdsn, u32 max_cmdsn)
{
	return sanblk_iscsi_sn_lte(exp_cmdsn - 1, max_cmdsn);
}

/* Whether cmdsn may be sent under the window [exp_cmdsn, max_cmdsn]. */
static inline bool sanblk_iscsi_window_open(u32 cmdsn, u32 max_cmdsn)
{
	return sanblk_iscsi_sn_lte(cmdsn, max_cmdsn);
}

/*
 * Login Response fields, from the generic BHS: bytes 2 and 3 are
 * Version-max and Version-active, Status-Class and Status-Detail are
 * bytes 36 and 37 (RFC 7143 11.13).
 */
static inline u16 sanblk_iscsi_login_status(const struct sanblk_iscsi_bhs *h)
{
	return (u16)(h->spec[4] << 8 | h->spec[5]);
}

static inline u16 sanblk_iscsi_login_tsih(const struct sanblk_iscsi_bhs *h)
{
	return sanblk_get_be16(h->lun + 6);
}

#endif /* SANBLK_ISCSI_PDU_H */
