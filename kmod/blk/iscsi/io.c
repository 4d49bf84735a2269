// SPDX-License-Identifier: GPL-2.0-only
/*
 * Requests as SCSI commands, and what the target answers: Data-In into
 * the request's pages (rx.c does the copying), R2T asking for Data-Out
 * (tx.c sends it), the status with its sense data, NOP-In and
 * asynchronous messages.  A command's state and lists are changed under
 * conn->lock only; every answer is matched to a command by its ITT
 * (tag and generation) and its state, and one that matches nothing we
 * sent breaks the connection, never a request.
 */
#include "iscsi.h"

#define ISCSI_RETRY_DELAY_MS	250	/* NOT READY, BUSY: sent again after */

struct iscsi_cmd *sanblk_iscsi_find(struct iscsi_conn *c, u32 itt)
{
	struct blk_mq_tags *tags = c->id->d->tag_set.tags[c->hwq];
	struct iscsi_cmd *cmd;
	struct request *rq;

	lockdep_assert_held(&c->lock);
	if (itt & ISCSI_ITT_PING)
		return NULL;
	rq = blk_mq_tag_to_rq(tags, ISCSI_ITT_TAG(itt));
	if (!rq)
		return NULL;
	cmd = sanblk_rq_tp(rq);
	if (cmd->conn != c || cmd->state != ISCSI_CMD_SENT || cmd->itt != itt)
		return NULL;
	return cmd;
}

/* The data of a command that is not in the request: from page p. */
static void sanblk_iscsi_payload(struct iscsi_cmd *cmd, struct page *p,
				 u32 off, u32 len)
{
	cmd->payload.bv_page = p;
	cmd->payload.bv_offset = off;
	cmd->payload.bv_len = len;
	cmd->len = len;
	cmd->write = true;
}

/* A discard: UNMAP with one descriptor, or WRITE SAME(16) with UNMAP. */
static int sanblk_iscsi_discard(struct iscsi_dev *id, struct iscsi_cmd *cmd,
				u64 lba, u32 blocks)
{
	if (!id->lu.plan.discard_unmap) {
		sanblk_iscsi_payload(cmd, ZERO_PAGE(0), 0, id->lu.block_size);
		return sanblk_scsi_cdb_write_same16(cmd->cdb, lba, blocks, true);
	}
	sanblk_scsi_unmap_param(cmd->unmap_param, sizeof(cmd->unmap_param),
				lba, blocks);
	/* the pdu is in the request's pages, which blk-mq keeps mapped */
	sanblk_iscsi_payload(cmd, virt_to_page(cmd->unmap_param),
			     offset_in_page(cmd->unmap_param),
			     sizeof(cmd->unmap_param));
	return sanblk_scsi_cdb_unmap(cmd->cdb, sizeof(cmd->unmap_param));
}

static int sanblk_iscsi_build_cdb(struct iscsi_dev *id, struct request *rq,
				  struct iscsi_cmd *cmd)
{
	u64 lba = blk_rq_pos(rq) >> id->lu.block_shift;
	u32 blocks = blk_rq_bytes(rq) >> (9 + id->lu.block_shift);
	bool fua = (rq->cmd_flags & REQ_FUA) && id->lu.info.fua;

	cmd->len = 0;
	cmd->write = false;
	cmd->payload.bv_len = 0;
	switch (req_op(rq)) {
	case REQ_OP_READ:
		cmd->len = blk_rq_bytes(rq);
		return sanblk_scsi_cdb_rw(cmd->cdb, false, lba, blocks, false);
	case REQ_OP_WRITE:
		cmd->len = blk_rq_bytes(rq);
		cmd->write = true;
		return sanblk_scsi_cdb_rw(cmd->cdb, true, lba, blocks, fua);
	case REQ_OP_FLUSH:
		return sanblk_scsi_cdb_sync(cmd->cdb, 0, 0);
	case REQ_OP_DISCARD:
		return sanblk_iscsi_discard(id, cmd, lba, blocks);
	case REQ_OP_WRITE_ZEROES:
		sanblk_iscsi_payload(cmd, ZERO_PAGE(0), 0, id->lu.block_size);
		return sanblk_scsi_cdb_write_same16(cmd->cdb, lba, blocks,
						    id->lu.plan.zeroes_unmap &&
						    !(rq->cmd_flags & REQ_NOUNMAP));
	default:
		return -EOPNOTSUPP;
	}
}

