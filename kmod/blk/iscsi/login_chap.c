// SPDX-License-Identifier: GPL-2.0-only
/*
 * Login: the security stage with CHAP.  Pure code (see login.h).
 */
#include "login_int.h"

/* CHAP_I and CHAP_C come after our CHAP_A and before our CHAP_R. */
static bool sanblk_iscsi_chap_turn(struct sanblk_iscsi_login *l)
{
	return (l->sent & KBIT(K_CHAP_A)) && !(l->sent & KBIT(K_CHAP_R));
}

static int sanblk_iscsi_take_auth(struct sanblk_iscsi_login *l,
				  const struct sanblk_iscsi_kv *kv)
{
	if (sanblk_iscsi_login_val_is(kv, l->auth ? "CHAP" : "None"))
		return 0;
	if (l->auth)
		return sanblk_iscsi_login_fail(l, -EACCES,
					       "the target does not accept CHAP (AuthMethod)");
	return sanblk_iscsi_login_fail(l, -EACCES,
				       "the target requires authentication: configure a CHAP user name and secret");
}

/* The target's CHAP_N and CHAP_R, to our challenge (mutual CHAP). */
static int sanblk_iscsi_take_mutual(struct sanblk_iscsi_login *l, int id,
				    const struct sanblk_iscsi_kv *kv)
{
	const char *ruser = l->cfg.ruser;
	int err;

	if (!(l->sent & KBIT(K_CHAP_C)))
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "target sent %s though we did not challenge it",
					       KNAME(id));
	if (id == K_CHAP_N) {
		if (sanblk_iscsi_login_has(ruser) && !sanblk_iscsi_login_val_is(kv, ruser))
			return sanblk_iscsi_login_fail(l, -EACCES,
						       "the target's CHAP name is not the mutual CHAP user name");
		return 0;
	}
	err = sanblk_iscsi_chap_verify(l->cfg.chap, l->my_id, l->cfg.rsecret,
				       l->my_chal, sizeof(l->my_chal),
				       kv->val, kv->vlen);
	if (err == -EACCES)
		return sanblk_iscsi_login_fail(l, err,
					       "the target failed mutual CHAP: its response to our challenge is wrong");
	if (err == -EPROTO)
		return sanblk_iscsi_login_fail(l, err,
					       "the target's CHAP_R is not a 16-byte value");
	if (err)
		return sanblk_iscsi_login_fail(l, err, "MD5 failed (%d)", err);
	l->target_authed = true;
	return 0;
}

static int sanblk_iscsi_take_chap(struct sanblk_iscsi_login *l, int id,
				  const struct sanblk_iscsi_kv *kv)
{
	int n;

	if (id == K_CHAP_N || id == K_CHAP_R)
		return sanblk_iscsi_take_mutual(l, id, kv);
	if (!sanblk_iscsi_chap_turn(l))
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "target sent %s out of turn", KNAME(id));
	if (id == K_CHAP_A) {
		if (sanblk_iscsi_login_val_is(kv, "5"))
			return 0;
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "target chose a CHAP algorithm other than MD5 (5)");
	}
	if (id == K_CHAP_I) {
		n = sanblk_iscsi_chap_decode_id(kv->val, kv->vlen);
		if (n < 0)
			return sanblk_iscsi_login_fail(l, -EPROTO,
						       "the target's CHAP_I is not a number from 0 to 255");
		l->target_id = (u8)n;
		return 0;
	}
	n = sanblk_iscsi_chap_decode(kv->val, kv->vlen, l->chal,
				     sizeof(l->chal));
	if (n < 0)
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "the target's CHAP_C is not a value of 1 to 1024 bytes");
	l->chal_len = (size_t)n;
	return 0;
}

int sanblk_iscsi_login_take_security(struct sanblk_iscsi_login *l, int id,
				     const struct sanblk_iscsi_kv *kv)
{
	if (l->csg != SANBLK_ISCSI_STAGE_SECURITY)
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "target sent %s after the security stage",
					       KNAME(id));
	if (id == K_AUTH_METHOD)
		return sanblk_iscsi_take_auth(l, kv);
	if (!l->auth)
		return sanblk_iscsi_login_fail(l, -EPROTO,
					       "target sent %s though we offered no CHAP",
					       KNAME(id));
	return sanblk_iscsi_take_chap(l, id, kv);
}

