// SPDX-License-Identifier: GPL-2.0-only
/*
 * "Target not found" says what to change only when it says what there
 * is: after a login refused with status 0x0203, a discovery session to
 * the same portal asks SendTargets=All and the names the portal offers
 * this initiator are added to the error ("...; this portal offers:
 * iqn.a, iqn.b, and 3 more").  Best effort: a portal that refuses
 * discovery leaves the error as it was.  The parsing is pure code
 * (sendtargets.c); this is its kernel glue, on the connection that was
 * just refused.
 */
#include "iscsi.h"
#include "sendtargets.h"

struct iscsi_discovery {
	struct sanblk_iscsi_login l;
	struct sanblk_iscsi_sendtargets st;
	u8 buf[ISCSI_CTL_DATA + SANBLK_ISCSI_BHS_LEN];
};

/* The SendTargets sequence on c, logged in for discovery. */
static int sanblk_iscsi_ask_targets(struct iscsi_conn *c,
				    struct iscsi_discovery *dc)
{
	struct sanblk_iscsi_bhs h;
	u32 dlen;
	int i, ret = -EPROTO;

	sanblk_iscsi_st_init(&dc->st, ISCSI_ITT_SYNC, dc->l.cmdsn,
			     dc->l.exp_statsn);
	for (i = 0; i < SANBLK_ISCSI_ST_ROUNDS; i++) {
		ret = sanblk_iscsi_st_build(&dc->st, dc->buf, sizeof(dc->buf));
		if (ret < 0)
			return ret;
		ret = sanblk_iscsi_send_sync(c, dc->buf, ret) ?:
		      sanblk_iscsi_recv_sync(c, &h, c->rx->ctl,
					     sizeof(c->rx->ctl), &dlen);
		if (ret)
			return ret;
		if (h.opcode != SANBLK_ISCSI_OP_TEXT_RSP)
			return -EPROTO;
		ret = sanblk_iscsi_st_recv(&dc->st, &h, c->rx->ctl, dlen);
		if (ret != SANBLK_ISCSI_ST_MORE)
			break;
	}
	return ret == SANBLK_ISCSI_ST_DONE ? 0 : -EPROTO;
}

/* A discovery login on c (connected), with the path's credentials. */
static int sanblk_iscsi_discovery_login(struct iscsi_conn *c,
					struct iscsi_discovery *dc)
{
	u8 old[ISCSI_OLD_CHALS][SANBLK_ISCSI_CHAP_CHAL_LEN];
	struct sanblk_iscsi_login_cfg cfg;
	char err[SANBLK_ERR_MAX];
	int ret;

	sanblk_iscsi_make_cfg(c, &cfg, old);
	cfg.target = NULL;
	cfg.want_hdigest = 0;
	cfg.want_ddigest = 0;
	cfg.itt = ISCSI_ITT_SYNC;
	ret = sanblk_iscsi_login_init(&dc->l, &cfg, err, sizeof(err));
	if (!ret)
		ret = sanblk_iscsi_login_steps(c, &dc->l, dc->buf, err,
					       sizeof(err));
	return ret == SANBLK_ISCSI_LOGIN_DONE ? 0 : -EPROTO;
}

/* c was refused "target not found": add what its portal offers to err. */
void sanblk_iscsi_offers(struct iscsi_conn *c, char *err, size_t errlen)
{
	struct iscsi_path *p = c->path;
	struct iscsi_discovery *dc;
	char e[SANBLK_ERR_MAX];
	size_t n = strlen(err);

	dc = kzalloc(sizeof(*dc), GFP_NOIO);
	if (!dc)
		return;
	memset(&c->fr, 0, sizeof(c->fr));
	c->fr.max_recv_dsl = SANBLK_ISCSI_LOGIN_DSL;
	if (sanblk_iscsi_connect(c, &p->portal, &p->src, e, sizeof(e)))
		goto out;
	if (sanblk_iscsi_discovery_login(c, dc))
		goto out_close;
	c->fr.max_recv_dsl = dc->l.params.max_recv_dsl;
	if (sanblk_iscsi_ask_targets(c, dc))
		goto out_close;
	if (!dc->st.n && !dc->st.dropped)
		n += scnprintf(err + n, errlen - n,
			       "; this portal offers no target to this initiator");
	else
		n += scnprintf(err + n, errlen - n, "; this portal offers: ");
	if (dc->st.n || dc->st.dropped)
		sanblk_iscsi_st_names(&dc->st, err + n, errlen - n);
out_close:
	sanblk_iscsi_sock_close(c);
out:
	kfree_sensitive(dc);
}