blk_status_t sanblk_iscsi_queue_rq(struct sanblk_dev *d, struct request *rq)
{
	struct iscsi_dev *id = d->tp;
	struct iscsi_cmd *cmd = sanblk_rq_tp(rq);
	struct iscsi_conn *c;
	bool up;
	int n;

	n = sanblk_iscsi_build_cdb(id, rq, cmd);
	if (n < 0)
		return BLK_STS_NOTSUPP;
	cmd->cdb_len = n;
	cmd->in_done = 0;
	cmd->out_off = 0;
	cmd->out_end = 0;
	cmd->r2t_len = 0;
	cmd->retries = 0;
	cmd->cancelling = false;
	c = sanblk_iscsi_path_queue(id, rq, cmd, &up);
	if (up)
		queue_work(sanblk_iscsi_wq, &c->io_work);
	return BLK_STS_OK;
}

/*
 * The core takes rq back.  A command not sent yet is taken at once.  One
 * sent may still be answered, and io_work may be reading into or writing
 * from its pages: its path is taken down first (the command stays where
 * it is while the path's others move to the paths up), which also waits
 * for a path already going down to have stopped.
 */
bool sanblk_iscsi_cancel_rq(struct sanblk_dev *d, struct request *rq)
{
	struct iscsi_cmd *cmd = sanblk_rq_tp(rq);
	struct iscsi_conn *c;
	bool mine, sent;

	c = READ_ONCE(cmd->conn);
	if (!c)
		return false;
	spin_lock_bh(&c->lock);
	while (c != cmd->conn) {
		/* moved to another path meanwhile */
		spin_unlock_bh(&c->lock);
		c = READ_ONCE(cmd->conn);
		spin_lock_bh(&c->lock);
	}
	mine = cmd->state == ISCSI_CMD_QUEUED;
	sent = cmd->state == ISCSI_CMD_SENT;
	if (mine) {
		list_del(&cmd->node);
		cmd->state = ISCSI_CMD_IDLE;
	}
	cmd->cancelling = sent;
	spin_unlock_bh(&c->lock);
	if (!sent)
		return mine;
	sanblk_iscsi_path_fail(c->path, "a command was taken back");

	spin_lock_bh(&c->lock);
	mine = cmd->state != ISCSI_CMD_IDLE;
	if (mine) {
		list_del(&cmd->node);
		cmd->state = ISCSI_CMD_IDLE;
	}
	cmd->cancelling = false;
	spin_unlock_bh(&c->lock);
	return mine;
}

/* cmd is to go out again as new, under a new ITT; under c->lock. */
static void sanblk_iscsi_rearm(struct iscsi_conn *c, struct iscsi_cmd *cmd)
{
	cmd->state = ISCSI_CMD_QUEUED;
	cmd->itt = ISCSI_ITT(++c->gen, ISCSI_ITT_TAG(cmd->itt));
	cmd->in_done = 0;
	cmd->out_off = 0;
	cmd->out_end = 0;
	cmd->r2t_len = 0;
}

/* The target dropped cmd (an ABORT TASK said so): send it again. */
void sanblk_iscsi_resend(struct iscsi_conn *c, struct iscsi_cmd *cmd)
{
	lockdep_assert_held(&c->lock);
	sanblk_iscsi_rearm(c, cmd);
	list_move_tail(&cmd->node, &c->sendq);
}

/* c is down: what it had sent goes out again when it is back. */
void sanblk_iscsi_requeue_all(struct iscsi_conn *c)
{
	struct iscsi_cmd *cmd;
	LIST_HEAD(again);

	spin_lock_bh(&c->lock);
	list_splice_tail_init(&c->sentq, &again);
	list_splice_tail_init(&c->dataq, &again);
	list_for_each_entry(cmd, &again, node)
		sanblk_iscsi_rearm(c, cmd);
	list_splice_init(&c->sendq, &again);
	list_splice(&again, &c->sendq);
	spin_unlock_bh(&c->lock);
}

void sanblk_iscsi_update_sn(struct iscsi_conn *c,
			    const struct sanblk_iscsi_bhs *h)
{
	u32 exp = h->f28, max = sanblk_iscsi_spec32(h, 0), statsn = h->f24;
	bool advance;

	switch (h->opcode) {
	case SANBLK_ISCSI_OP_DATA_IN:
		advance = h->flags & SANBLK_ISCSI_FL_STATUS;
		break;
	case SANBLK_ISCSI_OP_NOP_IN:
		advance = h->itt != SANBLK_ISCSI_RSVD_TAG;
		break;
	case SANBLK_ISCSI_OP_R2T:
		advance = false;
		break;
	default:
		advance = true;
	}
	if (advance && sanblk_iscsi_sn_lte(c->exp_statsn, statsn))
		c->exp_statsn = statsn + 1;
	if (!sanblk_iscsi_window_valid(exp, max))
		return;
	if (sanblk_iscsi_sn_lt(c->max_cmdsn, max))
		c->max_cmdsn = max;
	if (sanblk_iscsi_sn_lt(c->exp_cmdsn, exp))
		c->exp_cmdsn = exp;
}

