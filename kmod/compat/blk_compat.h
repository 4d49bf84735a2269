/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Block-layer and driver-core differences sanblk.ko meets between the
 * kernel lines it builds against, from the compile probes in probes/.
 * Included by the sanblk sources only.
 */
#ifndef SANBLK_BLK_COMPAT_H
#define SANBLK_BLK_COMPAT_H

#include "generated.h"

#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/device.h>

/* What sanblk sets on a new disk's queue. */
struct sanblk_queue_limits {
	unsigned int max_hw_sectors;
	unsigned int max_segments;
	unsigned int logical_block_size;
	unsigned int physical_block_size;	/* 0: the logical size */
	unsigned int max_discard_sectors;	/* 0: none */
	unsigned int max_write_zeroes_sectors;	/* 0: none */
	bool write_cache;
	bool fua;
};

/*
 * Allocate a blk-mq disk with these limits: passed to blk_mq_alloc_disk()
 * where it takes them, set on the fresh queue where it does not.
 */
static inline struct gendisk *
sanblk_alloc_disk(struct blk_mq_tag_set *set,
		  const struct sanblk_queue_limits *l, void *queuedata)
{
#ifdef HAVE_BLK_MQ_ALLOC_DISK_LIM
	struct queue_limits lim = {
		.max_hw_sectors = l->max_hw_sectors,
		.max_segments = l->max_segments,
		.logical_block_size = l->logical_block_size,
		.physical_block_size = l->physical_block_size ?:
				       l->logical_block_size,
		.max_hw_discard_sectors = l->max_discard_sectors,
		.discard_granularity = l->logical_block_size,
		.max_write_zeroes_sectors = l->max_write_zeroes_sectors,
	};

#ifdef HAVE_BLK_FEAT_WRITE_CACHE
	if (l->write_cache)
		lim.features |= BLK_FEAT_WRITE_CACHE;
	if (l->write_cache && l->fua)
		lim.features |= BLK_FEAT_FUA;
#endif
	return blk_mq_alloc_disk(set, &lim, queuedata);
#else
	struct gendisk *disk = blk_mq_alloc_disk(set, queuedata);

	if (IS_ERR(disk))
		return disk;
	blk_queue_logical_block_size(disk->queue, l->logical_block_size);
	blk_queue_physical_block_size(disk->queue, l->physical_block_size ?:
				      l->logical_block_size);
	blk_queue_max_hw_sectors(disk->queue, l->max_hw_sectors);
	blk_queue_max_segments(disk->queue, l->max_segments);
	if (l->max_discard_sectors) {
		blk_queue_max_discard_sectors(disk->queue,
					      l->max_discard_sectors);
		disk->queue->limits.discard_granularity =
			l->logical_block_size;
	}
	blk_queue_max_write_zeroes_sectors(disk->queue,
					   l->max_write_zeroes_sectors);
	blk_queue_write_cache(disk->queue, l->write_cache, l->fua);
	return disk;
#endif
}

/* Set a live queue's max_hw_sectors.  Returns 0 or -errno. */
static inline int sanblk_queue_max_hw_sectors(struct request_queue *q,
					      unsigned int sectors)
{
#ifdef HAVE_QUEUE_LIMITS_COMMIT_UPDATE
	struct queue_limits lim = queue_limits_start_update(q);

	lim.max_hw_sectors = sectors;
	return queue_limits_commit_update(q, &lim);
#else
	blk_queue_max_hw_sectors(q, sectors);
	return 0;
#endif
}

#if defined(HAVE_BLK_MQ_ALLOC_DISK_LIM) && !defined(HAVE_BLK_FEAT_WRITE_CACHE)
#error "queue limits in blk_mq_alloc_disk() but no BLK_FEAT_WRITE_CACHE"
#endif

/*
 * Bus attribute methods get the bus_type as const in newer kernels:
 *	ssize_t f(sanblk_bus_const struct bus_type *bus, ...)
 */
#ifdef HAVE_BUS_ATTR_STORE_CONST
#define sanblk_bus_const const
#else
#define sanblk_bus_const
#endif

#endif /* SANBLK_BLK_COMPAT_H */
