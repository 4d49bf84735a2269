// SPDX-License-Identifier: GPL-2.0-only
/*
 * The feature phase's send side: io_work writes one PDU at a time, as
 * far as the socket takes it, and picks the next: an answer to the
 * target's NOP-In first, then our keepalive, then Data-Out the target
 * asked for (or unsolicited data), then new commands while the CmdSN
 * window is open.  A PDU's data is sent from the request's pages; a
 * command answered while its data is still going out is ended only when
 * the PDU is written (the target may answer early, with an error).
 */
#include <linux/highmem.h>

#include "iscsi.h"

static void sanblk_iscsi_tx_set(struct iscsi_conn *c,
				const struct sanblk_iscsi_bhs *h,
				struct request *rq, u32 off, u32 len)
{
	struct iscsi_tx *tx = &c->tx;

	sanblk_iscsi_put_bhs(tx->hdr, sizeof(tx->hdr), h);
	tx->hdr_len = SANBLK_ISCSI_BHS_LEN;
	if (c->fr.header_digest) {
		sanblk_put_le32(tx->hdr + tx->hdr_len,
				~crc32c(~0u, tx->hdr, tx->hdr_len));
		tx->hdr_len += SANBLK_ISCSI_DIGEST_LEN;
	}
	tx->hdr_sent = 0;
	tx->rq = rq;
	if (rq && len) {
		struct iscsi_cmd *cmd = sanblk_rq_tp(rq);

		if (cmd->payload.bv_len)
			iscsi_cursor_payload(&tx->cu, &cmd->payload, off);
		else
			iscsi_cursor_seek(&tx->cu, rq, off);
	}
	tx->data_len = len;
	tx->data_sent = 0;
	tx->tail_len = sanblk_iscsi_pad(len);
	memset(tx->tail, 0, sizeof(tx->tail));
	tx->tail_sent = 0;
	tx->crc = ~0u;
	tx->busy = true;
}

static void sanblk_iscsi_tx_nop(struct iscsi_conn *c, u32 itt, u32 ttt,
				const u8 *lun)
{
	struct sanblk_iscsi_bhs h;

	sanblk_iscsi_nop_out(&h, ttt);
	h.immediate = true;
	h.itt = itt;
	if (lun)
		memcpy(h.lun, lun, sizeof(h.lun));
	h.f24 = c->cmdsn;
	h.f28 = c->exp_statsn;
	sanblk_iscsi_tx_set(c, &h, NULL, 0, 0);
}

/* The next Data-Out PDU of cmd's current sequence. */
static void sanblk_iscsi_tx_data(struct iscsi_conn *c, struct iscsi_cmd *cmd)
{
	u32 n = min(cmd->out_end - cmd->out_off, c->params.max_xmit_dsl);
	struct sanblk_iscsi_bhs h;

	memset(&h, 0, sizeof(h));
	h.opcode = SANBLK_ISCSI_OP_DATA_OUT;
	h.dlength = n;
	memcpy(h.lun, c->id->lun, sizeof(h.lun));
	h.itt = cmd->itt;
	h.f20 = cmd->out_ttt;
	h.f28 = c->exp_statsn;
	sanblk_iscsi_set_spec32(&h, 1, cmd->out_datasn++);
	sanblk_iscsi_set_spec32(&h, 2, cmd->out_off);
	sanblk_iscsi_tx_set(c, &h, sanblk_tp_rq(cmd), cmd->out_off, n);
	cmd->out_off += n;
	if (cmd->out_off < cmd->out_end)
		return;
	c->tx.hdr[1] |= SANBLK_ISCSI_FL_FINAL;	/* the sequence ends */
	if (c->fr.header_digest)
		sanblk_put_le32(c->tx.hdr + SANBLK_ISCSI_BHS_LEN,
				~crc32c(~0u, c->tx.hdr, SANBLK_ISCSI_BHS_LEN));
	if (cmd->r2t_len) {
		cmd->out_off = cmd->r2t_off;
		cmd->out_end = cmd->r2t_off + cmd->r2t_len;
		cmd->out_ttt = cmd->r2t_ttt;
		cmd->out_datasn = 0;
		cmd->r2t_len = 0;
		return;
	}
	list_move_tail(&cmd->node, &c->sentq);
}