static blk_status_t sanblk_iscsi_sense_status(struct iscsi_conn *c,
					      struct request *rq, u8 status,
					      const struct sanblk_scsi_sense *s,
					      bool *retry)
{
	enum sanblk_scsi_action act = sanblk_scsi_status_action(status, s);
	struct iscsi_cmd *cmd = sanblk_rq_tp(rq);
	char text[96];

	*retry = false;
	switch (act) {
	case SANBLK_SCSI_OK:
		return BLK_STS_OK;
	case SANBLK_SCSI_RETRY:
	case SANBLK_SCSI_RETRY_LATER:
	case SANBLK_SCSI_CHANGED:
		*retry = true;
		return BLK_STS_OK;
	default:
		break;
	}
	sanblk_scsi_sense_text(s, text, sizeof(text));
	pr_err_ratelimited("%s: %s of %u bytes at sector %llu: %s %s\n",
			   c->id->d->name, cmd->write ? "write" : "read",
			   blk_rq_bytes(rq), (unsigned long long)blk_rq_pos(rq),
			   sanblk_scsi_status_name(status), text);
	switch (act) {
	case SANBLK_SCSI_FAIL_MEDIUM:
		return BLK_STS_MEDIUM;
	case SANBLK_SCSI_FAIL_NOSPC:
		return BLK_STS_NOSPC;
	case SANBLK_SCSI_FAIL_NOTSUPP:
		return BLK_STS_NOTSUPP;
	default:
		return BLK_STS_IOERR;
	}
}

/* rq's command ended with status; it is no longer on any list. */
static void sanblk_iscsi_finish(struct iscsi_conn *c, struct request *rq,
				u8 status, const struct sanblk_scsi_sense *s,
				u32 residual)
{
	struct iscsi_cmd *cmd = sanblk_rq_tp(rq);
	blk_status_t st;
	bool retry;

	/* the receive side runs beside the sender: c->lock orders them */
	spin_lock_bh(&c->lock);
	if (c->tx.busy && c->tx.rq == rq) {
		/* its data is still going out: tx ends it */
		cmd->deferred = true;
		cmd->status = status;
		cmd->sense = *s;
		cmd->residual = residual;
		spin_unlock_bh(&c->lock);
		return;
	}
	spin_unlock_bh(&c->lock);
	st = sanblk_iscsi_sense_status(c, rq, status, s, &retry);
	if (retry && ++cmd->retries <= ISCSI_CMD_RETRIES) {
		/* the core's queue_rq sends it again */
		sanblk_rq_put_budget(rq);
		blk_mq_requeue_request(rq, false);
		blk_mq_delay_kick_requeue_list(rq->q, ISCSI_RETRY_DELAY_MS);
		return;
	}
	if (retry)
		st = BLK_STS_IOERR;
	/*
	 * A parameter list (UNMAP) or one block of a pattern (WRITE SAME)
	 * is not data the request moves: targets differ in what residual
	 * they report for it, and sd ignores it too.
	 */
	if (st == BLK_STS_OK && residual && !cmd->payload.bv_len) {
		pr_err_ratelimited("%s: the target moved %u bytes less than asked at sector %llu\n",
				   c->id->d->name, residual,
				   (unsigned long long)blk_rq_pos(rq));
		st = BLK_STS_IOERR;
	}
	if (st == BLK_STS_OK) {
		if (cmd->write)
			atomic64_add(cmd->len, &c->bytes_out);
		else
			atomic64_add(cmd->len, &c->bytes_in);
	} else {
		atomic64_inc(&c->id->d->errors);
	}
	sanblk_end_request(rq, st);
}

/*
 * No PDU is being written on c any more (it is out, or c is down): a
 * command answered while its PDU was going out ends now.
 */
void sanblk_iscsi_tx_release(struct iscsi_conn *c)
{
	struct iscsi_cmd *cmd = NULL;
	struct request *rq;

	spin_lock_bh(&c->lock);
	rq = c->tx.busy ? c->tx.rq : NULL;
	c->tx.busy = false;
	c->tx.rq = NULL;
	if (rq) {
		cmd = sanblk_rq_tp(rq);
		if (cmd->deferred)
			cmd->deferred = false;
		else
			cmd = NULL;
	}
	spin_unlock_bh(&c->lock);
	if (cmd)
		sanblk_iscsi_finish(c, rq, cmd->status, &cmd->sense,
				    cmd->residual);
}

