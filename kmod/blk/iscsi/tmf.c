// SPDX-License-Identifier: GPL-2.0-only
/*
 * Commands the target does not answer on a connection that is otherwise
 * fine (NOP-Outs are answered): the target lost the command, or its
 * answer.  When blk-mq's timer finds a request sent and unanswered for
 * ISCSI_ABORT_AFTER_MS, the connection sends ABORT TASK for it; when the
 * target then says the task is gone ("function complete" or "task does
 * not exist"), the command goes out again under a new ITT.  Any other
 * answer escalates to LUN RESET, and after a LUN RESET, or when a task
 * management request is not answered within ISCSI_TMF_TIMEOUT_MS, the
 * connections of every path are recovered (every held request is sent
 * anew).
 *
 * One task management request at a time per connection, in c->tmf under
 * c->lock; tx.c sends it before anything else but an answer to the
 * target's NOP-In.
 */
#include "iscsi.h"

static const char *sanblk_iscsi_tmf_name(u8 func)
{
	return func == SANBLK_ISCSI_TMF_ABORT_TASK ? "ABORT TASK" : "LUN RESET";
}

/* A command sent, whose data is all out, unanswered that long. */
static bool sanblk_iscsi_overdue(struct iscsi_conn *c, struct iscsi_cmd *cmd)
{
	lockdep_assert_held(&c->lock);
	return c->state == ISCSI_CONN_UP && cmd->state == ISCSI_CMD_SENT &&
	       cmd->out_off >= cmd->out_end && !cmd->r2t_len &&
	       c->tx.rq != sanblk_tp_rq(cmd) &&
	       time_after_eq(jiffies, cmd->sent_at +
			     msecs_to_jiffies(ISCSI_ABORT_AFTER_MS));
}

enum blk_eh_timer_return sanblk_iscsi_timeout(struct sanblk_dev *d,
					      struct request *rq)
{
	struct iscsi_cmd *cmd = sanblk_rq_tp(rq);
	struct iscsi_conn *c = READ_ONCE(cmd->conn);
	bool start = false;

	if (!c)
		return BLK_EH_RESET_TIMER;
	spin_lock_bh(&c->lock);
	if (c->tmf.state == ISCSI_TMF_NONE && sanblk_iscsi_overdue(c, cmd)) {
		c->tmf.state = ISCSI_TMF_DUE;
		c->tmf.func = SANBLK_ISCSI_TMF_ABORT_TASK;
		c->tmf.ref_itt = cmd->itt;
		c->tmf.ref_cmdsn = cmd->cmdsn;
		start = true;
	}
	spin_unlock_bh(&c->lock);
	if (start) {
		pr_warn("%s: iscsi: connection %d: %s of %u bytes at sector %llu has had no answer for %u s; sending ABORT TASK\n",
			d->name, c->idx, sanblk_op_name(rq), blk_rq_bytes(rq),
			(unsigned long long)blk_rq_pos(rq),
			jiffies_to_msecs(jiffies - cmd->sent_at) / 1000);
		queue_work(sanblk_iscsi_wq, &c->io_work);
	}
	return BLK_EH_RESET_TIMER;
}

/* The request PDU, under c->lock; tx.c writes it. */
void sanblk_iscsi_tmf_pdu(struct iscsi_conn *c, struct sanblk_iscsi_bhs *h)
{
	lockdep_assert_held(&c->lock);
	sanblk_iscsi_tmf_req(h, c->tmf.func, c->tmf.ref_itt,
			     c->tmf.ref_cmdsn);
	h->itt = ISCSI_ITT_TMF;
	memcpy(h->lun, c->id->lun, sizeof(h->lun));
	h->f24 = c->cmdsn;
	h->f28 = c->exp_statsn;
	c->tmf.state = ISCSI_TMF_SENT;
	c->tmf.sent_at = jiffies;
	c->tmf.count++;
}

void sanblk_iscsi_rx_tmf(struct iscsi_conn *c, const struct sanblk_iscsi_bhs *h)
{
	struct sanblk_dev *d = c->id->d;
	struct iscsi_cmd *cmd = NULL;
	u8 resp = h->b2, func;
	bool gone, recover = false;

	spin_lock_bh(&c->lock);
	if (c->tmf.state != ISCSI_TMF_SENT || h->itt != ISCSI_ITT_TMF) {
		spin_unlock_bh(&c->lock);
		sanblk_iscsi_conn_failed(c, "a task management response nobody asked for");
		return;
	}
	func = c->tmf.func;
	gone = resp == SANBLK_ISCSI_TMF_COMPLETE ||
	       (func == SANBLK_ISCSI_TMF_ABORT_TASK &&
		resp == SANBLK_ISCSI_TMF_NO_TASK);
	c->tmf.state = ISCSI_TMF_NONE;
	if (func == SANBLK_ISCSI_TMF_ABORT_TASK && gone) {
		/* still unanswered: it goes out again; else it ended meanwhile */
		cmd = sanblk_iscsi_find(c, c->tmf.ref_itt);
		if (cmd)
			sanblk_iscsi_resend(c, cmd);
	} else if (func == SANBLK_ISCSI_TMF_ABORT_TASK) {
		c->tmf.state = ISCSI_TMF_DUE;
		c->tmf.func = SANBLK_ISCSI_TMF_LUN_RESET;
		c->tmf.ref_itt = SANBLK_ISCSI_RSVD_TAG;
		c->tmf.ref_cmdsn = 0;
	} else {
		recover = true;
	}
	spin_unlock_bh(&c->lock);

	pr_warn("%s: iscsi: connection %d: %s: %s%s\n", d->name, c->idx,
		sanblk_iscsi_tmf_name(func), sanblk_iscsi_tmf_text(resp),
		cmd ? "; the command goes out again" :
		recover ? "; recovering the connections" :
		!gone ? "; trying LUN RESET" : "");
	if (recover)
		/* the LUN's tasks are gone on every connection of every path */
		sanblk_iscsi_fail_all(c->id, "LUN RESET sent");
	else
		queue_work(sanblk_iscsi_wq, &c->io_work);
}

/*
 * The Logout the target asked for, under c->lock: the session closes
 * (reason 0), the connection's commands are recovered with the others.
 */
void sanblk_iscsi_logout_pdu(struct iscsi_conn *c, struct sanblk_iscsi_bhs *h)
{
	lockdep_assert_held(&c->lock);
	sanblk_iscsi_logout_req(h);
	h->itt = ISCSI_ITT_LOGOUT;
	h->f24 = c->cmdsn;
	h->f28 = c->exp_statsn;
	c->logout_due = false;
	c->logout_sent = true;
}

/*
 * From nop_work: a task management request or a Logout the target does
 * not answer ends the connection.
 */
bool sanblk_iscsi_tmf_overdue(struct iscsi_conn *c)
{
	lockdep_assert_held(&c->lock);
	if (c->logout_sent &&
	    time_after_eq(jiffies, c->logout_by + msecs_to_jiffies(ISCSI_LOGOUT_MS)))
		return true;
	return c->tmf.state == ISCSI_TMF_SENT &&
	       time_after_eq(jiffies, c->tmf.sent_at +
			     msecs_to_jiffies(ISCSI_TMF_TIMEOUT_MS));
}
