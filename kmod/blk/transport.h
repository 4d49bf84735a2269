/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The transport ops table: what the blk-mq front end (disk.c) asks of AoE
 * and iSCSI.  A transport finds and identifies the remote disk, tells the
 * front end with sanblk_dev_identified(), carries requests, and keeps its
 * own statistics.
 */
#ifndef SANBLK_TRANSPORT_H
#define SANBLK_TRANSPORT_H

#include <linux/blk-mq.h>

struct sanblk_dev;

/* Per-disk attributes a transport fills in (sysfs). */
enum sanblk_tattr {
	SANBLK_TATTR_NIC,		/* local NIC(s) in use */
	SANBLK_TATTR_TARGET_MAC,	/* remote address(es) in use */
	SANBLK_TATTR_RTT_US,		/* smoothed round-trip time */
	SANBLK_TATTR_INFLIGHT,		/* commands on the wire */
	SANBLK_TATTR_PATH_STATE,	/* per path: up or down */
	SANBLK_TATTR_PATH_COMMANDS,	/* per path: commands sent */
	SANBLK_TATTR_FRAME_SECTORS,	/* per path: sectors per command */
};

struct sanblk_transport_ops {
	const char *name;
	/* per-request data the transport keeps in the blk-mq pdu */
	unsigned int cmd_size;

	/*
	 * Start finding the target (process context, may sleep).  Returns
	 * at once; the transport calls sanblk_dev_identified() later.
	 */
	int (*attach)(struct sanblk_dev *d);
	/* Stop everything and free the transport state; no I/O is left. */
	void (*detach)(struct sanblk_dev *d);
	/* Verdict on an identification (false: the disk changed). */
	void (*resume)(struct sanblk_dev *d, bool accepted);
	/* Fail every pending request and any later one (removal, death). */
	void (*fail_all)(struct sanblk_dev *d);

	blk_status_t (*queue_rq)(struct sanblk_dev *d, struct request *rq);
	/*
	 * blk-mq timeout: end rq with an error if it is still pending;
	 * returns false when it had already completed.
	 */
	bool (*abort_rq)(struct sanblk_dev *d, struct request *rq);

	/* sysfs text for a transport attribute, sysfs_emit style */
	ssize_t (*show)(struct sanblk_dev *d, enum sanblk_tattr a, char *buf);
};

extern const struct sanblk_transport_ops sanblk_aoe_ops;

int sanblk_aoe_init(void);
void sanblk_aoe_exit(void);

#endif /* SANBLK_TRANSPORT_H */
