// SPDX-License-Identifier: GPL-2.0-only
/*
 * sanblk: in-kernel SAN initiator (AoE, iSCSI) exposing /dev/sanblkN.
 */
#include <linux/module.h>
#include <linux/init.h>

static int __init sanblk_init(void)
{
	return 0;
}

static void __exit sanblk_exit(void)
{
}

module_init(sanblk_init);
module_exit(sanblk_exit);

MODULE_DESCRIPTION("SAN boot block device (AoE, iSCSI initiator)");
MODULE_LICENSE("GPL");
MODULE_VERSION(SANBLK_VERSION);
