// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/iscsi/pdu.c
/*
 * iSCSI BHS: byte-exact initiator PDUs built from the RFC 7143 layouts,
 * target PDUs decoded, framing of every segment (AHS, digests, padding),
 * oversized and unknown PDUs refused, serial number arithmetic.
 */
#include "iscsi/pdu.h"
#include "unit.h"

static const struct sanblk_iscsi_framing plain = { .max_recv_dsl = 8192 };

static void login_req(void)
{
	static const u8 isid[6] = { 0x80, 0x12, 0x34, 0x56, 0x78, 0x9a };
	static const u8 want[48] = {
		0x43, 0x87, 0, 0, 0, 0, 0x01, 0x23,
		0x80, 0x12, 0x34, 0x56, 0x78, 0x9a, 0, 0,
		0, 0, 0, 7, 0, 1, 0, 0,
		0, 0, 0, 9, 0, 0, 0, 0,
	};
	struct sanblk_iscsi_bhs h, d;
	u8 buf[48];

	sanblk_iscsi_login_req(&h, isid, 0, 1, SANBLK_ISCSI_STAGE_OPERATIONAL,
			       SANBLK_ISCSI_STAGE_FULL, true);
	h.dlength = 0x123;
	h.itt = 7;
	h.f24 = 9;
	CHECK_INT(sanblk_iscsi_put_bhs(buf, sizeof(buf), &h), 48);
	CHECK(!memcmp(buf, want, 48));
	CHECK_INT(sanblk_iscsi_put_bhs(buf, 47, &h), -ENOSPC);
	h.dlength = 1u << 24;
	CHECK_INT(sanblk_iscsi_put_bhs(buf, 48, &h), -ENOSPC);
	CHECK_INT(sanblk_iscsi_get_bhs(want, 48, &d), 48);
	CHECK(d.immediate && d.opcode == SANBLK_ISCSI_OP_LOGIN_REQ);
	CHECK_INT(d.dlength, 0x123);
	CHECK_INT(d.f20, 0x10000);
	CHECK_INT(sanblk_iscsi_get_bhs(want, 47, &d), -EMSGSIZE);

	/* without T, NSG stays zero */
	sanblk_iscsi_login_req(&h, isid, 0x55, 0, 0, 1, false);
	CHECK_INT(h.flags, 0);
	CHECK_INT(sanblk_iscsi_login_tsih(&h), 0x55);
}

static void login_rsp(void)
{
	u8 buf[48] = { 0x23, 0x87, 0x00, 0x00, 0, 0, 0x10, 0x01,
		       0x80, 0x12, 0x34, 0x56, 0x78, 0x9a, 0x12, 0x34,
		       0, 0, 0, 7, 0, 0, 0, 0,
		       0, 0, 0, 3, 0, 0, 0, 10, 0, 0, 0, 41,
		       0x02, 0x01 };
	struct sanblk_iscsi_bhs h;
	struct sanblk_iscsi_pdu_len pl;

	CHECK_INT(sanblk_iscsi_get_bhs(buf, 48, &h), 48);
	CHECK(!h.immediate && h.opcode == SANBLK_ISCSI_OP_LOGIN_RSP);
	CHECK_INT(sanblk_iscsi_login_status(&h), 0x0201);
	CHECK_INT(sanblk_iscsi_login_tsih(&h), 0x1234);
	CHECK_INT(h.dlength, 0x1001);
	CHECK_INT(h.f24, 3);			/* StatSN */
	CHECK_INT(h.f28, 10);			/* ExpCmdSN */
	CHECK_INT(sanblk_iscsi_spec32(&h, 0), 41);	/* MaxCmdSN */
	CHECK_INT(sanblk_iscsi_pdu_len(&h, &plain, &pl), 0);
	CHECK_INT(pl.data, 0x1001);
	CHECK_INT(pl.pad, 3);
	CHECK_INT(pl.total, 48 + 0x1004);
}