/* Take the command answered by h off its list; NULL: none is. */
static struct request *sanblk_iscsi_take(struct iscsi_conn *c,
					 const struct sanblk_iscsi_bhs *h)
{
	struct iscsi_cmd *cmd;

	spin_lock_bh(&c->lock);
	cmd = sanblk_iscsi_find(c, h->itt);
	if (cmd) {
		list_del(&cmd->node);
		cmd->state = ISCSI_CMD_IDLE;
	}
	spin_unlock_bh(&c->lock);
	return cmd ? sanblk_tp_rq(cmd) : NULL;
}

static u32 sanblk_iscsi_residual(const struct sanblk_iscsi_bhs *h)
{
	return h->flags & (SANBLK_ISCSI_FL_UNDERFLOW | SANBLK_ISCSI_FL_OVERFLOW) ?
	       sanblk_iscsi_spec32(h, 3) : 0;
}

static void sanblk_iscsi_rx_rsp(struct iscsi_conn *c,
				const struct sanblk_iscsi_bhs *h,
				const u8 *data, u32 dlen)
{
	struct sanblk_scsi_sense sense = {};
	struct iscsi_cmd *cmd;
	struct request *rq;
	u32 residual;

	rq = sanblk_iscsi_take(c, h);
	if (!rq) {
		sanblk_iscsi_conn_failed(c, "a SCSI Response for no command we sent");
		return;
	}
	cmd = sanblk_rq_tp(rq);
	if (h->b2) {
		/* the target could not carry the command out: try again */
		sanblk_iscsi_finish(c, rq, SAM_STAT_BUSY, &sense, 0);
		return;
	}
	if (dlen)
		sanblk_scsi_iscsi_sense(data, dlen, &sense);
	residual = sanblk_iscsi_residual(h);
	if (!cmd->write && !residual && h->b3 == SAM_STAT_GOOD &&
	    cmd->in_done != cmd->len)
		residual = cmd->len - cmd->in_done;
	sanblk_iscsi_finish(c, rq, h->b3, &sense, residual);
}

/*
 * A Data-In header: the request its data goes into, at *off; NULL when it
 * answers nothing we sent or does not fit (the caller breaks the
 * connection).  Data must come in order (DataPDUInOrder=Yes).
 */
struct request *sanblk_iscsi_rx_data_rq(struct iscsi_conn *c,
					const struct sanblk_iscsi_bhs *h,
					u32 *off)
{
	u32 o = sanblk_iscsi_spec32(h, 2);
	struct iscsi_cmd *cmd;
	struct request *rq = NULL;

	spin_lock_bh(&c->lock);
	cmd = sanblk_iscsi_find(c, h->itt);
	if (cmd && !cmd->write && o == cmd->in_done && h->dlength <= cmd->len - o) {
		rq = sanblk_tp_rq(cmd);
		*off = o;
	}
	spin_unlock_bh(&c->lock);
	return rq;
}

/* A Data-In's data is in rq; with the S bit, the command is done. */
void sanblk_iscsi_data_done(struct iscsi_conn *c, struct request *rq,
			    const struct sanblk_iscsi_bhs *h, u32 len)
{
	struct iscsi_cmd *cmd = sanblk_rq_tp(rq);
	struct sanblk_scsi_sense sense = {};
	u32 residual;

	spin_lock_bh(&c->lock);
	cmd->in_done += len;
	if (h->flags & SANBLK_ISCSI_FL_STATUS) {
		list_del(&cmd->node);
		cmd->state = ISCSI_CMD_IDLE;
	}
	spin_unlock_bh(&c->lock);
	if (!(h->flags & SANBLK_ISCSI_FL_STATUS))
		return;
	residual = sanblk_iscsi_residual(h);
	if (!residual && cmd->in_done != cmd->len)
		residual = cmd->len - cmd->in_done;
	sanblk_iscsi_finish(c, rq, h->b3, &sense, residual);
}

