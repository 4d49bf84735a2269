/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sanblk.ko internals: one struct sanblk_dev per remote disk, shared by
 * the core (main.c, state.c, disk.c) and the transports.  Nothing here is
 * particular to one transport.
 */
#ifndef SANBLK_H
#define SANBLK_H

#include <linux/blk-mq.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "target.h"
#include "transport.h"

#define SANBLK_MINORS		16	/* whole disk + 15 partitions */
/* Requests the driver takes at once: the transport's advice, clamped. */
#define SANBLK_QUEUE_DEPTH_MIN	2
#define SANBLK_QUEUE_DEPTH_MAX	256
#define SANBLK_HW_QUEUES_MAX	16
/* Ad-hoc disks give up after this long without an answer (seconds). */
#define SANBLK_ADHOC_TIMEOUT	120
/* How long a power-off waits for each disk's cache flush (seconds). */
#define SANBLK_SHUTDOWN_FLUSH	10
/* How long a removal tries to write back before it fails I/O (seconds). */
#define SANBLK_REMOVE_FLUSH	30
/* Between checks of a request's age when timeout=0 (seconds). */
#define SANBLK_RQ_CHECK		30

/*
 * A disk's life, owned by the core (state.c); transports report events
 * and never write it:
 *
 *	NEW -> DISCOVERING <-> NOANSWER -> LIVE <-> RECONNECTING
 *	any -> DELETING -> DEAD
 *	DISCOVERING, NOANSWER, LIVE, RECONNECTING -> FAILED (terminal)
 */
enum sanblk_state {
	SANBLK_STATE_NEW,		/* created, transport not started */
	SANBLK_STATE_DISCOVERING,	/* looking for the target */
	SANBLK_STATE_NOANSWER,		/* nobody answered yet: still looking */
	SANBLK_STATE_LIVE,		/* I/O flows */
	SANBLK_STATE_RECONNECTING,	/* path lost: I/O held, looking again */
	SANBLK_STATE_DELETING,		/* being removed: I/O only while a path is up */
	SANBLK_STATE_DEAD,		/* removed: every request fails */
	SANBLK_STATE_FAILED,		/* disk changed or timeout= ran out */
	SANBLK_STATE_COUNT,
};

/*
 * What identification found, in terms of no transport: compared again
 * after every reconnect (sectors, block size and id must not change).
 */
struct sanblk_disk_info {
	u64 sectors;			/* 512-byte sectors */
	unsigned int logical_block_size;	/* bytes; 0: 512 */
	unsigned int physical_block_size;	/* bytes; 0: the logical size */
	unsigned int max_sectors;	/* per request */
	unsigned int queue_depth;	/* requests the target buffers */
	/* what queue_depth may grow to later (tag set size); 0: no growth */
	unsigned int max_queue_depth;
	unsigned int nr_hw_queues;	/* 0: 1 */
	unsigned int max_discard_sectors;	/* 0: no DISCARD */
	unsigned int max_write_zeroes_sectors;	/* 0: no WRITE_ZEROES */
	bool write_cache;
	bool fua;
	char id[64];			/* stable identifier (ATA serial, VPD 0x83) */
	char serial[24];
	char model[44];
	char firmware[12];
};

struct sanblk_dev {
	struct device dev;		/* /sys/bus/sanblk/devices/<id> */
	int id;
	char name[DISK_NAME_LEN];	/* sanblk<id> */
	struct sanblk_target tgt;
	const struct sanblk_transport *ops;
	void *tp;			/* transport state */
	struct list_head node;		/* on sanblk_devs, sanblk_devs_mutex */
	const struct attribute_group *groups[3];

