// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/iscsi/pdu.c kmod/blk/iscsi/keys.c kmod/blk/iscsi/chap.c kmod/blk/iscsi/login.c kmod/blk/iscsi/login_keys.c kmod/blk/iscsi/login_chap.c
/*
 * The whole login state machine against an arbitrary target.  The first
 * byte picks the configuration (authentication none, one-way, mutual;
 * normal or discovery; digests; a reinstatement TSIH); the rest is a
 * sequence of Login Responses, each answering the request just built:
 *
 *   ctl  bit 0-2: spoil ITT, ISID, StatSN;  bit 3: raw 48-byte BHS next
 *   then (not raw) flags, status (2), TSIH (2), data length (2), data
 *
 * so that mutations reach every stage with well-formed headers while
 * raw ones try everything else.  Checked: no crash; every request fits
 * and its text is key=value pairs; no request holds a secret unless
 * the target sent its text first; no error text ever holds a secret;
 * after DONE the parameters are within RFC 7143 and our offer.
 */
#define _GNU_SOURCE
#include <assert.h>
#include "iscsi/login.h"
#include "../unit/md5_ref.h"

#define SECRET	"fuzz-secret-0123"
#define RSECRET	"fuzz-rsecret-4567"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static struct md5_ref_ctx rctx = { .rnd = { 0x80, 0x81, 0x82, 0x83, 0x84,
	0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f } };
static const struct sanblk_iscsi_chap_ops ops = {
	.md5 = md5_ref_chap, .random = md5_ref_random, .ctx = &rctx,
};
static struct sanblk_iscsi_login L;
static bool echoed;	/* the target's own bytes hold a secret's text */
static u8 pdu[SANBLK_ISCSI_BHS_LEN + SANBLK_ISCSI_LOGIN_DSL + 4];

static void config(u8 b, struct sanblk_iscsi_login_cfg *c)
{
	static const int want[4] = { 0, 1, 2, 2 };

	memset(c, 0, sizeof(*c));
	c->initiator = "iqn.2026-11.test:init";
	c->target = b & 4 ? NULL : "iqn.2026-11.test:disk1";
	c->isid[0] = 0x80;
	c->isid[5] = 1;
	c->tsih = b & 0x80 ? 0x55 : 0;
	c->want_hdigest = want[(b >> 3) & 3];
	c->want_ddigest = want[(b >> 5) & 3];
	c->chap = &ops;
	if (b & 3) {
		c->user = "init-user";
		c->secret = SECRET;
	}
	if ((b & 3) >= 2) {
		c->ruser = (b & 3) == 2 ? "tgt-user" : NULL;
		c->rsecret = RSECRET;
	}
}

static void no_secret(const char *s)
{
	assert(!strstr(s, SECRET) && !strstr(s, RSECRET));
}

static void check_request(int n)
{
	struct sanblk_iscsi_kv kv[SANBLK_ISCSI_PAIRS_MAX];
	struct sanblk_iscsi_bhs h;

	assert(n >= SANBLK_ISCSI_BHS_LEN && (size_t)n <= sizeof(pdu) &&
	       !(n & 3));
	sanblk_iscsi_get_bhs(pdu, (size_t)n, &h);
	assert(h.opcode == SANBLK_ISCSI_OP_LOGIN_REQ && h.immediate);
	assert(h.dlength <= SANBLK_ISCSI_LOGIN_DSL);
	assert(!(h.flags & SANBLK_ISCSI_FL_CONTINUE));
	assert(sanblk_iscsi_keys_parse(pdu + SANBLK_ISCSI_BHS_LEN, h.dlength,
				       kv, SANBLK_ISCSI_PAIRS_MAX) >= 0);
	/* NotUnderstood echoes the target's key names, nothing of ours */
	assert(echoed || !memmem(pdu, (size_t)n, SECRET, strlen(SECRET)));
	assert(echoed || !memmem(pdu, (size_t)n, RSECRET, strlen(RSECRET)));
}

static void check_params(const struct sanblk_iscsi_params *p)
{
	assert(p->header_digest <= 1 && p->data_digest <= 1);
	if (L.cfg.want_hdigest == 0)
		assert(!p->header_digest);
	if (L.cfg.want_hdigest == 1)
		assert(p->header_digest);
	assert(p->first_burst <= p->max_burst && p->max_burst <= 262144);
	assert(p->max_xmit_dsl >= 512 && p->max_xmit_dsl <= 16777215);
	assert(p->erl == 0 && p->max_connections == 1);
	assert(p->time2wait >= 2 && p->time2wait <= 3600);
	assert(L.tsih && (!L.cfg.tsih || L.tsih == L.cfg.tsih));
}

/* One response from the input at *off; its recv() result. */
static int respond(const u8 *in, size_t size, size_t *off, u32 *statsn)
{
	struct sanblk_iscsi_bhs req, h;
	u8 ctl = in[(*off)++];
	size_t dlen;

	sanblk_iscsi_get_bhs(pdu, SANBLK_ISCSI_BHS_LEN, &req);
	if (ctl & 8) {
		if (size - *off < SANBLK_ISCSI_BHS_LEN)
			return -1;
		sanblk_iscsi_get_bhs(in + *off, SANBLK_ISCSI_BHS_LEN, &h);
		*off += SANBLK_ISCSI_BHS_LEN;
	} else {
		if (size - *off < 7)
			return -1;
		memset(&h, 0, sizeof(h));
		h.opcode = SANBLK_ISCSI_OP_LOGIN_RSP;
		h.flags = in[*off];
		h.spec[4] = in[*off + 1];
		h.spec[5] = in[*off + 2];
		memcpy(h.lun, req.lun, 6);
		memcpy(h.lun + 6, in + *off + 3, 2);
		h.dlength = sanblk_get_be16(in + *off + 5);
		h.itt = req.itt ^ (ctl & 1);
		h.lun[0] ^= ctl & 2;
		h.f24 = *statsn + ((ctl >> 2) & 1);
		*off += 7;
	}
	(*statsn)++;
	dlen = h.dlength < size - *off ? h.dlength : size - *off;
	h.dlength = (u32)dlen;
	*off += dlen;
	return sanblk_iscsi_login_recv(&L, &h, in + *off - dlen, dlen);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct sanblk_iscsi_login_cfg cfg;
	char err[SANBLK_ISCSI_LOGIN_ERR_LEN];
	size_t off = 1;
	u32 statsn = 1000;
	int n, r = SANBLK_ISCSI_LOGIN_MORE;

	if (!size)
		return 0;
	echoed = memmem(data, size, SECRET, strlen(SECRET)) ||
		 memmem(data, size, RSECRET, strlen(RSECRET));
	config(data[0], &cfg);
	assert(!sanblk_iscsi_login_init(&L, &cfg, err, sizeof(err)));
	while (r == SANBLK_ISCSI_LOGIN_MORE && off < size) {
		n = sanblk_iscsi_login_build(&L, pdu, sizeof(pdu));
		assert(n > 0);
		check_request(n);
		r = respond(data, size, &off, &statsn);
		no_secret(L.err);
		assert(r < 0 || L.error == 0);
	}
	if (r == SANBLK_ISCSI_LOGIN_DONE)
		check_params(&L.params);
	if (r == SANBLK_ISCSI_LOGIN_REDIRECT)
		assert(L.redirect.addr[0] &&
		       strlen(L.redirect.addr) <= SANBLK_ISCSI_VAL_MAX);
	if (r < 0 && r != -1)
		assert(L.err[0] && r == L.error);
	return 0;
}
