// SPDX-License-Identifier: GPL-2.0-only
/*
 * Login: the keys, the target's text taken key by key, our offer.  Pure code (see login.h).
 */
#include "login_int.h"

const char *const sanblk_iscsi_login_keys[] = {
	"InitiatorName", "TargetName", "SessionType", "InitiatorAlias",
	"AuthMethod", "CHAP_A", "CHAP_I", "CHAP_C", "CHAP_N", "CHAP_R",
	"TargetPortalGroupTag", "TargetAlias", "TargetAddress",
	"HeaderDigest", "DataDigest", "ErrorRecoveryLevel", "InitialR2T",
	"ImmediateData", "MaxRecvDataSegmentLength", "MaxBurstLength",
	"FirstBurstLength", "MaxOutstandingR2T", "DefaultTime2Wait",
	"DefaultTime2Retain", "MaxConnections", "DataPDUInOrder",
	"DataSequenceInOrder",
};

int sanblk_iscsi_login_key_id(const struct sanblk_iscsi_kv *kv)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sanblk_iscsi_login_keys); i++)
		if (strlen(KNAME(i)) == kv->klen &&
		    !memcmp(KNAME(i), kv->key, kv->klen))
			return (int)i;
	return -1;
}

/* key=value into the next request; an overflow latches next_len. */
void sanblk_iscsi_login_add(struct sanblk_iscsi_login *l, int id,
			    const char *val)
{
	size_t room = sizeof(l->next) - l->next_len;
	int n;

	l->sent |= KBIT(id);
	if (l->next_len >= sizeof(l->next))
		return;
	n = snprintf(l->next + l->next_len, room, "%s=%s%c", KNAME(id), val,
		     0);
	if (n < 0 || (size_t)n >= room)
		l->next_len = sizeof(l->next);
	else
		l->next_len += (size_t)n;
}

/* An operational or informative key: an answer to ours, or a proposal. */
static int sanblk_iscsi_take_op(struct sanblk_iscsi_login *l, int id,
				const struct sanblk_iscsi_kv *kv)
{
	size_t room = sizeof(l->next) - l->next_len, used = 0;
	char *ans = l->next + l->next_len;
	const struct sanblk_iscsi_login_cfg *c = &l->cfg;
	int err = -ENOENT;

	if (id >= 0 && !(l->sent & KBIT(id)))
		err = sanblk_iscsi_respond(&l->params, kv, c->want_hdigest,
					   c->want_ddigest, ans, room, &used);
	if (err == -ENOENT)
		err = sanblk_iscsi_negotiate(&l->params, kv, 1, c->want_hdigest,
					     c->want_ddigest, ans, room, &used);
	if (err == -EOPNOTSUPP)
		return sanblk_iscsi_login_fail(l, err,
					       "the target proposes no %s value we accept",
					       KNAME(id));
	if (err == -ENOSPC)
		return sanblk_iscsi_login_fail(l, -E2BIG,
					       "our answers to the target do not fit in one PDU");
	if (err && id >= 0)
		return sanblk_iscsi_login_fail(l, err,
					       "the target's %s is not a value our offer allows",
					       KNAME(id));
	if (err)
		return sanblk_iscsi_login_fail(l, err, "the target sent a bad key");
	if (used && id >= 0) {
		l->sent |= KBIT(id);	/* we answered its proposal */
		l->answers = true;
	}
	l->next_len += used;
	return 0;
}

/* A key we do not know: answered NotUnderstood, once. */
static int sanblk_iscsi_take_unknown(struct sanblk_iscsi_login *l,
				     const struct sanblk_iscsi_kv *kv)
{
	const char *p = l->unknown, *end = l->unknown + l->unknown_len;

	for (; p < end; p += strlen(p) + 1)
		if (strlen(p) == kv->klen && !memcmp(p, kv->key, kv->klen))
			return sanblk_iscsi_login_fail(l, -EPROTO,
						       "target sent a key we do not know twice");
	if ((size_t)kv->klen + 1 > sizeof(l->unknown) - l->unknown_len)
		return sanblk_iscsi_login_fail(l, -E2BIG,
					       "target sent too many keys we do not know");
	memcpy(l->unknown + l->unknown_len, kv->key, kv->klen);
	l->unknown_len += kv->klen;
	l->unknown[l->unknown_len++] = '\0';
	return sanblk_iscsi_take_op(l, -1, kv);
}