/* A command PDU, with immediate data; unsolicited data follows it. */
static void sanblk_iscsi_tx_cmd(struct iscsi_conn *c, struct iscsi_cmd *cmd)
{
	const struct sanblk_iscsi_params *p = &c->params;
	struct sanblk_iscsi_bhs h;
	u32 imm = 0, unsol = 0;

	if (cmd->write) {
		if (p->immediate_data)
			imm = min3(cmd->len, p->first_burst, p->max_xmit_dsl);
		unsol = p->initial_r2t ? imm : min(cmd->len, p->first_burst);
	}
	sanblk_iscsi_scsi_cmd(&h, cmd->cdb, cmd->cdb_len, cmd->len, cmd->write);
	if (unsol > imm)
		h.flags &= ~SANBLK_ISCSI_FL_FINAL;
	h.dlength = imm;
	memcpy(h.lun, c->id->lun, sizeof(h.lun));
	h.itt = cmd->itt;
	cmd->cmdsn = c->cmdsn++;
	cmd->sent_at = jiffies;
	h.f24 = cmd->cmdsn;
	h.f28 = c->exp_statsn;
	sanblk_iscsi_tx_set(c, &h, sanblk_tp_rq(cmd), 0, imm);
	cmd->state = ISCSI_CMD_SENT;
	cmd->deferred = false;
	atomic64_inc(&c->cmds);
	if (unsol > imm) {
		cmd->out_off = imm;
		cmd->out_end = unsol;
		cmd->out_ttt = SANBLK_ISCSI_RSVD_TAG;
		cmd->out_datasn = 0;
		list_move_tail(&cmd->node, &c->dataq);
	} else {
		list_move_tail(&cmd->node, &c->sentq);
	}
}

enum iscsi_tx_next {
	ISCSI_TX_NONE,
	ISCSI_TX_NOP_ECHO,	/* the answer to the target's NOP-In */
	ISCSI_TX_TMF,
	ISCSI_TX_LOGOUT,
	ISCSI_TX_PING,		/* our keepalive */
	ISCSI_TX_DATA,
	ISCSI_TX_CMD,
};

/* What goes next, in the order of the comment above; c->lock held. */
static enum iscsi_tx_next sanblk_iscsi_tx_choose(struct iscsi_conn *c)
{
	lockdep_assert_held(&c->lock);
	if (c->nop_due)
		return ISCSI_TX_NOP_ECHO;
	if (c->tmf.state == ISCSI_TMF_DUE)
		return ISCSI_TX_TMF;
	if (c->logout_due && list_empty(&c->dataq))
		return ISCSI_TX_LOGOUT;
	if (c->ping_out && !c->ping_sent)
		return ISCSI_TX_PING;
	if (!list_empty(&c->dataq))
		return ISCSI_TX_DATA;
	if (!list_empty(&c->sendq) && !c->logout_due && !c->logout_sent &&
	    sanblk_iscsi_window_open(c->cmdsn, c->max_cmdsn))
		return ISCSI_TX_CMD;
	return ISCSI_TX_NONE;
}

/* Whether io_work has a PDU to send (after what the receive side did). */
bool sanblk_iscsi_tx_wanted(struct iscsi_conn *c)
{
	bool wanted;

	spin_lock_bh(&c->lock);
	wanted = sanblk_iscsi_tx_choose(c) != ISCSI_TX_NONE;
	spin_unlock_bh(&c->lock);
	return wanted;
}

/* Pick and prepare the next PDU; false when nothing may go now. */
static bool sanblk_iscsi_tx_next(struct iscsi_conn *c)
{
	struct sanblk_iscsi_bhs h;
	bool ok = true;

	spin_lock_bh(&c->lock);
	switch (sanblk_iscsi_tx_choose(c)) {
	case ISCSI_TX_NOP_ECHO:
		c->nop_due = false;
		sanblk_iscsi_tx_nop(c, SANBLK_ISCSI_RSVD_TAG, c->nop_ttt,
				    c->nop_lun);
		break;
	case ISCSI_TX_TMF:
		sanblk_iscsi_tmf_pdu(c, &h);
		sanblk_iscsi_tx_set(c, &h, NULL, 0, 0);
		break;
	case ISCSI_TX_LOGOUT:
		sanblk_iscsi_logout_pdu(c, &h);
		sanblk_iscsi_tx_set(c, &h, NULL, 0, 0);
		break;
	case ISCSI_TX_PING:
		c->ping_sent = true;
		sanblk_iscsi_tx_nop(c, ISCSI_ITT_PING, SANBLK_ISCSI_RSVD_TAG,
				    NULL);
		break;
	case ISCSI_TX_DATA:
		sanblk_iscsi_tx_data(c, list_first_entry(&c->dataq,
							 struct iscsi_cmd, node));
		break;
	case ISCSI_TX_CMD:
		sanblk_iscsi_tx_cmd(c, list_first_entry(&c->sendq,
							struct iscsi_cmd, node));
		break;
	default:
		ok = false;
	}
	spin_unlock_bh(&c->lock);
	return ok;
}

