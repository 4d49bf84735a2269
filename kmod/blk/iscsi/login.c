// SPDX-License-Identifier: GPL-2.0-only
/*
 * The initiator's login state machine: configuration, requests,
 * responses and stages.  Pure code (see login.h).
 */
#include "login_int.h"

int sanblk_iscsi_login_fail(struct sanblk_iscsi_login *l, int err,
			    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l->err, sizeof(l->err), fmt, ap);
	va_end(ap);
	l->state = SANBLK_ISCSI_LS_FAILED;
	l->error = err;
	return err;
}

/* The next request is due: with T and nsg when transit. */
int sanblk_iscsi_login_next(struct sanblk_iscsi_login *l, u8 nsg, bool transit)
{
	if (l->next_len >= sizeof(l->next))
		return sanblk_iscsi_login_fail(l, -E2BIG,
					       "our login text does not fit in one PDU");
	if (l->rounds >= SANBLK_ISCSI_LOGIN_ROUNDS)
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "the target did not end the login in %d exchanges",
					       SANBLK_ISCSI_LOGIN_ROUNDS);
	l->nsg = nsg;
	l->transit = transit;
	l->state = SANBLK_ISCSI_LS_SEND;
	return SANBLK_ISCSI_LOGIN_MORE;
}

static const char *sanblk_iscsi_check_cfg(const struct sanblk_iscsi_login_cfg *c)
{
	if (!sanblk_iscsi_login_has(c->initiator) ||
	    strlen(c->initiator) > SANBLK_ISCSI_NAME_MAX)
		return "the initiator name is empty or longer than 223 bytes";
	if (c->target && (!*c->target ||
			  strlen(c->target) > SANBLK_ISCSI_NAME_MAX))
		return "the target name is empty or longer than 223 bytes";
	if (c->want_hdigest < 0 || c->want_hdigest > 2 ||
	    c->want_ddigest < 0 || c->want_ddigest > 2)
		return "a digest setting is not 0 (None), 1 (CRC32C) or 2 (either)";
	if (c->max_recv_dsl && (c->max_recv_dsl < 512 ||
				c->max_recv_dsl > SANBLK_ISCSI_DSL_MAX))
		return "MaxRecvDataSegmentLength is not within 512..16777215";
	if ((c->user && strlen(c->user) > SANBLK_ISCSI_VAL_MAX) ||
	    (c->ruser && strlen(c->ruser) > SANBLK_ISCSI_VAL_MAX))
		return "a CHAP user name is longer than 255 bytes";
	if (sanblk_iscsi_login_has(c->secret) &&
	    (!c->chap || !c->chap->md5 || !c->chap->random))
		return "CHAP needs MD5 and random bytes from the caller";
	return NULL;
}

int sanblk_iscsi_login_init(struct sanblk_iscsi_login *l,
			    const struct sanblk_iscsi_login_cfg *cfg,
			    char *err, size_t errlen)
{
	const char *why = sanblk_iscsi_check_cfg(cfg);

	memset(l, 0, sizeof(*l));
	if (why) {
		snprintf(err, errlen, "%s", why);
		return -EINVAL;
	}
	if (sanblk_iscsi_chap_check_cfg(cfg->user, cfg->secret, cfg->ruser,
					cfg->rsecret, err, errlen))
		return -EINVAL;
	l->cfg = *cfg;
	l->auth = sanblk_iscsi_login_has(cfg->secret);
	l->mutual = sanblk_iscsi_login_has(cfg->rsecret);
	sanblk_iscsi_params_init(&l->params);
	if (cfg->max_recv_dsl)
		l->params.max_recv_dsl = cfg->max_recv_dsl;
	l->itt = cfg->itt;
	l->cmdsn = cfg->cmdsn;
	if (l->mutual) {
		cfg->chap->random(cfg->chap->ctx, l->my_chal,
				  sizeof(l->my_chal));
		cfg->chap->random(cfg->chap->ctx, &l->my_id, 1);
	}
	sanblk_iscsi_login_add(l, K_INITIATOR_NAME, cfg->initiator);
	sanblk_iscsi_login_add(l, K_SESSION_TYPE, cfg->target ? "Normal" : "Discovery");
	if (cfg->target)
		sanblk_iscsi_login_add(l, K_TARGET_NAME, cfg->target);
	sanblk_iscsi_login_add(l, K_AUTH_METHOD, l->auth ? "CHAP" : "None");
	l->csg = SANBLK_ISCSI_STAGE_SECURITY;
	l->nsg = SANBLK_ISCSI_STAGE_OPERATIONAL;
	l->transit = !l->auth;
	l->state = SANBLK_ISCSI_LS_SEND;
	return 0;
}