static void scsi_cmd(void)
{
	static const u8 cdb[10] = { 0x28, 0, 0, 0, 0x10, 0, 0, 0, 8, 0 };
	struct sanblk_iscsi_bhs h;
	u8 buf[48];

	sanblk_iscsi_scsi_cmd(&h, cdb, sizeof(cdb), 4096, false);
	sanblk_iscsi_lun(h.lun, 1);
	CHECK_INT(sanblk_iscsi_put_bhs(buf, 48, &h), 48);
	CHECK_INT(buf[0], 0x01);
	CHECK_INT(buf[1], 0xc1);		/* F, R, simple */
	CHECK_INT(buf[9], 1);
	CHECK_INT(sanblk_get_be32(buf + 20), 4096);
	CHECK(!memcmp(buf + 32, cdb, 10) && !buf[42] && !buf[47]);
	sanblk_iscsi_scsi_cmd(&h, cdb, sizeof(cdb), 512, true);
	CHECK_INT(h.flags, 0xa1);
	sanblk_iscsi_scsi_cmd(&h, cdb, sizeof(cdb), 0, true);
	CHECK_INT(h.flags, 0x81);
	sanblk_iscsi_lun(h.lun, 300);
	CHECK_INT(h.lun[0], 0x41);
	CHECK_INT(h.lun[1], 300 & 0xff);

	sanblk_iscsi_nop_out(&h, SANBLK_ISCSI_RSVD_TAG);
	CHECK_INT(sanblk_iscsi_put_bhs(buf, 48, &h), 48);
	CHECK_INT(buf[0], 0x40);
	CHECK_INT(buf[1], 0x80);
	CHECK_INT(sanblk_get_be32(buf + 20), 0xffffffff);
}

static void tmf(void)
{
	struct sanblk_iscsi_bhs h;
	u8 buf[48];

	sanblk_iscsi_tmf_req(&h, SANBLK_ISCSI_TMF_ABORT_TASK, 0x00070005, 42);
	h.itt = 0x80000002;
	CHECK_INT(sanblk_iscsi_put_bhs(buf, 48, &h), 48);
	CHECK_INT(buf[0], 0x42);		/* I bit, opcode 0x02 */
	CHECK_INT(buf[1], 0x81);		/* F, ABORT TASK */
	CHECK_INT(sanblk_get_be32(buf + 16), 0x80000002);
	CHECK_INT(sanblk_get_be32(buf + 20), 0x00070005);
	CHECK_INT(sanblk_get_be32(buf + 32), 42);
	CHECK_INT(sanblk_get_be32(buf + 36), 0);
	sanblk_iscsi_tmf_req(&h, SANBLK_ISCSI_TMF_LUN_RESET,
			     SANBLK_ISCSI_RSVD_TAG, 0);
	CHECK_INT(sanblk_iscsi_put_bhs(buf, 48, &h), 48);
	CHECK_INT(buf[1], 0x85);
	CHECK_INT(sanblk_get_be32(buf + 20), 0xffffffff);
	CHECK_STR(sanblk_iscsi_tmf_text(0), "function complete");
	CHECK_STR(sanblk_iscsi_tmf_text(1), "task does not exist");
	CHECK_STR(sanblk_iscsi_tmf_text(255), "function rejected");
	CHECK_STR(sanblk_iscsi_tmf_text(77), "unknown response");

	sanblk_iscsi_logout_req(&h);
	CHECK_INT(sanblk_iscsi_put_bhs(buf, 48, &h), 48);
	CHECK_INT(buf[0], 0x46);		/* I bit, opcode 0x06 */
	CHECK_INT(buf[1], 0x80);		/* F, reason 0 */
}

