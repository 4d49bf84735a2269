// SPDX-License-Identifier: GPL-2.0-only
/*
 * The blk-mq front end: /dev/sanblkN over whichever transport found the
 * disk.  The gendisk is created when the transport first identifies the
 * remote disk.  Requests go to the transport only while the state says
 * so (sanblk_queue_rq()); when the path is lost the core takes them back
 * and holds them in the block layer (sanblk_sync()).
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/module.h>
#include <linux/refcount.h>
#include <linux/slab.h>

#include "blk_compat.h"
#include "sanblk.h"

static int sanblk_major;

static bool sanblk_op_supported(struct sanblk_dev *d, struct request *rq)
{
	switch (req_op(rq)) {
	case REQ_OP_READ:
	case REQ_OP_WRITE:
	case REQ_OP_FLUSH:
		return true;
	case REQ_OP_DISCARD:
		return d->info.max_discard_sectors;
	case REQ_OP_WRITE_ZEROES:
		return d->info.max_write_zeroes_sectors;
	default:
		return false;
	}
}

/*
 * The state decides (as nvme_check_ready()): LIVE sends; while the disk
 * waits for its target the request is held (blk-mq retries it; the
 * queue is quiesced soon after the path is lost); DELETING sends only
 * while a path is up; FAILED and DEAD fail at once.
 */
static blk_status_t sanblk_queue_rq(struct blk_mq_hw_ctx *hctx,
				    const struct blk_mq_queue_data *bd)
{
	struct sanblk_dev *d = hctx->queue->queuedata;
	struct request *rq = bd->rq;
	struct sanblk_cmd *cmd = blk_mq_rq_to_pdu(rq);
	blk_status_t ret;

	if (!sanblk_op_supported(d, rq)) {
		ret = BLK_STS_NOTSUPP;
		goto out_put_budget;
	}
	switch (sanblk_dev_state(d)) {
	case SANBLK_STATE_LIVE:
		break;
	case SANBLK_STATE_DELETING:
		if (READ_ONCE(d->path_up))
			break;
		ret = BLK_STS_IOERR;
		goto out_put_budget;
	case SANBLK_STATE_FAILED:
	case SANBLK_STATE_DEAD:
		ret = BLK_STS_IOERR;
		goto out_put_budget;
	default:
		ret = BLK_STS_RESOURCE;
		goto out_put_budget;
	}
	cmd->start = jiffies;
	blk_mq_start_request(rq);
	ret = d->ops->queue_rq(d, rq);
	if (ret == BLK_STS_OK)
		return ret;
out_put_budget:
	/* as scsi_queue_rq(): blk-mq releases no budget of ours */
	sanblk_rq_put_budget(rq);
	return ret;
}

const char *sanblk_op_name(struct request *rq)
{
	switch (req_op(rq)) {
	case REQ_OP_READ:
		return "read";
	case REQ_OP_WRITE:
		return "write";
	case REQ_OP_FLUSH:
		return "flush";
	case REQ_OP_DISCARD:
		return "discard";
	case REQ_OP_WRITE_ZEROES:
		return "write-zeroes";
	default:
		return "request";
	}
}

/*
 * blk-mq's timer: a failed disk's request ends now; one older than the
 * disk's timeout= (0: never) ends with an error; anything else is the
 * transport's to judge.
 */
static enum blk_eh_timer_return sanblk_timeout(struct request *rq)
{
	struct sanblk_dev *d = rq->q->queuedata;
	struct sanblk_cmd *cmd = blk_mq_rq_to_pdu(rq);
	unsigned long t = READ_ONCE(d->timeout);
	enum sanblk_state s = sanblk_dev_state(d);
	bool dead = s == SANBLK_STATE_FAILED || s == SANBLK_STATE_DEAD ||
		    (s == SANBLK_STATE_DELETING && !READ_ONCE(d->path_up));
	bool expired = t && time_after_eq(jiffies, cmd->start + t * HZ);

	if (!dead && !expired)
		return d->ops->timeout ? d->ops->timeout(d, rq) :
		       BLK_EH_RESET_TIMER;
	if (!d->ops->cancel_rq(d, rq))
		return BLK_EH_DONE;	/* completing already */
	atomic64_inc(&d->errors);
	if (!dead)
		pr_err_ratelimited("%s: %s of %u bytes at sector %llu timed out after %lu s\n",
				   d->name, sanblk_op_name(rq), blk_rq_bytes(rq),
				   (unsigned long long)blk_rq_pos(rq), t);
	sanblk_end_request(rq, BLK_STS_IOERR);
	return BLK_EH_DONE;
}

