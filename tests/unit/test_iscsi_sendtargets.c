// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/iscsi/pdu.c kmod/blk/iscsi/keys.c kmod/blk/iscsi/sendtargets.c
/*
 * SendTargets: the Text Requests (first with SendTargets=All, then empty
 * with the target's TTT), a list over several responses with pairs cut
 * between them, the bounded list and its one-line summary, and the
 * responses a target can get wrong.
 */
#include "iscsi/sendtargets.h"
#include "unit.h"

#define TXT(s) (const u8 *)(s), (sizeof(s) - 1)

static struct sanblk_iscsi_sendtargets st;
static struct sanblk_iscsi_bhs req;
static u8 pdu[128];
static u32 statsn;

static int send_req(void)
{
	int n = sanblk_iscsi_st_build(&st, pdu, sizeof(pdu));

	if (n >= 0)
		sanblk_iscsi_get_bhs(pdu, (size_t)n, &req);
	return n;
}

static int rsp(u8 flags, u32 ttt, const u8 *data, size_t len)
{
	struct sanblk_iscsi_bhs h;

	memset(&h, 0, sizeof(h));
	h.opcode = SANBLK_ISCSI_OP_TEXT_RSP;
	h.flags = flags;
	h.dlength = (u32)len;
	h.itt = req.itt;
	h.f20 = ttt;
	h.f24 = statsn++;
	h.f28 = req.f24 + 1;
	return sanblk_iscsi_st_recv(&st, &h, data, len);
}

static void start(void)
{
	statsn = 50;
	sanblk_iscsi_st_init(&st, 0x200, 9, 50);
}

#define F	SANBLK_ISCSI_FL_FINAL
#define C	SANBLK_ISCSI_FL_CONTINUE
#define NOTTT	SANBLK_ISCSI_RSVD_TAG

static void request(void)
{
	static const u8 want[] = {
		0x04, 0x80, 0, 0, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 2, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 9, 0, 0, 0, 50,
	};

	start();
	CHECK_INT(send_req(), 48 + 16);
	CHECK(!memcmp(pdu, want, sizeof(want)));
	CHECK(!memcmp(pdu + 48, "SendTargets=All", 16));
	CHECK_INT(sanblk_iscsi_st_build(&st, pdu, sizeof(pdu)), -EINVAL);
	CHECK_INT(rsp(0, 0x77, TXT("TargetName=iqn.a\0")), SANBLK_ISCSI_ST_MORE);
	CHECK_INT(sanblk_iscsi_st_build(&st, pdu, 47), -ENOSPC);
	CHECK_INT(send_req(), 48);
	CHECK_INT(req.dlength, 0);
	CHECK_INT(req.f20, 0x77);		/* the target's TTT */
	CHECK_INT(req.f24, 10);			/* CmdSN goes on */
	CHECK_INT(req.f28, 51);
	CHECK_INT(req.itt, 0x200);		/* the sequence's one ITT */
	CHECK_INT(rsp(F, NOTTT, TXT("")), SANBLK_ISCSI_ST_DONE);
	CHECK_INT(st.cmdsn, 11);
	CHECK_INT(st.exp_statsn, 52);
	CHECK_INT(sanblk_iscsi_st_recv(&st, &req, NULL, 0), -EINVAL);
}

static void list(void)
{
	const struct sanblk_iscsi_st_target *t;
	char names[64];

	start();
	send_req();
	CHECK_INT(rsp(C, 1, TXT("TargetName=iqn.2026-11.test:disk1\0"
				"TargetAddress=10.0.0.1:3260,1\0"
				"TargetAddress=[fd00::1]:3260,1\0TargetNa")),
		  SANBLK_ISCSI_ST_MORE);
	send_req();
	CHECK_INT(rsp(C, 2, TXT("me=iqn.2026-11.test:disk2")),
		  SANBLK_ISCSI_ST_MORE);
	send_req();
	CHECK_INT(rsp(F, NOTTT, TXT("\0X-Other=1\0TargetAddress=10.0.0.2:3260,2\0")),
		  SANBLK_ISCSI_ST_DONE);
	CHECK_INT(st.n, 2);
	t = sanblk_iscsi_st_find(&st, "iqn.2026-11.test:disk1");
	CHECK(t && t->naddr == 2);
	CHECK_STR(t->addr[1], "[fd00::1]:3260,1");
	t = sanblk_iscsi_st_find(&st, "iqn.2026-11.test:disk2");
	CHECK(t && t->naddr == 1);
	CHECK_STR(t->addr[0], "10.0.0.2:3260,2");
	CHECK(!sanblk_iscsi_st_find(&st, "iqn.2026-11.test:disk"));
	CHECK_INT(sanblk_iscsi_st_names(&st, names, sizeof(names)), 46);
	CHECK_STR(names, "iqn.2026-11.test:disk1, iqn.2026-11.test:disk2");
	CHECK_INT(sanblk_iscsi_st_names(&st, names, 10), 9);
	CHECK_STR(names, "iqn.2026-");

	/* a portal with nothing to offer */
	start();
	send_req();
	CHECK_INT(rsp(F, NOTTT, TXT("")), SANBLK_ISCSI_ST_DONE);
	CHECK_INT(st.n, 0);
	CHECK_INT(sanblk_iscsi_st_names(&st, names, sizeof(names)), 0);
}

