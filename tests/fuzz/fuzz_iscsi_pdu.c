// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/iscsi/pdu.c
/*
 * A target's byte stream as the receive path takes it: the first byte picks
 * the digests and MaxRecvDataSegmentLength, the rest arrives in pieces
 * and is cut into PDUs by asking sanblk_iscsi_pdu_need() how much more
 * each needs.  Every PDU must end inside the stream and within the
 * negotiated limit, and every BHS must re-encode to the same bytes
 * (but for the reserved bit the receiver ignores).
 */
#include <assert.h>
#include "iscsi/pdu.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const u32 limits[4] = { 512, 8192, 262144, SANBLK_ISCSI_DSL_MAX };

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct sanblk_iscsi_framing fr;
	struct sanblk_iscsi_pdu_len pl;
	struct sanblk_iscsi_bhs h;
	size_t have = 0, need, off;
	u8 out[SANBLK_ISCSI_BHS_LEN];

	if (!size)
		return 0;
	fr.header_digest = data[0] & 1;
	fr.data_digest = data[0] & 2;
	fr.max_recv_dsl = limits[(data[0] >> 2) & 3];
	off = 1;
	while (off < size) {
		if (sanblk_iscsi_pdu_need(data + off, have, &fr, &need))
			return 0;
		if (!need) {
			sanblk_iscsi_get_bhs(data + off, have, &h);
			assert(!sanblk_iscsi_pdu_len(&h, &fr, &pl));
			assert(pl.total == have && pl.data <= fr.max_recv_dsl);
			assert(sanblk_iscsi_put_bhs(out, sizeof(out), &h) ==
			       SANBLK_ISCSI_BHS_LEN);
			/* bit 7 of byte 0 is reserved: ignored, sent as 0 */
			assert(out[0] == (data[off] & 0x7f));
			assert(!memcmp(out + 1, data + off + 1,
				       SANBLK_ISCSI_BHS_LEN - 1));
			sanblk_iscsi_window_valid(h.f28,
						  sanblk_iscsi_spec32(&h, 0));
			off += have;
			have = 0;
			continue;
		}
		/* bytes arrive in pieces of at most 7: exercise partials */
		if (need > 7)
			need = 7;
		if (need > size - off - have)
			return 0;
		have += need;
	}
	return 0;
}