static const struct blk_mq_ops sanblk_mq_ops = {
	.get_budget		= sanblk_get_budget,
	.put_budget		= sanblk_put_budget,
	.set_rq_budget_token	= sanblk_set_rq_budget_token,
	.get_rq_budget_token	= sanblk_get_rq_budget_token,
	.queue_rq		= sanblk_queue_rq,
	.timeout		= sanblk_timeout,
};

static const struct block_device_operations sanblk_fops = {
	.owner		= THIS_MODULE,
};

/* How often blk-mq asks sanblk_timeout() about a request. */
static unsigned int sanblk_rq_timeout(struct sanblk_dev *d)
{
	unsigned int t = READ_ONCE(d->timeout);

	return (t && t < SANBLK_RQ_CHECK ? t : SANBLK_RQ_CHECK) * HZ;
}

/* Called with d->lock held after the timeout attribute changed. */
void sanblk_disk_apply_timeout(struct sanblk_dev *d)
{
	lockdep_assert_held(&d->lock);
	if (d->disk)
		blk_queue_rq_timeout(d->disk->queue, sanblk_rq_timeout(d));
	sanblk_arm_deadline(d);
}

/* Take rq back from the transport and hold it for the next path. */
static bool sanblk_requeue_one(struct request *rq, void *data)
{
	struct sanblk_dev *d = data;

	if (d->ops->cancel_rq(d, rq)) {
		sanblk_rq_put_budget(rq);
		blk_mq_requeue_request(rq, false);
	}
	return true;
}

static bool sanblk_fail_one(struct request *rq, void *data)
{
	struct sanblk_dev *d = data;

	if (d->ops->cancel_rq(d, rq)) {
		atomic64_inc(&d->errors);
		sanblk_end_request(rq, BLK_STS_IOERR);
	}
	return true;
}

static void sanblk_quiesce(struct sanblk_dev *d)
{
	if (!d->quiesced) {
		blk_mq_quiesce_queue(d->disk->queue);
		d->quiesced = true;
	}
}

static void sanblk_unquiesce(struct sanblk_dev *d)
{
	if (d->quiesced) {
		blk_mq_unquiesce_queue(d->disk->queue);
		d->quiesced = false;
	}
	blk_mq_kick_requeue_list(d->disk->queue);
}

/*
 * The queue follows the state (sync_work, after every change): while the
 * disk waits for its path, every request is taken back from the
 * transport and held, quiesced, where the block layer sees it; when it is
 * live again they go out anew; when nothing can make progress they fail.
 */
static void sanblk_sync(struct sanblk_dev *d)
{
	bool fail;

	mutex_lock(&d->lock);
	if (!d->disk || !d->attached)
		goto out_unlock;
	switch (sanblk_dev_state(d)) {
	case SANBLK_STATE_RECONNECTING:
		sanblk_quiesce(d);
		blk_mq_tagset_busy_iter(&d->tag_set, sanblk_requeue_one, d);
		break;
	case SANBLK_STATE_LIVE:
		sanblk_unquiesce(d);
		break;
	case SANBLK_STATE_DELETING:
	case SANBLK_STATE_FAILED:
	case SANBLK_STATE_DEAD:
		fail = !READ_ONCE(d->path_up);
		if (fail) {
			sanblk_quiesce(d);
			blk_mq_tagset_busy_iter(&d->tag_set, sanblk_fail_one,
						d);
		}
		sanblk_unquiesce(d);
		break;
	default:
		break;
	}
out_unlock:
	mutex_unlock(&d->lock);
}

static void sanblk_sync_work(struct work_struct *work)
{
	sanblk_sync(container_of(work, struct sanblk_dev, sync_work));
}

static int sanblk_alloc_tag_set(struct sanblk_dev *d,
				const struct sanblk_disk_info *info)
{
	struct blk_mq_tag_set *set = &d->tag_set;

	memset(set, 0, sizeof(*set));
	set->ops = &sanblk_mq_ops;
	set->nr_hw_queues = clamp(info->nr_hw_queues, 1U,
				  SANBLK_HW_QUEUES_MAX);
	/*
	 * Tags for as many requests as the disk may ever take: the depth
	 * the transport gives now is kept by the budget (capacity.c), and
	 * may grow up to this when a path appears.
	 */
	set->queue_depth = clamp(max(info->queue_depth, info->max_queue_depth),
				 SANBLK_QUEUE_DEPTH_MIN, SANBLK_QUEUE_DEPTH_MAX);
	set->numa_node = NUMA_NO_NODE;
	set->cmd_size = sizeof(struct sanblk_cmd) + d->ops->cmd_size;
	set->flags = BLK_MQ_F_SHOULD_MERGE;
	set->timeout = sanblk_rq_timeout(d);
	set->driver_data = d;
	return blk_mq_alloc_tag_set(set);
}

