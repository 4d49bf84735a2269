// SPDX-License-Identifier: GPL-2.0-only
/*
 * The blk-mq front end: /dev/sanblkN over whichever transport found the
 * disk.  The gendisk is created when the transport first identifies the
 * remote disk; every later identification (after a path came back) must
 * report the same size and serial or the disk is failed.
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/module.h>
#include <linux/refcount.h>
#include <linux/slab.h>

#include "blk_compat.h"
#include "sanblk.h"

static int sanblk_major;

static const char * const state_names[] = {
	[SANBLK_STATE_DISCOVERING]	= "discovering",
	[SANBLK_STATE_LIVE]		= "live",
	[SANBLK_STATE_NOPATH]		= "nopath",
	[SANBLK_STATE_FAILED]		= "failed",
	[SANBLK_STATE_NOANSWER]		= "noanswer",
};

const char *sanblk_state_name(int s)
{
	if (s < 0 || s >= ARRAY_SIZE(state_names))
		return "unknown";
	return state_names[s];
}

void sanblk_dev_set_state(struct sanblk_dev *d, enum sanblk_state s)
{
	int old = xchg(&d->state, s);

	if (old != s)
		pr_info("%s: %s -> %s\n", d->name, sanblk_state_name(old),
			sanblk_state_name(s));
}

/* Move from state from to state to; false when d was in another state. */
bool sanblk_dev_change_state(struct sanblk_dev *d, enum sanblk_state from,
			     enum sanblk_state to)
{
	if (cmpxchg(&d->state, from, to) != from)
		return false;
	pr_info("%s: %s -> %s\n", d->name, sanblk_state_name(from),
		sanblk_state_name(to));
	return true;
}

static blk_status_t sanblk_queue_rq(struct blk_mq_hw_ctx *hctx,
				    const struct blk_mq_queue_data *bd)
{
	struct sanblk_dev *d = hctx->queue->queuedata;
	struct request *rq = bd->rq;
	struct sanblk_cmd *cmd = blk_mq_rq_to_pdu(rq);

	switch (req_op(rq)) {
	case REQ_OP_READ:
	case REQ_OP_WRITE:
	case REQ_OP_FLUSH:
		break;
	default:
		return BLK_STS_NOTSUPP;
	}
	if (READ_ONCE(d->state) == SANBLK_STATE_FAILED)
		return BLK_STS_IOERR;
	cmd->start = jiffies;
	blk_mq_start_request(rq);
	return d->ops->queue_rq(d, rq);
}

/*
 * The transport retransmits on its own schedule; blk-mq's timer only
 * enforces the disk's timeout= (0: wait for the path forever).
 */
static enum blk_eh_timer_return sanblk_timeout(struct request *rq)
{
	struct sanblk_dev *d = rq->q->queuedata;
	struct sanblk_cmd *cmd = blk_mq_rq_to_pdu(rq);
	unsigned int t = READ_ONCE(d->timeout);
	bool failed = READ_ONCE(d->state) == SANBLK_STATE_FAILED;
	unsigned int bytes;
	enum req_op op;
	sector_t pos;

	if (!failed && (!t || time_before(jiffies, cmd->start + t * HZ)))
		return BLK_EH_RESET_TIMER;
	/* what the request was: ending it resets its size */
	op = req_op(rq);
	bytes = blk_rq_bytes(rq);
	pos = blk_rq_pos(rq);
	if (d->ops->abort_rq(d, rq) && !failed)
		pr_err_ratelimited("%s: %s of %u bytes at sector %llu timed out after %u s\n",
				   d->name, op == REQ_OP_WRITE ? "write" :
				   op == REQ_OP_READ ? "read" : "flush",
				   bytes, (unsigned long long)pos, t);
	return BLK_EH_DONE;
}

static const struct blk_mq_ops sanblk_mq_ops = {
	.queue_rq	= sanblk_queue_rq,
	.timeout	= sanblk_timeout,
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
}

/*
 * Make /dev/sanblkN.  Called without d->lock: device_add_disk() reads the
 * partition table through the disk itself, and that I/O must not wait on
 * a lock that the sysfs attributes or the path's recovery take.
 */
static int sanblk_disk_create(struct sanblk_dev *d,
			      const struct sanblk_disk_info *info,
			      struct gendisk **out)
{
	struct sanblk_queue_limits lim = {
		.max_hw_sectors = info->max_sectors,
		.max_segments = BLK_MAX_SEGMENTS,
		.write_cache = info->write_cache,
		.fua = info->fua,
	};
	struct blk_mq_tag_set *set = &d->tag_set;
	struct gendisk *disk;
	int ret;

