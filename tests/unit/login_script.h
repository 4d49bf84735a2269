/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A scripted iSCSI target for the login tests: each request the login
 * builds is decoded into req/req_text, and rsp() hands it a Login
 * Response that echoes ITT and ISID and counts StatSN, as a target does.
 */
#ifndef SANBLK_LOGIN_SCRIPT_H
#define SANBLK_LOGIN_SCRIPT_H

#include "iscsi/login.h"
#include "md5_ref.h"

#define F_T		SANBLK_ISCSI_FL_TRANSIT
#define F_C		SANBLK_ISCSI_FL_CONTINUE
#define STG(csg)	((u8)((csg) << 2))
#define TR(csg, nsg)	((u8)(F_T | (csg) << 2 | (nsg)))
#define TXT(s)		(s), (sizeof(s) - 1)

static struct md5_ref_ctx rctx = {
	.rnd = { 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
		 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f },
};
static const struct sanblk_iscsi_chap_ops ref_ops = {
	.md5 = md5_ref_chap, .random = md5_ref_random, .ctx = &rctx,
};

static struct sanblk_iscsi_login L;
static struct sanblk_iscsi_bhs req;
static u8 pdu[SANBLK_ISCSI_BHS_LEN + SANBLK_ISCSI_LOGIN_DSL + 4];
static char req_text[SANBLK_ISCSI_LOGIN_DSL + 1];
static u32 statsn;

static struct sanblk_iscsi_login_cfg cfg_plain(void)
{
	struct sanblk_iscsi_login_cfg c = {
		.initiator = "iqn.2026-11.test:init",
		.target = "iqn.2026-11.test:disk1",
		.isid = { 0x80, 0x00, 0x00, 0x01, 0x02, 0x03 },
		.cmdsn = 7,
		.itt = 0x100,
		.chap = &ref_ops,
	};

	return c;
}

/* The next request, decoded; its length or -errno. */
static int send_req(void)
{
	int n = sanblk_iscsi_login_build(&L, pdu, sizeof(pdu));

	if (n < 0)
		return n;
	sanblk_iscsi_get_bhs(pdu, (size_t)n, &req);
	memcpy(req_text, pdu + SANBLK_ISCSI_BHS_LEN, req.dlength);
	req_text[req.dlength] = '\0';
	return n;
}

/* The value of key in the last request, or NULL. */
static const char *req_val(const char *key)
{
	size_t klen = strlen(key), off = 0;

	while (off < req.dlength) {
		const char *p = req_text + off;

		if (!strncmp(p, key, klen) && p[klen] == '=')
			return p + klen + 1;
		off += strlen(p) + 1;
	}
	return NULL;
}

static bool req_has(const void *s, size_t n)
{
	return memmem(req_text, req.dlength, s, n) != NULL;
}

static int rsp_bhs(struct sanblk_iscsi_bhs *h, const char *text, size_t len)
{
	return sanblk_iscsi_login_recv(&L, h, (const u8 *)text, len);
}

static void rsp_fill(struct sanblk_iscsi_bhs *h, u8 flags, u16 status,
		     u16 tsih, size_t len)
{
	memset(h, 0, sizeof(*h));
	h->opcode = SANBLK_ISCSI_OP_LOGIN_RSP;
	h->flags = flags;
	memcpy(h->lun, req.lun, 6);
	sanblk_put_be16(h->lun + 6, tsih);
	h->dlength = (u32)len;
	h->itt = req.itt;
	h->f24 = statsn++;
	h->f28 = req.f24;
	sanblk_iscsi_set_spec32(h, 0, req.f24 + 16);
	h->spec[4] = (u8)(status >> 8);
	h->spec[5] = (u8)status;
}

static int rsp(u8 flags, u16 status, u16 tsih, const char *text, size_t len)
{
	struct sanblk_iscsi_bhs h;

	rsp_fill(&h, flags, status, tsih, len);
	return rsp_bhs(&h, text, len);
}

static int start(const struct sanblk_iscsi_login_cfg *c)
{
	char err[SANBLK_ISCSI_LOGIN_ERR_LEN];

	statsn = 1000;
	return sanblk_iscsi_login_init(&L, c, err, sizeof(err));
}

#endif /* SANBLK_LOGIN_SCRIPT_H */