static void bounded(void)
{
	char pairs[2048], names[1024];
	size_t len = 0;
	int i;

	for (i = 0; i < 20; i++)
		len += (size_t)sprintf(pairs + len, "TargetName=t%d%c", i, 0);
	for (i = 0; i < 6; i++)
		len += (size_t)sprintf(pairs + len, "TargetAddress=a%d%c", i, 0);
	start();
	send_req();
	CHECK_INT(rsp(F, NOTTT, (u8 *)pairs, len), SANBLK_ISCSI_ST_DONE);
	CHECK_INT(st.n, SANBLK_ISCSI_ST_TARGETS);
	CHECK_INT(st.dropped, 4);
	CHECK_INT(st.dropped_addrs, 0);		/* t19's, not kept */
	sanblk_iscsi_st_names(&st, names, sizeof(names));
	CHECK(strstr(names, "t0, t1, ") == names);
	CHECK(strstr(names, "t15, and 4 more"));

	len = (size_t)sprintf(pairs, "TargetName=t%c", 0);
	for (i = 0; i < 6; i++)
		len += (size_t)sprintf(pairs + len, "TargetAddress=a%d%c", i, 0);
	len += (size_t)sprintf(pairs + len, "TargetAddress=%070d%c", 0, 0);
	start();
	send_req();
	CHECK_INT(rsp(F, NOTTT, (u8 *)pairs, len), SANBLK_ISCSI_ST_DONE);
	CHECK_INT(st.t[0].naddr, SANBLK_ISCSI_ST_ADDRS);
	CHECK_INT(st.dropped_addrs, 3);
}

static void wrong(void)
{
	struct sanblk_iscsi_bhs h;
	int i;

	start();
	send_req();
	CHECK_INT(rsp(F, NOTTT, TXT("TargetAddress=10.0.0.1\0")), -EPROTO);
	CHECK(strstr(st.err, "before any TargetName"));
	CHECK_INT(rsp(F, NOTTT, TXT("")), -EINVAL);
	start();
	send_req();
	CHECK_INT(rsp(F, NOTTT, TXT("TargetName=iqn.a\0TargetName=iq")),
		  -EPROTO);
	CHECK(strstr(st.err, "inside a pair"));
	start();
	send_req();
	CHECK_INT(rsp(F | C, NOTTT, TXT("")), -EPROTO);
	start();
	send_req();
	CHECK_INT(rsp(F, 5, TXT("")), -EPROTO);
	start();
	send_req();
	CHECK_INT(rsp(0, NOTTT, TXT("")), -EPROTO);
	start();
	send_req();
	CHECK_INT(rsp(F, NOTTT, TXT("TargetName=\0")), -EPROTO);
	start();
	send_req();
	CHECK_INT(rsp(F, NOTTT, TXT("=x\0")), -EPROTO);
	start();
	send_req();
	statsn++;
	CHECK_INT(rsp(F, NOTTT, TXT("")), -EPROTO);
	CHECK(strstr(st.err, "StatSN"));
	start();
	send_req();
	req.itt++;
	CHECK_INT(rsp(F, NOTTT, TXT("")), -EPROTO);
	start();
	send_req();
	memset(&h, 0, sizeof(h));
	h.opcode = SANBLK_ISCSI_OP_REJECT;
	h.itt = req.itt;
	CHECK_INT(sanblk_iscsi_st_recv(&st, &h, NULL, 0), -EPROTO);
	/* a pair that never ends */
	start();
	send_req();
	for (i = 0; i < 10; i++)
		if (rsp(C, 1, TXT("X=0123456789012345678901234567890123456789"))
		    != SANBLK_ISCSI_ST_MORE || send_req() < 0)
			break;
	CHECK_INT(i, 7);
	CHECK(strstr(st.err, "longer than"));
	/* a target that never says F */
	start();
	for (i = 0; i < 1000; i++)
		if (send_req() < 0 || rsp(0, 1, TXT("")) != SANBLK_ISCSI_ST_MORE)
			break;
	CHECK_INT(i, SANBLK_ISCSI_ST_ROUNDS - 1);
}

int main(void)
{
	RUN("iscsi_sendtargets", request);
	RUN("iscsi_sendtargets", list);
	RUN("iscsi_sendtargets", bounded);
	RUN("iscsi_sendtargets", wrong);
	UNIT_EXIT();
}
