// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a disk takes: how many requests at once (its depth).
 *
 * The tag set is allocated once, at the ceiling the transport gives; what
 * is sent is held to the current depth by blk-mq's budget, as SCSI holds
 * it to a device's queue depth, so the depth can change without
 * reallocating anything.  A request refused a budget waits in the block
 * layer (in the I/O scheduler, where it still merges) until one is
 * released.
 */
#include <linux/atomic.h>
#include <linux/blk-mq.h>
#include <linux/blkdev.h>

#include "sanblk.h"

/* A refused request whose budget came free meanwhile: re-run after (ms). */
#define SANBLK_BUDGET_DELAY	3

/* A budget for one request, while fewer than the depth hold one. */
int sanblk_get_budget(struct request_queue *q)
{
	struct sanblk_dev *d = q->queuedata;
	int n = atomic_read(&d->budget);

	do {
		if (n >= (int)READ_ONCE(d->depth))
			goto refuse;
	} while (!atomic_try_cmpxchg(&d->budget, &n, n + 1));
	return 0;

refuse:
	/*
	 * Whoever releases a budget after this re-runs the queue; one
	 * released before the refusal was counted is seen here.
	 */
	atomic_inc(&d->budget_refused);
	/* the refusal before the count: pairs with sanblk_release_budget() */
	smp_mb__after_atomic();
	if (atomic_read(&d->budget) < (int)READ_ONCE(d->depth))
		blk_mq_delay_run_hw_queues(q, SANBLK_BUDGET_DELAY);
	return -1;
}

/* One budget comes free: re-run the queue for the requests refused one. */
static void sanblk_release_budget(struct request_queue *q)
{
	struct sanblk_dev *d = q->queuedata;
	int refused;

	atomic_dec(&d->budget);
	/* the release before the refusals: pairs with sanblk_get_budget() */
	smp_mb__after_atomic();
	refused = atomic_read(&d->budget_refused);
	if (refused && atomic_cmpxchg(&d->budget_refused, refused, 0) == refused)
		blk_mq_run_hw_queues(q, true);
}

/* blk-mq gives back a budget it did not use for a request. */
void sanblk_put_budget(struct request_queue *q, int token)
{
	sanblk_release_budget(q);
}

void sanblk_set_rq_budget_token(struct request *rq, int token)
{
	((struct sanblk_cmd *)blk_mq_rq_to_pdu(rq))->budget_token = token;
}

int sanblk_get_rq_budget_token(struct request *rq)
{
	return ((struct sanblk_cmd *)blk_mq_rq_to_pdu(rq))->budget_token;
}

/* rq no longer counts against the depth (it ends, or goes back). */
void sanblk_rq_put_budget(struct request *rq)
{
	struct sanblk_cmd *cmd = blk_mq_rq_to_pdu(rq);

	if (cmd->budget_token < 0)
		return;
	cmd->budget_token = -1;
	sanblk_release_budget(rq->q);
}

void sanblk_end_request(struct request *rq, blk_status_t status)
{
	sanblk_rq_put_budget(rq);
	blk_mq_end_request(rq, status);
}

/* The depth a new disk starts with: what identification found. */
void sanblk_capacity_start(struct sanblk_dev *d,
			   const struct sanblk_disk_info *info)
{
	WRITE_ONCE(d->depth, clamp(info->queue_depth, SANBLK_QUEUE_DEPTH_MIN,
				   d->tag_set.queue_depth));
}

void sanblk_capacity_init(struct sanblk_dev *d)
{
	atomic_set(&d->budget, 0);
	atomic_set(&d->budget_refused, 0);
}