static int sanblk_iscsi_send(struct iscsi_conn *c, void *p, size_t len,
			     bool more)
{
	struct kvec iov = { .iov_base = p, .iov_len = len };
	struct msghdr msg = {
		.msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL | (more ? MSG_MORE : 0),
	};
	int ret = kernel_sendmsg(c->sock, &msg, &iov, 1, len);

	return ret == 0 ? -EAGAIN : ret;
}

static int sanblk_iscsi_tx_pages(struct iscsi_conn *c, struct iscsi_tx *tx)
{
	bool digest = c->fr.data_digest;

	while (tx->data_sent < tx->data_len) {
		u32 left = tx->data_len - tx->data_sent;
		struct bio_vec bv = iscsi_cursor_bvec(&tx->cu, left);
		u8 *p = kmap_local_page(bv.bv_page) + bv.bv_offset;
		/*
		 * MSG_MORE on a PDU's last bytes would hold them back until
		 * something else is sent: push them unless a tail follows.
		 */
		bool more = bv.bv_len < left || tx->tail_len || digest;
		int ret = sanblk_iscsi_send(c, p, bv.bv_len, more);

		if (ret > 0 && digest)
			tx->crc = crc32c(tx->crc, p, ret);
		kunmap_local(p);
		if (ret < 0)
			return ret;
		iscsi_cursor_advance(&tx->cu, ret);
		tx->data_sent += ret;
	}
	if (digest && tx->data_len) {
		tx->crc = ~crc32c(tx->crc, tx->tail, tx->tail_len);
		sanblk_put_le32(tx->tail + tx->tail_len, tx->crc);
		tx->tail_len += SANBLK_ISCSI_DIGEST_LEN;
	}
	return 0;
}

/* Write what is left of the current PDU: 0 when all of it is out. */
static int sanblk_iscsi_tx_pdu(struct iscsi_conn *c)
{
	struct iscsi_tx *tx = &c->tx;
	bool more;
	int ret;

	/* a command that may go next joins this one's segment */
	more = tx->data_len || (!list_empty(&c->sendq) &&
				sanblk_iscsi_window_open(READ_ONCE(c->cmdsn),
							 READ_ONCE(c->max_cmdsn)));
	while (tx->hdr_sent < tx->hdr_len) {
		ret = sanblk_iscsi_send(c, tx->hdr + tx->hdr_sent,
					tx->hdr_len - tx->hdr_sent, more);
		if (ret < 0)
			return ret;
		tx->hdr_sent += ret;
	}
	if (tx->data_sent < tx->data_len) {
		ret = sanblk_iscsi_tx_pages(c, tx);
		if (ret < 0)
			return ret;
	}
	while (tx->tail_sent < tx->tail_len) {
		ret = sanblk_iscsi_send(c, tx->tail + tx->tail_sent,
					tx->tail_len - tx->tail_sent, false);
		if (ret < 0)
			return ret;
		tx->tail_sent += ret;
	}
	return 0;
}

/* > 0 when something was written, 0 when nothing could be, < 0 broken. */
int sanblk_iscsi_tx(struct iscsi_conn *c)
{
	int i, ret, progress = 0;

	for (i = 0; i < 64; i++) {
		if (!c->tx.busy && !sanblk_iscsi_tx_next(c))
			break;
		ret = sanblk_iscsi_tx_pdu(c);
		if (ret == -EAGAIN)
			return progress;
		if (ret < 0)
			return ret;
		sanblk_iscsi_tx_release(c);
		progress = 1;
	}
	return progress;
}
