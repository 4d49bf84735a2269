// SPDX-License-Identifier: GPL-2.0-only
/* Newer kernels take the queue limits in blk_mq_alloc_disk(). */
#include <linux/module.h>
#include <linux/blk-mq.h>

struct gendisk *probe(struct blk_mq_tag_set *set, struct queue_limits *lim);
struct gendisk *probe(struct blk_mq_tag_set *set, struct queue_limits *lim)
{
	return blk_mq_alloc_disk(set, lim, NULL);
}
MODULE_LICENSE("GPL");