	/*
	 * lock: disk and info (published together), the verdict on an
	 * identification, timeout changes, the queue's quiescing.  Never
	 * held across I/O (add_disk()'s partition scan, a flush): sysfs
	 * reads take it.
	 */
	struct mutex lock;
	struct blk_mq_tag_set tag_set;
	struct gendisk *disk;		/* NULL until first identified */
	bool disk_added;		/* /dev/sanblkN exists; under lock */
	bool quiesced;			/* queue held by the core; under lock */
	struct sanblk_disk_info info;	/* of the disk as created */
	spinlock_t found_lock;		/* found, cap_*: written from softirq */
	struct sanblk_disk_info found;	/* latest identification */
	bool identified;		/* info is the disk's; under lock */
	bool attached;			/* tp is usable (sysfs); under lock */
	struct work_struct ident_work;	/* judges each identification */
	struct work_struct create_work;	/* makes the gendisk, once */
	struct completion ready;	/* first identification accepted */
	/* serializes cache flushes with the disk's teardown */
	struct mutex flush_lock;

	/* capacity.c: what the disk takes, as the transport last said */
	unsigned int cap_depth;		/* under found_lock; 0: unchanged */
	unsigned int cap_max_sectors;	/* under found_lock; 0: unchanged */
	struct work_struct capacity_work;	/* the queue follows them */
	unsigned int depth;		/* requests at once; READ_ONCE */
	atomic_t budget;		/* requests holding a budget */
	atomic_t budget_refused;	/* refusals since the last re-run */

	/* state.c */
	spinlock_t state_lock;		/* state, path_up, state_since */
	enum sanblk_state state;	/* READ_ONCE outside state_lock */
	bool path_up;			/* a path carries I/O (DELETING) */
	unsigned long state_since;	/* jiffies of the last change */
	struct work_struct sync_work;	/* the queue follows the state */
	struct delayed_work deadline_work;	/* timeout= */

	unsigned int timeout;		/* seconds, 0 = never give up */
	atomic64_t retransmits;
	atomic64_t errors;
};

/* Front-end part of every request's pdu; the transport's part follows. */
struct sanblk_cmd {
	unsigned long start;		/* jiffies when first queued */
	int budget_token;		/* -1: holds no budget */
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

static inline enum sanblk_state sanblk_dev_state(struct sanblk_dev *d)
{
	return READ_ONCE(d->state);
}

/* Whether the disk is done for: nothing a transport does matters now. */
static inline bool sanblk_dev_finished(struct sanblk_dev *d)
{
	enum sanblk_state s = sanblk_dev_state(d);

	return s == SANBLK_STATE_FAILED || s == SANBLK_STATE_DELETING ||
	       s == SANBLK_STATE_DEAD;
}

extern struct workqueue_struct *sanblk_wq;

/* state.c */
const char *sanblk_state_name(enum sanblk_state s);
bool sanblk_change_state(struct sanblk_dev *d, enum sanblk_state to);
void sanblk_state_init(struct sanblk_dev *d);
void sanblk_state_stop(struct sanblk_dev *d);
void sanblk_arm_deadline(struct sanblk_dev *d);

/* disk.c */
/*
 * Read t's chap= file, if it names one, into t's credentials; logs one
 * line and fails when the file is missing, open to others or malformed.
 */
int sanblk_chap_file_load(struct sanblk_target *t);
int sanblk_disk_init(struct sanblk_dev *d);
const char *sanblk_op_name(struct request *rq);	/* "read", "write"... */
void sanblk_disk_remove(struct sanblk_dev *d);
int sanblk_disk_flush(struct sanblk_dev *d, unsigned int secs);
void sanblk_disk_apply_timeout(struct sanblk_dev *d);
int sanblk_blkdev_register(void);
void sanblk_blkdev_unregister(void);

/* capacity.c */
int sanblk_get_budget(struct request_queue *q);
void sanblk_put_budget(struct request_queue *q, int token);
void sanblk_set_rq_budget_token(struct request *rq, int token);
int sanblk_get_rq_budget_token(struct request *rq);
void sanblk_rq_put_budget(struct request *rq);
void sanblk_capacity_init(struct sanblk_dev *d);
void sanblk_capacity_start(struct sanblk_dev *d,
			   const struct sanblk_disk_info *info);
void sanblk_capacity_apply(struct sanblk_dev *d);
void sanblk_capacity_note(struct sanblk_dev *d, unsigned int depth,
			  unsigned int max_sectors);

/* sysfs.c */
extern const struct attribute_group sanblk_dev_group;

#endif /* SANBLK_H */