int sanblk_iscsi_login_build(struct sanblk_iscsi_login *l, u8 *buf,
			     size_t len)
{
	u32 pad = sanblk_iscsi_pad((u32)l->next_len);
	size_t total = SANBLK_ISCSI_BHS_LEN + l->next_len + pad;
	struct sanblk_iscsi_bhs h;

	if (l->state != SANBLK_ISCSI_LS_SEND)
		return -EINVAL;
	if (len < total)
		return -ENOSPC;
	sanblk_iscsi_login_req(&h, l->cfg.isid, l->cfg.tsih, l->cfg.cid,
			       l->csg, l->nsg, l->transit);
	h.dlength = (u32)l->next_len;
	h.itt = l->itt;
	h.f24 = l->cmdsn;
	h.f28 = l->exp_statsn;
	sanblk_iscsi_put_bhs(buf, len, &h);
	memcpy(buf + SANBLK_ISCSI_BHS_LEN, l->next, l->next_len);
	memset(buf + SANBLK_ISCSI_BHS_LEN + l->next_len, 0, pad);
	l->state = SANBLK_ISCSI_LS_WAIT;
	l->rounds++;
	return (int)total;
}

/* A status other than success: a redirect, or the end of the login. */
static int sanblk_iscsi_status_errno(u16 status)
{
	switch (status) {
	case 0x0201:		/* authentication failure */
	case 0x0202:		/* authorization failure */
		return -EACCES;
	case 0x0203:		/* not found */
	case 0x0204:		/* removed */
		return -ENOENT;
	case 0x0205:
		return -EPROTONOSUPPORT;
	case 0x0206:
		return -EBUSY;
	case 0x0209:
		return -EOPNOTSUPP;
	case 0x020a:
		return -ESRCH;
	}
	return status >> 8 == 3 ? -EAGAIN : -EINVAL;
}

static int sanblk_iscsi_redirected(struct sanblk_iscsi_login *l,
				   const u8 *data, size_t dlen)
{
	int n, i;

	n = sanblk_iscsi_keys_parse(data, dlen, l->kv, SANBLK_ISCSI_PAIRS_MAX);
	for (i = 0; i < n; i++) {
		if (sanblk_iscsi_login_key_id(&l->kv[i]) != K_TARGET_ADDRESS ||
		    !l->kv[i].vlen || l->kv[i].vlen > SANBLK_ISCSI_VAL_MAX)
			continue;
		memcpy(l->redirect.addr, l->kv[i].val, l->kv[i].vlen);
		l->redirect.addr[l->kv[i].vlen] = '\0';
		l->redirect.permanent = l->status == 0x0102;
		snprintf(l->err, sizeof(l->err), "%s",
			 sanblk_iscsi_login_status_text(l->status));
		l->state = SANBLK_ISCSI_LS_REDIRECT;
		return SANBLK_ISCSI_LOGIN_REDIRECT;
	}
	return sanblk_iscsi_login_fail(l, -EPROTO,
				       "target redirected the login (status 0x%04x) without a valid TargetAddress",
				       l->status);
}

static int sanblk_iscsi_refused(struct sanblk_iscsi_login *l,
				const u8 *data, size_t dlen)
{
	u16 s = l->status;

	if (s == 0x0101 || s == 0x0102)
		return sanblk_iscsi_redirected(l, data, dlen);
	if (s >> 8 != 2 && s >> 8 != 3)
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "target answered with unknown login status 0x%04x",
					       s);
	return sanblk_iscsi_login_fail(l, sanblk_iscsi_status_errno(s),
				       "login refused: %s (status 0x%04x)",
				       sanblk_iscsi_login_status_text(s), s);
}

/* What every response must carry, before its status is looked at. */
static int sanblk_iscsi_check_rsp(struct sanblk_iscsi_login *l,
				  const struct sanblk_iscsi_bhs *h)
{
	if (h->opcode != SANBLK_ISCSI_OP_LOGIN_RSP)
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "target sent opcode 0x%02x during login",
					       h->opcode);
	if (h->itt != l->itt)
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "target answered ITT 0x%08x; the request had 0x%08x",
					       h->itt, l->itt);
	/* a refusal need not echo it (tgtd's does not): its status says more */
	if (!sanblk_iscsi_login_status(h) &&
	    memcmp(h->lun, l->cfg.isid, sizeof(l->cfg.isid)))
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "target answered with another ISID");
	return 0;
}

