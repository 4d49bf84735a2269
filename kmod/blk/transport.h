/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The seam between the core and a transport (AoE, iSCSI).
 *
 * A transport registers by name with an ops table.  It finds and
 * identifies the remote disk, carries the requests the core gives it, and
 * reports what happens as events; the core owns the disk's state, the
 * queue and every decision (state.c):
 *
 *	sanblk_dev_identified()	the disk was found (again): the core
 *				compares it with what it was, then goes
 *				LIVE (and calls ->resume) or FAILED
 *	sanblk_dev_noanswer()	nobody answered the first discovery
 *	sanblk_dev_path_lost()	no path carries I/O any more: the core
 *				takes every request back (->cancel_rq)
 *				and holds it until the next identification
 *	sanblk_dev_fatal()	the disk cannot be used again
 *	sanblk_dev_set_capacity()	what the disk takes changed (a
 *				path came or went, a frame grew): the
 *				queue depth follows, the largest request
 *				only grows; 0 leaves one as it is
 *
 * All may be called from any context, softirq included.
 */
#ifndef SANBLK_TRANSPORT_H
#define SANBLK_TRANSPORT_H

#include <linux/blk-mq.h>
#include <linux/list.h>
#include <linux/sysfs.h>

#include "target.h"

struct sanblk_dev;
struct sanblk_disk_info;

struct sanblk_transport {
	const char *name;		/* as in the target string: "aoe" */
	enum sanblk_transport_kind kind;
	/* per-request data the transport keeps in the blk-mq pdu */
	unsigned int cmd_size;
	/* the transport's own per-disk attributes; see SANBLK_TATTR_RO */
	const struct attribute_group *attr_group;

	/*
	 * Start finding the target (process context, may sleep).  Returns
	 * at once; events follow.
	 */
	int (*attach)(struct sanblk_dev *d);
	/*
	 * Stop everything and free the transport state.  The core has
	 * taken every request back; no event may follow.
	 */
	void (*detach)(struct sanblk_dev *d);
	/* The core accepted an identification: send what it is given. */
	void (*resume)(struct sanblk_dev *d);

	/* Carry rq (started); complete it with sanblk_end_request(). */
	blk_status_t (*queue_rq)(struct sanblk_dev *d, struct request *rq);
	/*
	 * Give rq back to the core, which requeues or fails it: forget
	 * every trace of it.  False when the transport has already
	 * decided its completion (the core then leaves it alone).
	 */
	bool (*cancel_rq)(struct sanblk_dev *d, struct request *rq);
	/*
	 * blk-mq timeout of a live disk's request that the disk's
	 * timeout= does not end yet: reset the timer (the transport
	 * retransmits on its own), or start recovery and say so.  NULL:
	 * reset.
	 */
	enum blk_eh_timer_return (*timeout)(struct sanblk_dev *d,
					    struct request *rq);
	/*
	 * t names d's target and LUN another way (another portal or NIC):
	 * carry it as one more path of d (process context; t's credentials
	 * are copied, the caller wipes t).  -EEXIST: d has that path.
	 * NULL: the transport finds every path itself (AoE).
	 */
	int (*add_path)(struct sanblk_dev *d, const struct sanblk_target *t);

	struct list_head node;		/* registered transports */
};

int sanblk_register_transport(struct sanblk_transport *t);
void sanblk_unregister_transport(struct sanblk_transport *t);
const struct sanblk_transport *
sanblk_find_transport(enum sanblk_transport_kind kind);
int sanblk_transports_init(void);
void sanblk_transports_exit(void);

/* Events (state.c). */
void sanblk_dev_identified(struct sanblk_dev *d,
			   const struct sanblk_disk_info *info);
void sanblk_dev_noanswer(struct sanblk_dev *d);
void sanblk_dev_path_lost(struct sanblk_dev *d, const char *why);
void sanblk_dev_fatal(struct sanblk_dev *d, const char *why);
/* Event (capacity.c). */
void sanblk_dev_set_capacity(struct sanblk_dev *d, unsigned int depth,
			     unsigned int max_sectors);

/* Complete a request the core gave the transport (any context). */
void sanblk_end_request(struct request *rq, blk_status_t status);

/*
 * A transport's read-only sysfs attribute NAME: NAME_tshow(d, buf) runs
 * under the disk's lock and only while the transport is attached (the
 * attribute answers ENODEV around attach and removal).
 */
ssize_t sanblk_tattr_show(struct device *dev, char *buf,
			  ssize_t (*fn)(struct sanblk_dev *d, char *buf));

#define SANBLK_TATTR_RO(_name)						\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	return sanblk_tattr_show(dev, buf, _name##_tshow);		\
}									\
static DEVICE_ATTR_RO(_name)

/* Built-in transports, started by sanblk_transports_init(). */
int sanblk_aoe_init(void);
void sanblk_aoe_exit(void);
int sanblk_iscsi_init(void);
void sanblk_iscsi_exit(void);

#endif /* SANBLK_TRANSPORT_H */