static void framing(void)
{
	struct sanblk_iscsi_framing dig = { true, true, 262144 };
	struct sanblk_iscsi_bhs h = { .opcode = SANBLK_ISCSI_OP_DATA_IN };
	struct sanblk_iscsi_pdu_len pl;
	u8 buf[48];
	size_t need;

	h.ahs_words = 2;
	h.dlength = 8192;
	CHECK_INT(sanblk_iscsi_pdu_len(&h, &plain, &pl), 0);
	CHECK_INT(pl.total, 48 + 8 + 8192);
	CHECK_INT(sanblk_iscsi_pdu_len(&h, &dig, &pl), 0);
	CHECK_INT(pl.total, 48 + 8 + 4 + 8192 + 4);
	h.dlength = 0;				/* no data: no data digest */
	CHECK_INT(sanblk_iscsi_pdu_len(&h, &dig, &pl), 0);
	CHECK_INT(pl.total, 48 + 8 + 4);
	h.dlength = 8193;
	CHECK_INT(sanblk_iscsi_pdu_len(&h, &plain, &pl), -EMSGSIZE);
	h.dlength = 0xffffff;
	CHECK_INT(sanblk_iscsi_pdu_len(&h, &dig, &pl), -EMSGSIZE);
	h.dlength = 1;
	h.opcode = SANBLK_ISCSI_OP_SCSI_CMD;	/* a target never sends it */
	CHECK_INT(sanblk_iscsi_pdu_len(&h, &plain, &pl), -EPROTO);

	/* the stream: BHS first, then what it announces */
	h.opcode = SANBLK_ISCSI_OP_NOP_IN;
	h.ahs_words = 0;
	h.dlength = 5;
	sanblk_iscsi_put_bhs(buf, 48, &h);
	CHECK_INT(sanblk_iscsi_pdu_need(buf, 0, &plain, &need), 0);
	CHECK_INT(need, 48);
	CHECK_INT(sanblk_iscsi_pdu_need(buf, 47, &plain, &need), 0);
	CHECK_INT(need, 1);
	CHECK_INT(sanblk_iscsi_pdu_need(buf, 48, &plain, &need), 0);
	CHECK_INT(need, 8);
	CHECK_INT(sanblk_iscsi_pdu_need(buf, 56, &plain, &need), 0);
	CHECK_INT(need, 0);
	CHECK_INT(sanblk_iscsi_pdu_need(buf, 57, &plain, &need), -EINVAL);
	CHECK_INT(sanblk_iscsi_pdu_need(buf, 48, &dig, &need), 0);
	CHECK_INT(need, 16);
	buf[0] = 0x1f;
	CHECK_INT(sanblk_iscsi_pdu_need(buf, 48, &plain, &need), -EPROTO);
}

static void serial(void)
{
	CHECK(sanblk_iscsi_sn_lt(1, 2));
	CHECK(!sanblk_iscsi_sn_lt(2, 1));
	CHECK(!sanblk_iscsi_sn_lt(5, 5));
	CHECK(sanblk_iscsi_sn_lte(5, 5));
	CHECK(sanblk_iscsi_sn_lt(0xfffffff0u, 3));	/* wraps */
	CHECK(!sanblk_iscsi_sn_lt(3, 0xfffffff0u));
	CHECK(sanblk_iscsi_sn_lt(0, 0x7fffffffu));
	/* 2^31 apart: not ordered either way */
	CHECK(!sanblk_iscsi_sn_lt(0, 0x80000000u));
	CHECK(!sanblk_iscsi_sn_lt(0x80000000u, 0));

	CHECK(sanblk_iscsi_window_valid(10, 41));
	CHECK(sanblk_iscsi_window_valid(10, 9));	/* closed, valid */
	CHECK(!sanblk_iscsi_window_valid(10, 8));
	CHECK(sanblk_iscsi_window_valid(0, 0xffffffffu));
	CHECK(sanblk_iscsi_window_open(41, 41));
	CHECK(!sanblk_iscsi_window_open(42, 41));
	CHECK(sanblk_iscsi_window_open(0xffffffffu, 2));
}

int main(void)
{
	RUN("iscsi_pdu", login_req);
	RUN("iscsi_pdu", login_rsp);
	RUN("iscsi_pdu", scsi_cmd);
	RUN("iscsi_pdu", tmf);
	RUN("iscsi_pdu", framing);
	RUN("iscsi_pdu", serial);
	UNIT_EXIT();
}