	lockdep_assert_not_held(&d->lock);
	memset(set, 0, sizeof(*set));
	set->ops = &sanblk_mq_ops;
	set->nr_hw_queues = 1;
	/*
	 * Only as many requests as the target has buffers for: more would
	 * wait inside the transport, unseen by the block layer, which can
	 * no longer merge them with later ones nor share the disk fairly
	 * among its users.
	 */
	set->queue_depth = clamp(info->queue_depth, SANBLK_QUEUE_DEPTH_MIN,
				 SANBLK_QUEUE_DEPTH_MAX);
	set->numa_node = NUMA_NO_NODE;
	set->cmd_size = sizeof(struct sanblk_cmd) + d->ops->cmd_size;
	set->flags = BLK_MQ_F_SHOULD_MERGE;
	set->timeout = sanblk_rq_timeout(d);
	set->driver_data = d;
	ret = blk_mq_alloc_tag_set(set);
	if (ret)
		return ret;

	disk = sanblk_alloc_disk(set, &lim, d);
	if (IS_ERR(disk)) {
		ret = PTR_ERR(disk);
		goto err_free_tag_set;
	}
	disk->major = sanblk_major;
	disk->first_minor = d->id * SANBLK_MINORS;
	disk->minors = SANBLK_MINORS;
	disk->fops = &sanblk_fops;
	disk->private_data = d;
	strscpy(disk->disk_name, d->name, sizeof(disk->disk_name));
	set_capacity(disk, info->sectors);
	set_disk_ro(disk, d->tgt.ro);

	ret = device_add_disk(&d->dev, disk, NULL);
	if (ret)
		goto err_put_disk;
	*out = disk;
	return 0;

err_put_disk:
	put_disk(disk);
err_free_tag_set:
	blk_mq_free_tag_set(set);
	return ret;
}

/*
 * First identification accepted: make /dev/sanblkN.  A work item of its
 * own, apart from ident_work: the partition scan inside add_disk() needs
 * I/O to flow, and when the path is lost meanwhile, I/O flows again only
 * after ident_work has judged the next identification.
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

	ret = sanblk_disk_create(d, &info, &disk);

	mutex_lock(&d->lock);
	if (ret) {
		pr_err("%s: cannot create the disk: %d\n", d->name, ret);
		sanblk_dev_set_state(d, SANBLK_STATE_FAILED);
		mutex_unlock(&d->lock);
		d->ops->fail_all(d);
		return;
	}
	/* read without the lock by sanblk_dev_destroy() */
	WRITE_ONCE(d->disk, disk);
	/* timeout= may have changed while the disk was being created */
	sanblk_disk_apply_timeout(d);
	pr_info("%s: %s, %llu sectors (%llu MB), model '%s', serial '%s', queue depth %u%s%s\n",
		d->name, d->ops->name, info.sectors, info.sectors >> 11,
		info.model, info.serial, d->tag_set.queue_depth,
		info.write_cache ? ", write cache" : "",
		d->tgt.ro ? ", read-only" : "");
	complete_all(&d->ready);
	mutex_unlock(&d->lock);
}

/*
 * Judge an identification, under d->lock, which is only ever held
 * briefly: compare with what the first one found, set the state, let the
 * transport resume.  The first accepted one also records the disk's
 * identity in d->info and hands the creation of /dev/sanblkN to
 * create_work.
 */
static void sanblk_ident_work(struct work_struct *work)
{
	struct sanblk_dev *d = container_of(work, struct sanblk_dev,
					    ident_work);
	struct sanblk_disk_info f;
	bool ok = true;

	spin_lock_bh(&d->found_lock);
	f = d->found;
	spin_unlock_bh(&d->found_lock);

	mutex_lock(&d->lock);
	if (d->removing)
		goto out_unlock;
	if (d->identified && (f.sectors != d->info.sectors ||
			      strcmp(f.serial, d->info.serial))) {
		pr_err("%s: the target changed while the path was gone (%llu -> %llu sectors, serial '%s' -> '%s'); failing the disk\n",
		       d->name, d->info.sectors, f.sectors, d->info.serial,
		       f.serial);
		ok = false;
	}
	/* live before add_disk(): the partition scan reads the disk */
	sanblk_dev_set_state(d, ok ? SANBLK_STATE_LIVE : SANBLK_STATE_FAILED);
	d->ops->resume(d, ok);
	if (ok && !d->identified) {
		d->identified = true;
		d->info = f;
		queue_work(sanblk_wq, &d->create_work);
	}
out_unlock:
	mutex_unlock(&d->lock);
}