/* A successful response: version, flags, stage and StatSN. */
static int sanblk_iscsi_check_ok(struct sanblk_iscsi_login *l,
				 const struct sanblk_iscsi_bhs *h)
{
	u8 csg = (h->flags >> 2) & 3;

	if (h->b3)
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "target chose iSCSI version %u; only 0 exists",
					       h->b3);
	if ((h->flags & SANBLK_ISCSI_FL_TRANSIT) &&
	    (h->flags & SANBLK_ISCSI_FL_CONTINUE))
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "target set both T and C in a login response");
	if (csg != l->csg)
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "target answered in stage %u; the request was in stage %u",
					       csg, l->csg);
	if (l->statsn_known && h->f24 != l->exp_statsn)
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "target's StatSN is %u; expected %u",
					       h->f24, l->exp_statsn);
	l->statsn_known = true;
	l->exp_statsn = h->f24 + 1;
	l->exp_cmdsn = h->f28;
	l->max_cmdsn = sanblk_iscsi_spec32(h, 0);
	return 0;
}

/* Full feature phase: keys we offered and were not answered default. */
static int sanblk_iscsi_finish(struct sanblk_iscsi_login *l,
			       const struct sanblk_iscsi_bhs *h)
{
	u16 tsih = sanblk_iscsi_login_tsih(h);

	if (l->cfg.tsih ? tsih != l->cfg.tsih : !tsih)
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "target gave TSIH %u; the request had %u",
					       tsih, l->cfg.tsih);
	sanblk_iscsi_login_defaults(l);
	/* unanswered, rejected or irrelevant: CRC32C is not in force */
	if ((l->cfg.want_hdigest == 1 && !l->params.header_digest) ||
	    (l->cfg.want_ddigest == 1 && !l->params.data_digest))
		return sanblk_iscsi_login_fail(l, -EOPNOTSUPP,
					       "the target did not agree to the CRC32C digests we require");
	l->tsih = tsih;
	l->state = SANBLK_ISCSI_LS_DONE;
	return SANBLK_ISCSI_LOGIN_DONE;
}

/* The target set T: it goes to the stage we asked for, or it errs. */
static int sanblk_iscsi_transit(struct sanblk_iscsi_login *l,
				const struct sanblk_iscsi_bhs *h)
{
	u8 nsg = h->flags & 3;

	if (!l->transit)
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "target left stage %u though we did not ask",
					       l->csg);
	if (nsg != l->nsg)
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "target went to stage %u; we asked for stage %u",
					       nsg, l->nsg);
	if (l->answers)
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "target ended a stage with keys still to answer");
	l->next_len = 0;	/* NotUnderstood needs no answer back */
	if (l->mutual && l->csg == SANBLK_ISCSI_STAGE_SECURITY &&
	    (!l->target_authed || !(l->recv & KBIT(K_CHAP_N))))
		return sanblk_iscsi_login_fail(l, -EACCES,
					       "the target did not answer our mutual CHAP challenge");
	l->csg = nsg;
	if (nsg == SANBLK_ISCSI_STAGE_FULL)
		return sanblk_iscsi_finish(l, h);
	return sanblk_iscsi_login_offer(l);
}

int sanblk_iscsi_login_recv(struct sanblk_iscsi_login *l,
			    const struct sanblk_iscsi_bhs *h, const u8 *data,
			    size_t dlen)
{
	int err;

	if (l->state == SANBLK_ISCSI_LS_FAILED)
		return l->error;
	if (l->state != SANBLK_ISCSI_LS_WAIT)
		return -EINVAL;
	err = sanblk_iscsi_check_rsp(l, h);
	if (err)
		return err;
	l->status = sanblk_iscsi_login_status(h);
	if (l->status)
		return sanblk_iscsi_refused(l, data, dlen);
	err = sanblk_iscsi_check_ok(l, h);
	if (err)
		return err;
	if (dlen > sizeof(l->rx) - l->rx_len)
		return sanblk_iscsi_login_fail(l, -E2BIG,
					       "the target's login text is longer than %u bytes",
					       (unsigned int)sizeof(l->rx));
	memcpy(l->rx + l->rx_len, data, dlen);
	l->rx_len += dlen;
	l->next_len = 0;
	l->answers = false;
	if (h->flags & SANBLK_ISCSI_FL_CONTINUE)
		return sanblk_iscsi_login_next(l, l->nsg, false);
	err = sanblk_iscsi_login_take(l);
	if (err)
		return err;
	if (h->flags & SANBLK_ISCSI_FL_TRANSIT)
		return sanblk_iscsi_transit(l, h);
	if (l->csg == SANBLK_ISCSI_STAGE_SECURITY)
		return sanblk_iscsi_login_security_next(l);
	return sanblk_iscsi_login_next(l, SANBLK_ISCSI_STAGE_FULL, true);
}