static struct gendisk *sanblk_alloc_gendisk(struct sanblk_dev *d,
					    const struct sanblk_disk_info *info)
{
	struct sanblk_queue_limits lim = {
		.max_hw_sectors = info->max_sectors,
		.max_segments = BLK_MAX_SEGMENTS,
		.logical_block_size = info->logical_block_size ?: 512,
		.physical_block_size = info->physical_block_size,
		.max_discard_sectors = info->max_discard_sectors,
		.max_write_zeroes_sectors = info->max_write_zeroes_sectors,
		.write_cache = info->write_cache,
		.fua = info->fua,
	};
	struct gendisk *disk;

	disk = sanblk_alloc_disk(&d->tag_set, &lim, d);
	if (IS_ERR(disk))
		return disk;
	disk->major = sanblk_major;
	disk->first_minor = d->id * SANBLK_MINORS;
	disk->minors = SANBLK_MINORS;
	disk->fops = &sanblk_fops;
	disk->private_data = d;
	strscpy(disk->disk_name, d->name, sizeof(disk->disk_name));
	set_capacity(disk, info->sectors);
	set_disk_ro(disk, d->tgt.ro);
	return disk;
}

/* Undo what create_work did; d->disk is no longer published. */
static void sanblk_free_disk(struct sanblk_dev *d, struct gendisk *disk)
{
	put_disk(disk);
	blk_mq_free_tag_set(&d->tag_set);
}

/*
 * First identification accepted: make /dev/sanblkN.  A work item of its
 * own, apart from ident_work: the partition scan inside add_disk() needs
 * I/O to flow, and when the path is lost meanwhile, I/O flows again only
 * after ident_work has judged the next identification.  The disk is
 * published (d->disk) before it is added, so that sync_work can hold or
 * fail the scan's requests; add_disk() runs without d->lock.
 */
static void sanblk_create_work(struct work_struct *work)
{
	struct sanblk_dev *d = container_of(work, struct sanblk_dev,
					    create_work);
	struct sanblk_disk_info info;
	struct gendisk *disk;
	int ret;

	mutex_lock(&d->lock);
	info = d->info;
	mutex_unlock(&d->lock);

	ret = sanblk_alloc_tag_set(d, &info);
	if (ret)
		goto err;
	disk = sanblk_alloc_gendisk(d, &info);
	if (IS_ERR(disk)) {
		blk_mq_free_tag_set(&d->tag_set);
		ret = PTR_ERR(disk);
		goto err;
	}
	mutex_lock(&d->lock);
	sanblk_capacity_start(d, &info);
	d->disk = disk;
	sanblk_disk_apply_timeout(d);
	mutex_unlock(&d->lock);
	/*
	 * The state may have moved on before the disk was there.  Run the
	 * sync here, not by flushing sync_work: this work runs on sanblk_wq
	 * too, whose rescuer, under memory pressure the only worker, would
	 * wait on itself.
	 */
	sanblk_sync(d);

	ret = device_add_disk(&d->dev, disk, NULL);
	mutex_lock(&d->lock);
	if (ret) {
		d->disk = NULL;
		mutex_unlock(&d->lock);
		sanblk_free_disk(d, disk);
		goto err;
	}
	d->disk_added = true;
	pr_info("%s: %s, %llu sectors (%llu MB), %u-byte blocks, model '%s', serial '%s', queue depth %u%s%s\n",
		d->name, d->ops->name, info.sectors, info.sectors >> 11,
		info.logical_block_size ?: 512, info.model, info.serial,
		d->depth, info.write_cache ? ", write cache" : "",
		d->tgt.ro ? ", read-only" : "");
	/* what the transport said since identification */
	sanblk_capacity_apply(d);
	complete_all(&d->ready);
	mutex_unlock(&d->lock);
	return;

err:
	pr_err("%s: cannot create the disk: %d\n", d->name, ret);
	sanblk_dev_fatal(d, "no block device");
}

int sanblk_disk_init(struct sanblk_dev *d)
{
	mutex_init(&d->lock);
	mutex_init(&d->flush_lock);
	sanblk_state_init(d);
	sanblk_capacity_init(d);
	INIT_WORK(&d->create_work, sanblk_create_work);
	INIT_WORK(&d->sync_work, sanblk_sync_work);
	init_completion(&d->ready);
	atomic64_set(&d->retransmits, 0);
	atomic64_set(&d->errors, 0);
	return 0;
}