/*
 * The transport found (or found again) the remote disk.  Any context; the
 * verdict comes back through ops->resume() from the workqueue.
 */
void sanblk_dev_identified(struct sanblk_dev *d,
			   const struct sanblk_disk_info *info)
{
	spin_lock_bh(&d->found_lock);
	d->found = *info;
	spin_unlock_bh(&d->found_lock);
	if (!READ_ONCE(d->removing))
		queue_work(sanblk_wq, &d->ident_work);
}

int sanblk_disk_init(struct sanblk_dev *d)
{
	mutex_init(&d->lock);
	spin_lock_init(&d->found_lock);
	INIT_WORK(&d->ident_work, sanblk_ident_work);
	INIT_WORK(&d->create_work, sanblk_create_work);
	init_completion(&d->ready);
	atomic64_set(&d->retransmits, 0);
	atomic64_set(&d->errors, 0);
	d->state = SANBLK_STATE_DISCOVERING;
	return 0;
}

/*
 * Take the disk away.  The caller has checked it is not open (or was told
 * to force).  I/O that cannot complete is failed first, so that
 * del_gendisk() does not wait on a path that is gone.
 */
void sanblk_disk_remove(struct sanblk_dev *d)
{
	bool fail;

	mutex_lock(&d->lock);
	WRITE_ONCE(d->removing, true);
	/* a disk still being created is nobody's yet: its scan may fail */
	fail = READ_ONCE(d->state) != SANBLK_STATE_LIVE ||
	       (d->identified && !d->disk);
	if (fail)
		sanblk_dev_set_state(d, SANBLK_STATE_FAILED);
	mutex_unlock(&d->lock);
	/* no new verdict; a creation under way finishes first */
	cancel_work_sync(&d->ident_work);
	if (fail)
		d->ops->fail_all(d);
	flush_work(&d->create_work);

	if (!fail && d->disk) {
		/* what the target holds must be on its media when we go */
		sync_blockdev(d->disk->part0);
		if (sanblk_disk_flush(d, 0))
			pr_warn("%s: cache flush before removal failed\n",
				d->name);
	}
	if (d->disk)
		del_gendisk(d->disk);
	/* the sysfs attributes outlive the transport: shut them out */
	mutex_lock(&d->lock);
	d->attached = false;
	mutex_unlock(&d->lock);
	d->ops->detach(d);
	/* detach stopped every caller of sanblk_dev_identified() */
	cancel_work_sync(&d->ident_work);
	if (d->disk) {
		put_disk(d->disk);
		blk_mq_free_tag_set(&d->tag_set);
		WRITE_ONCE(d->disk, NULL);
	}
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
 * seconds (0: for ever): a power-off must not hang on a target that is
 * gone.  Returns 0 (also when there is nothing to flush), -ETIMEDOUT or
 * -EIO.  May sleep; the caller keeps the disk from being removed
 * meanwhile.
 */
int sanblk_disk_flush(struct sanblk_dev *d, unsigned int secs)
{
	struct sanblk_flush *fl;
	struct gendisk *disk;
	struct bio *bio;
	int ret = 0;

	mutex_lock(&d->lock);
	disk = d->info.write_cache ? d->disk : NULL;
	mutex_unlock(&d->lock);
	if (!disk || READ_ONCE(d->state) != SANBLK_STATE_LIVE)
		return 0;

	fl = kzalloc(sizeof(*fl), GFP_NOIO);
	if (!fl)
		return -ENOMEM;
	init_completion(&fl->done);
	refcount_set(&fl->ref, 2);
	bio = bio_alloc(disk->part0, 0, REQ_OP_WRITE | REQ_PREFLUSH, GFP_NOIO);
	bio->bi_end_io = sanblk_flush_end_io;
	bio->bi_private = fl;
	submit_bio(bio);
	if (!secs)
		wait_for_completion_io(&fl->done);
	else if (!wait_for_completion_io_timeout(&fl->done, secs * HZ))
		ret = -ETIMEDOUT;
	if (!ret && fl->status)
		ret = blk_status_to_errno(fl->status);
	sanblk_flush_put(fl);
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
