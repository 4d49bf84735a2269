// SPDX-License-Identifier: GPL-2.0-only
/* Newer kernels change a live queue's limits in one locked update. */
#include <linux/module.h>
#include <linux/blkdev.h>

int probe(struct request_queue *q);
int probe(struct request_queue *q)
{
	struct queue_limits lim = queue_limits_start_update(q);

	lim.max_hw_sectors = 8;
	return queue_limits_commit_update(q, &lim);
}
MODULE_LICENSE("GPL");
