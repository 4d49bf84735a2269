// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/iscsi/pdu.c kmod/blk/iscsi/keys.c
/*
 * A Login Response as the login code takes it: BHS, framing within the
 * login-phase limit, the text keys of its data segment, and negotiation
 * against our offer.  Whatever the target says, the parameters that come
 * out are within RFC 7143's ranges and our offer, and the answer fits.
 */
#include <assert.h>
#include "iscsi/pdu.h"
#include "iscsi/keys.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void check(const struct sanblk_iscsi_params *p)
{
	assert(p->header_digest <= 1 && p->data_digest <= 1);
	assert(p->first_burst <= p->max_burst && p->max_burst <= 262144);
	assert(p->max_xmit_dsl >= 512 && p->max_xmit_dsl <= 16777215);
	assert(p->erl == 0 && p->max_connections == 1);
	assert(p->time2wait >= 2 && p->time2wait <= 3600);
	assert(strlen(p->target_address) <= SANBLK_ISCSI_VAL_MAX);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const struct sanblk_iscsi_framing fr = {
		.max_recv_dsl = SANBLK_ISCSI_LOGIN_DSL };
	struct sanblk_iscsi_kv kv[SANBLK_ISCSI_PAIRS_MAX];
	struct sanblk_iscsi_params p;
	struct sanblk_iscsi_pdu_len pl;
	struct sanblk_iscsi_bhs h;
	char ans[256];
	size_t alen;
	const u8 *seg;
	int n;

	if (sanblk_iscsi_get_bhs(data, size, &h) < 0)
		return 0;
	assert(sanblk_iscsi_login_status_text(sanblk_iscsi_login_status(&h)));
	if (h.opcode != SANBLK_ISCSI_OP_LOGIN_RSP ||
	    sanblk_iscsi_pdu_len(&h, &fr, &pl) || pl.total > size)
		return 0;
	seg = data + SANBLK_ISCSI_BHS_LEN + pl.ahs;
	n = sanblk_iscsi_keys_parse(seg, pl.data, kv, SANBLK_ISCSI_PAIRS_MAX);
	if (n < 0)
		return 0;
	assert(n <= SANBLK_ISCSI_PAIRS_MAX);
	sanblk_iscsi_params_init(&p);
	if (!sanblk_iscsi_negotiate(&p, kv, n, data[1] & 3, data[2] & 1 ? 2 : 0,
				    ans, sizeof(ans), &alen)) {
		assert(alen < sizeof(ans));
		check(&p);
	}
	return 0;
}