/* The target's challenge is one we sent in an earlier login. */
static bool sanblk_iscsi_chap_old(const struct sanblk_iscsi_login *l)
{
	bool seen = false;
	int i;

	if (l->chal_len != SANBLK_ISCSI_CHAP_CHAL_LEN)
		return false;
	for (i = 0; i < l->cfg.old_chals; i++)
		seen |= sanblk_iscsi_chap_equal(l->chal, l->cfg.old_chal[i],
						l->chal_len);
	return seen;
}

const u8 *sanblk_iscsi_login_sent_chal(const struct sanblk_iscsi_login *l)
{
	return l->mutual && (l->sent & KBIT(K_CHAP_C)) ? l->my_chal : NULL;
}

/* CHAP_N and CHAP_R, and our own challenge for mutual CHAP. */
static int sanblk_iscsi_chap_answer(struct sanblk_iscsi_login *l)
{
	char r[2 * SANBLK_ISCSI_CHAP_DIGEST + 3], c[sizeof(r)], id[4];
	int err;

	/* one we sent before: the target wants us to answer for it */
	if (sanblk_iscsi_chap_old(l))
		err = -EACCES;
	else
		err = sanblk_iscsi_chap_respond(l->cfg.chap, l->cfg.secret,
						l->target_id, l->chal,
						l->chal_len,
						l->mutual ? l->my_chal : NULL,
						r, sizeof(r));
	if (err == -EACCES)
		return sanblk_iscsi_login_fail(l, err,
					       "the target sent our own CHAP challenge back (reflection): refused");
	if (err)
		return sanblk_iscsi_login_fail(l, err, "CHAP response failed (%d)",
					       err);
	sanblk_iscsi_login_add(l, K_CHAP_N, l->cfg.user);
	sanblk_iscsi_login_add(l, K_CHAP_R, r);
	if (l->mutual) {
		snprintf(id, sizeof(id), "%u", l->my_id);
		sanblk_iscsi_chap_encode(l->my_chal, sizeof(l->my_chal),
					 c, sizeof(c));
		sanblk_iscsi_login_add(l, K_CHAP_I, id);
		sanblk_iscsi_login_add(l, K_CHAP_C, c);
	}
	l->chap_step = SANBLK_ISCSI_CHAP_RESPONSE;
	return sanblk_iscsi_login_next(l, SANBLK_ISCSI_STAGE_OPERATIONAL, true);
}

/* The security stage goes on: the next CHAP step, or ask to move on. */
int sanblk_iscsi_login_security_next(struct sanblk_iscsi_login *l)
{
	const u32 chal = KBIT(K_CHAP_A) | KBIT(K_CHAP_I) | KBIT(K_CHAP_C);

	if (l->auth && l->chap_step == SANBLK_ISCSI_CHAP_METHOD) {
		if (!(l->recv & KBIT(K_AUTH_METHOD)))
			return sanblk_iscsi_login_fail(l, -EPROTO,
						       "target did not answer AuthMethod");
		sanblk_iscsi_login_add(l, K_CHAP_A, "5");
		l->chap_step = SANBLK_ISCSI_CHAP_ALGO;
		return sanblk_iscsi_login_next(l, SANBLK_ISCSI_STAGE_OPERATIONAL,
					       false);
	}
	if (l->auth && l->chap_step == SANBLK_ISCSI_CHAP_ALGO) {
		if ((l->recv & chal) != chal)
			return sanblk_iscsi_login_fail(l, -EPROTO,
						       "target did not send CHAP_A, CHAP_I and CHAP_C");
		return sanblk_iscsi_chap_answer(l);
	}
	return sanblk_iscsi_login_next(l, SANBLK_ISCSI_STAGE_OPERATIONAL, true);
}