/* The target asks for [offset, offset + length) of a write. */
static void sanblk_iscsi_rx_r2t(struct iscsi_conn *c,
				const struct sanblk_iscsi_bhs *h)
{
	u32 off = sanblk_iscsi_spec32(h, 2), len = sanblk_iscsi_spec32(h, 3);
	struct iscsi_cmd *cmd;
	bool ok = false;

	spin_lock_bh(&c->lock);
	cmd = sanblk_iscsi_find(c, h->itt);
	if (cmd && cmd->write && len && off < cmd->len &&
	    len <= cmd->len - off && len <= c->params.max_burst &&
	    !cmd->r2t_len) {
		ok = true;
		if (cmd->out_off == cmd->out_end) {
			cmd->out_off = off;
			cmd->out_end = off + len;
			cmd->out_ttt = h->f20;
			cmd->out_datasn = 0;
			list_move_tail(&cmd->node, &c->dataq);
		} else {
			/* after the unsolicited data still going out */
			cmd->r2t_off = off;
			cmd->r2t_len = len;
			cmd->r2t_ttt = h->f20;
		}
	}
	spin_unlock_bh(&c->lock);
	if (!ok)
		sanblk_iscsi_conn_failed(c, "an R2T for no write we sent, or out of its bounds");
}

static void sanblk_iscsi_rx_nop(struct iscsi_conn *c,
				const struct sanblk_iscsi_bhs *h)
{
	spin_lock_bh(&c->lock);
	if (h->itt == ISCSI_ITT_PING) {
		c->ping_out = false;
		c->ping_sent = false;
	} else if (h->itt == SANBLK_ISCSI_RSVD_TAG &&
		   h->f20 != SANBLK_ISCSI_RSVD_TAG) {
		/* the target pings: echo its TTT */
		c->nop_due = true;
		c->nop_ttt = h->f20;
		memcpy(c->nop_lun, h->lun, sizeof(c->nop_lun));
	}
	spin_unlock_bh(&c->lock);
}

static void sanblk_iscsi_rx_async(struct iscsi_conn *c,
				  const struct sanblk_iscsi_bhs *h)
{
	u8 event = h->spec[4];

	switch (event) {
	case 0:		/* a SCSI event; the next command will see it */
	case 4:		/* renegotiation: nothing to renegotiate at ERL 0 */
		return;
	case 1:
		/* Parameter3: the seconds we have to send the Logout */
		spin_lock_bh(&c->lock);
		if (!c->logout_due && !c->logout_sent) {
			c->logout_due = true;
			c->logout_by = jiffies + max_t(u16, sanblk_get_be16(h->spec + 10), 1) * HZ;
		}
		spin_unlock_bh(&c->lock);
		pr_info("%s: iscsi: connection %d: the target asks us to log out; logging out\n",
			c->id->d->name, c->idx);
		queue_work(sanblk_iscsi_wq, &c->io_work);
		return;
	case 2:
	case 3:
		sanblk_iscsi_conn_failed(c, "the target drops the connection");
		return;
	default:
		sanblk_iscsi_conn_failed(c, "an asynchronous message we do not know");
	}
}

void sanblk_iscsi_rx_pdu(struct iscsi_conn *c, struct iscsi_rx *rx)
{
	const struct sanblk_iscsi_bhs *h = &rx->bhs;
	char why[64];

	spin_lock_bh(&c->lock);
	sanblk_iscsi_update_sn(c, h);
	c->last_rx = jiffies;
	spin_unlock_bh(&c->lock);

	switch (h->opcode) {
	case SANBLK_ISCSI_OP_DATA_IN:
		sanblk_iscsi_data_done(c, rx->rq, h, rx->pl.data);
		break;
	case SANBLK_ISCSI_OP_SCSI_RSP:
		sanblk_iscsi_rx_rsp(c, h, rx->ctl, rx->pl.data);
		break;
	case SANBLK_ISCSI_OP_R2T:
		sanblk_iscsi_rx_r2t(c, h);
		break;
	case SANBLK_ISCSI_OP_NOP_IN:
		sanblk_iscsi_rx_nop(c, h);
		break;
	case SANBLK_ISCSI_OP_ASYNC:
		sanblk_iscsi_rx_async(c, h);
		break;
	case SANBLK_ISCSI_OP_TMF_RSP:
		sanblk_iscsi_rx_tmf(c, h);
		break;
	case SANBLK_ISCSI_OP_LOGOUT_RSP:
		if (h->itt == ISCSI_ITT_LOGOUT && READ_ONCE(c->logout_sent))
			sanblk_iscsi_conn_failed(c, "logged out, as the target asked");
		else
			sanblk_iscsi_conn_failed(c, "a Logout Response nobody asked for");
		break;
	case SANBLK_ISCSI_OP_REJECT:
		snprintf(why, sizeof(why), "the target rejected a PDU (reason 0x%02x)",
			 h->b2);
		sanblk_iscsi_conn_failed(c, why);
		break;
	default:
		snprintf(why, sizeof(why), "unexpected opcode 0x%02x", h->opcode);
		sanblk_iscsi_conn_failed(c, why);
	}
}
