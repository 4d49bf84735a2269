/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sanblk.ko internals: one struct sanblk_dev per remote disk, shared by
 * the front end (disk.c), the control interface (main.c) and the
 * transports.
 */
#ifndef SANBLK_H
#define SANBLK_H

#include <linux/blk-mq.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>

#include "target.h"
#include "transport.h"

#define SANBLK_MINORS		16	/* whole disk + 15 partitions */
/* Requests the driver takes at once: the transport's advice, clamped. */
#define SANBLK_QUEUE_DEPTH_MIN	2
#define SANBLK_QUEUE_DEPTH_MAX	256
/* Ad-hoc disks give up after this long without an answer (seconds). */
#define SANBLK_ADHOC_TIMEOUT	120
/* How long a power-off waits for each disk's cache flush (seconds). */
#define SANBLK_SHUTDOWN_FLUSH	10
/* Between checks of a request's age when timeout=0 (seconds). */
#define SANBLK_RQ_CHECK		30

enum sanblk_state {
	SANBLK_STATE_DISCOVERING,	/* looking for the target */
	SANBLK_STATE_LIVE,		/* I/O flows */
	SANBLK_STATE_NOPATH,		/* path lost: I/O waits */
	SANBLK_STATE_FAILED,		/* disk changed or removed: I/O fails */
	SANBLK_STATE_NOANSWER,		/* nobody answered yet: still looking */
};

/* What identification found: compared again after every reconnect. */
struct sanblk_disk_info {
	u64 sectors;			/* 512-byte sectors */
	unsigned int max_sectors;	/* per request */
	unsigned int queue_depth;	/* requests the target buffers */
	bool write_cache;
	bool fua;
	char serial[24];
	char model[44];
	char firmware[12];
};

struct sanblk_dev {
	struct device dev;		/* /sys/bus/sanblk/devices/<id> */
	int id;
	char name[DISK_NAME_LEN];	/* sanblk<id> */
	struct sanblk_target tgt;
	const struct sanblk_transport_ops *ops;
	void *tp;			/* transport state */
	struct list_head node;		/* on sanblk_devs, sanblk_devs_mutex */

	/*
	 * lock: disk and info (published together), the verdict on an
	 * identification, timeout changes.  Held only briefly, never across
	 * I/O (add_disk()'s partition scan, a flush): sysfs reads take it.
	 */
	struct mutex lock;
	struct blk_mq_tag_set tag_set;
	struct gendisk *disk;		/* NULL until first identified */
	struct sanblk_disk_info info;	/* of the disk as created */
	spinlock_t found_lock;		/* found: written from softirq */
	struct sanblk_disk_info found;	/* latest identification */
	bool removing;			/* under lock; READ_ONCE elsewhere */
	bool identified;		/* info is the disk's; under lock */
	bool attached;			/* tp is usable (sysfs); under lock */
	struct work_struct ident_work;	/* judges each identification */
	struct work_struct create_work;	/* makes the gendisk, once */
	struct completion ready;	/* first identification accepted */

	int state;			/* enum sanblk_state; READ/WRITE_ONCE */
	unsigned int timeout;		/* seconds, 0 = never give up */
	atomic64_t retransmits;
	atomic64_t errors;
};

/* Front-end part of every request's pdu; the transport's part follows. */
struct sanblk_cmd {
	unsigned long start;		/* jiffies when first queued */
};

static inline void *sanblk_rq_tp(struct request *rq)
{
	return (struct sanblk_cmd *)blk_mq_rq_to_pdu(rq) + 1;
}

static inline struct request *sanblk_tp_rq(void *tp)
{
	return blk_mq_rq_from_pdu((struct sanblk_cmd *)tp - 1);
}

static inline struct sanblk_dev *to_sanblk_dev(struct device *dev)
{
	return container_of(dev, struct sanblk_dev, dev);
}

extern struct workqueue_struct *sanblk_wq;

/* disk.c */
void sanblk_dev_identified(struct sanblk_dev *d,
			   const struct sanblk_disk_info *info);
void sanblk_dev_set_state(struct sanblk_dev *d, enum sanblk_state s);
bool sanblk_dev_change_state(struct sanblk_dev *d, enum sanblk_state from,
			     enum sanblk_state to);
const char *sanblk_state_name(int s);
int sanblk_disk_init(struct sanblk_dev *d);
void sanblk_disk_remove(struct sanblk_dev *d);
int sanblk_disk_flush(struct sanblk_dev *d, unsigned int secs);
void sanblk_disk_apply_timeout(struct sanblk_dev *d);
int sanblk_blkdev_register(void);
void sanblk_blkdev_unregister(void);

#endif /* SANBLK_H */
