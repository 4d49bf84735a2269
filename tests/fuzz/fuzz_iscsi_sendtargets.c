// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/iscsi/pdu.c kmod/blk/iscsi/keys.c kmod/blk/iscsi/sendtargets.c
/*
 * SendTargets against an arbitrary target: the input is a sequence of
 * Text Responses, each a control byte (bit 0: F, bit 1: C, bit 2: spoil
 * ITT, bit 3: spoil StatSN, bit 4: a TTT other than the reserved one),
 * a data length (2) and the data.  Checked: no crash, every request
 * fits, the list stays within its bounds and its strings end, and the
 * summary line fits its buffer.
 */
#include <assert.h>
#include "iscsi/sendtargets.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static struct sanblk_iscsi_sendtargets st;

static void check_list(void)
{
	char names[256];
	int i, a;

	assert(st.n >= 0 && st.n <= SANBLK_ISCSI_ST_TARGETS);
	for (i = 0; i < st.n; i++) {
		assert(strlen(st.t[i].name) >= 1 &&
		       strlen(st.t[i].name) <= SANBLK_ISCSI_NAME_MAX);
		assert(st.t[i].naddr <= SANBLK_ISCSI_ST_ADDRS);
		for (a = 0; a < st.t[i].naddr; a++)
			assert(strlen(st.t[i].addr[a]) <
			       SANBLK_ISCSI_ST_ADDR_LEN);
		assert(sanblk_iscsi_st_find(&st, st.t[i].name));
	}
	assert(sanblk_iscsi_st_names(&st, names, sizeof(names)) <
	       sizeof(names));
	assert(strlen(names) < sizeof(names));
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct sanblk_iscsi_bhs req, h;
	size_t off = 0, dlen;
	u32 statsn = 7;
	u8 pdu[64], ctl;
	int n, r = SANBLK_ISCSI_ST_MORE;

	sanblk_iscsi_st_init(&st, 1, 2, statsn);
	while (r == SANBLK_ISCSI_ST_MORE && size - off >= 3) {
		n = sanblk_iscsi_st_build(&st, pdu, sizeof(pdu));
		assert(n == 48 || n == 64);
		sanblk_iscsi_get_bhs(pdu, (size_t)n, &req);
		ctl = data[off];
		memset(&h, 0, sizeof(h));
		h.opcode = SANBLK_ISCSI_OP_TEXT_RSP;
		h.flags = (ctl & 1 ? SANBLK_ISCSI_FL_FINAL : 0) |
			  (ctl & 2 ? SANBLK_ISCSI_FL_CONTINUE : 0);
		h.itt = req.itt ^ ((ctl >> 2) & 1);
		h.f24 = statsn++ + ((ctl >> 3) & 1);
		h.f20 = ctl & 0x10 ? ctl : SANBLK_ISCSI_RSVD_TAG;
		dlen = sanblk_get_be16(data + off + 1);
		off += 3;
		if (dlen > size - off)
			dlen = size - off;
		h.dlength = (u32)dlen;
		r = sanblk_iscsi_st_recv(&st, &h, data + off, dlen);
		off += dlen;
		assert(r == SANBLK_ISCSI_ST_MORE || r == SANBLK_ISCSI_ST_DONE ||
		       (r == -EPROTO && st.err[0]));
	}
	check_list();
	return 0;
}
