// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a disk takes: how many requests at once (its depth) and how big
 * one may be.  The transport says so at every identification and
 * whenever it changes (sanblk_dev_set_capacity(): an AoE path appears or
 * goes, an MTU grows), and the queue follows in capacity_work.
 *
 * The tag set is allocated once, at the ceiling the transport gives; what
 * is sent is held to the current depth by blk-mq's budget, as SCSI holds
 * it to a device's queue depth, so the depth can grow and shrink without
 * reallocating anything.  A request refused a budget waits in the block
 * layer (in the I/O scheduler, where it still merges) until one is
 * released.  The largest request only grows: a transport that reports
 * less still carries larger ones (AoE cuts any request into frames).
 */
#include <linux/atomic.h>
#include <linux/blk-mq.h>
#include <linux/blkdev.h>

#include "blk_compat.h"
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

/* Called with found_lock held: identification says it too. */
void sanblk_capacity_note(struct sanblk_dev *d, unsigned int depth,
			  unsigned int max_sectors)
{
	lockdep_assert_held(&d->found_lock);
	if (depth)
		d->cap_depth = depth;
	if (max_sectors)
		d->cap_max_sectors = max_sectors;
	queue_work(sanblk_wq, &d->capacity_work);
}

void sanblk_dev_set_capacity(struct sanblk_dev *d, unsigned int depth,
			     unsigned int max_sectors)
{
	spin_lock_bh(&d->found_lock);
	sanblk_capacity_note(d, depth, max_sectors);
	spin_unlock_bh(&d->found_lock);
}

/*
 * Bring the queue to what the transport said last; log what changed,
 * once.  Called with d->lock held, once the disk is added.
 */
void sanblk_capacity_apply(struct sanblk_dev *d)
{
	struct request_queue *q = d->disk->queue;
	unsigned int was_depth = d->depth, was_sectors = queue_max_hw_sectors(q);
	unsigned int depth, sectors;
	char msg[96];
	int len = 0;

	lockdep_assert_held(&d->lock);
	spin_lock_bh(&d->found_lock);
	depth = d->cap_depth;
	sectors = d->cap_max_sectors;
	spin_unlock_bh(&d->found_lock);

	if (depth)
		depth = clamp(depth, SANBLK_QUEUE_DEPTH_MIN,
			      d->tag_set.queue_depth);
	if (depth && depth != was_depth) {
		WRITE_ONCE(d->depth, depth);
		len += scnprintf(msg + len, sizeof(msg) - len,
				 "queue depth %u -> %u", was_depth, depth);
	}
	if (sectors > was_sectors &&
	    !sanblk_queue_max_hw_sectors(q, sectors))
		len += scnprintf(msg + len, sizeof(msg) - len,
				 "%srequests of up to %u -> %u sectors",
				 len ? ", " : "", was_sectors,
				 queue_max_hw_sectors(q));
	if (!len)
		return;
	pr_info("%s: %s\n", d->name, msg);
	/* what waited for a budget may go now (pairs with get_budget) */
	smp_mb();
	if (depth > was_depth)
		blk_mq_run_hw_queues(q, true);
}

static void sanblk_capacity_work(struct work_struct *work)
{
	struct sanblk_dev *d = container_of(work, struct sanblk_dev,
					    capacity_work);

	mutex_lock(&d->lock);
	if (d->disk && d->disk_added)
		sanblk_capacity_apply(d);
	mutex_unlock(&d->lock);
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
	INIT_WORK(&d->capacity_work, sanblk_capacity_work);
	atomic_set(&d->budget, 0);
	atomic_set(&d->budget_refused, 0);
}
