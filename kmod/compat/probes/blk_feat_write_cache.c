// SPDX-License-Identifier: GPL-2.0-only
/* Newer kernels declare the write cache in queue_limits.features. */
#include <linux/module.h>
#include <linux/blkdev.h>

void probe(struct queue_limits *lim);
void probe(struct queue_limits *lim)
{
	lim->features |= BLK_FEAT_WRITE_CACHE | BLK_FEAT_FUA;
}
MODULE_LICENSE("GPL");