static int sanblk_iscsi_take_one(struct sanblk_iscsi_login *l,
				 const struct sanblk_iscsi_kv *kv)
{
	int id = sanblk_iscsi_login_key_id(kv);

	if (id < 0)
		return sanblk_iscsi_take_unknown(l, kv);
	if (l->recv & KBIT(id))
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "target sent %s twice during login",
					       KNAME(id));
	l->recv |= KBIT(id);
	if (id >= K_AUTH_METHOD && id <= K_CHAP_R)
		return sanblk_iscsi_login_take_security(l, id, kv);
	if (id < K_AUTH_METHOD)
		return 0;		/* names: ours, nothing to take */
	return sanblk_iscsi_take_op(l, id, kv);
}

/* The target's whole text, put together from C=1 responses. */
int sanblk_iscsi_login_take(struct sanblk_iscsi_login *l)
{
	int n, i, err;

	n = sanblk_iscsi_keys_parse(l->rx, l->rx_len, l->kv,
				    SANBLK_ISCSI_PAIRS_MAX);
	l->rx_len = 0;
	if (n < 0)
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "the target's login text is malformed (%d)",
					       n);
	for (i = 0; i < n; i++) {
		err = sanblk_iscsi_take_one(l, &l->kv[i]);
		if (err)
			return err;
	}
	if (!l->text_seen && l->cfg.target && !(l->recv & KBIT(K_TPGT)))
		l->tpgt_missing = true;	/* RFC 7143 13.9; tolerated */
	l->text_seen = true;
	return 0;
}

/* Our operational offer, less what is already negotiated. */
int sanblk_iscsi_login_offer(struct sanblk_iscsi_login *l)
{
	char buf[512];
	int n, i, id;

	n = sanblk_iscsi_offer(buf, sizeof(buf), &l->params,
			       l->cfg.want_hdigest, l->cfg.want_ddigest);
	if (n >= 0)
		n = sanblk_iscsi_keys_parse((u8 *)buf, (size_t)n, l->kv,
					    SANBLK_ISCSI_PAIRS_MAX);
	if (n < 0)
		return sanblk_iscsi_login_fail(l, n, "cannot build our offer (%d)",
					       n);
	for (i = 0; i < n; i++) {
		id = sanblk_iscsi_login_key_id(&l->kv[i]);
		if (id >= 0 && !(l->sent & KBIT(id)))
			sanblk_iscsi_login_add(l, id, l->kv[i].val);
	}
	return sanblk_iscsi_login_next(l, SANBLK_ISCSI_STAGE_FULL, true);
}

void sanblk_iscsi_login_defaults(struct sanblk_iscsi_login *l)
{
	struct sanblk_iscsi_kv kv = { .val = "Irrelevant", .vlen = 10 };
	char ans[64];
	size_t used, i;

	for (i = K_OP; i < ARRAY_SIZE(sanblk_iscsi_login_keys); i++) {
		if (!(l->sent & KBIT(i)) || (l->recv & KBIT(i)))
			continue;
		kv.key = KNAME(i);
		kv.klen = (u16)strlen(kv.key);
		sanblk_iscsi_negotiate(&l->params, &kv, 1, 0, 0, ans,
				       sizeof(ans), &used);
	}
	/* and FirstBurstLength cut to MaxBurstLength */
	sanblk_iscsi_negotiate(&l->params, NULL, 0, 0, 0, ans, sizeof(ans),
			       &used);
}