/*
 * Take the disk away.  The caller has checked it is not open (or was told
 * to force) and holds no global lock.  What the target holds is written
 * back while a path is up, for SANBLK_REMOVE_FLUSH seconds at most; then
 * (or at once when there is no path) pending I/O fails, so that
 * del_gendisk() never waits on a path that is gone.
 */
void sanblk_disk_remove(struct sanblk_dev *d)
{
	struct gendisk *disk;
	bool added;
	int ret;

	sanblk_change_state(d, SANBLK_STATE_DELETING);
	mod_delayed_work(sanblk_wq, &d->deadline_work,
			 SANBLK_REMOVE_FLUSH * HZ);
	/* a creation under way finishes first (its scan may fail) */
	flush_work(&d->create_work);
	mutex_lock(&d->lock);
	added = d->disk_added;
	mutex_unlock(&d->lock);

	if (added && READ_ONCE(d->path_up)) {
		sync_blockdev(d->disk->part0);
		ret = sanblk_disk_flush(d, SANBLK_REMOVE_FLUSH);
		if (ret)
			pr_warn("%s: cache flush before removal failed: %d\n",
				d->name, ret);
	} else if (added) {
		pr_warn("%s: removed without a path: unwritten data is lost\n",
			d->name);
	}
	if (added)
		del_gendisk(d->disk);

	/* nothing is in flight now: stop the transport */
	sanblk_state_stop(d);
	mutex_lock(&d->flush_lock);
	mutex_lock(&d->lock);
	d->attached = false;
	disk = d->disk;
	d->disk = NULL;
	mutex_unlock(&d->lock);
	mutex_unlock(&d->flush_lock);
	cancel_work_sync(&d->sync_work);
	d->ops->detach(d);
	sanblk_state_stop(d);
	cancel_work_sync(&d->capacity_work);
	sanblk_change_state(d, SANBLK_STATE_DEAD);
	cancel_work_sync(&d->sync_work);
	if (disk)
		sanblk_free_disk(d, disk);
}

/* One cache flush, whose waiter may give up before it completes. */
struct sanblk_flush {
	struct completion done;
	refcount_t ref;			/* the waiter and the bio */
	blk_status_t status;
};

static void sanblk_flush_put(struct sanblk_flush *fl)
{
	if (refcount_dec_and_test(&fl->ref))
		kfree(fl);
}

static void sanblk_flush_end_io(struct bio *bio)
{
	struct sanblk_flush *fl = bio->bi_private;

	fl->status = bio->bi_status;
	complete(&fl->done);
	bio_put(bio);
	sanblk_flush_put(fl);
}

/*
 * Write the target's cache back (reboot, removal), waiting at most secs
 * seconds: a power-off must not hang on a target that is gone.  Returns
 * 0 (also when there is nothing to flush), -ETIMEDOUT or -EIO.  May
 * sleep; holds d->flush_lock, so that the disk is not freed under it.
 */
int sanblk_disk_flush(struct sanblk_dev *d, unsigned int secs)
{
	struct sanblk_flush *fl;
	struct gendisk *disk;
	struct bio *bio;
	int ret = 0;

	mutex_lock(&d->flush_lock);
	mutex_lock(&d->lock);
	disk = d->info.write_cache && d->disk_added ? d->disk : NULL;
	mutex_unlock(&d->lock);
	if (!disk || !READ_ONCE(d->path_up))
		goto out_unlock;

	ret = -ENOMEM;
	fl = kzalloc(sizeof(*fl), GFP_NOIO);
	if (!fl)
		goto out_unlock;
	init_completion(&fl->done);
	refcount_set(&fl->ref, 2);
	bio = bio_alloc(disk->part0, 0, REQ_OP_WRITE | REQ_PREFLUSH, GFP_NOIO);
	bio->bi_end_io = sanblk_flush_end_io;
	bio->bi_private = fl;
	submit_bio(bio);
	ret = 0;
	if (!wait_for_completion_io_timeout(&fl->done, secs * HZ))
		ret = -ETIMEDOUT;
	if (!ret && fl->status)
		ret = blk_status_to_errno(fl->status);
	sanblk_flush_put(fl);
out_unlock:
	mutex_unlock(&d->flush_lock);
	return ret;
}

int sanblk_blkdev_register(void)
{
	int major = register_blkdev(0, "sanblk");

	if (major < 0)
		return major;
	sanblk_major = major;
	return 0;
}

void sanblk_blkdev_unregister(void)
{
	unregister_blkdev(sanblk_major, "sanblk");
}
