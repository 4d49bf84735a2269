// SPDX-License-Identifier: GPL-2.0-only
/* The kernel's early legacy iBFT scan exports the physical address it found. */
#include <linux/module.h>
#include <linux/iscsi_ibft.h>

phys_addr_t probe(void);
phys_addr_t probe(void)
{
	return ibft_phys_addr;
}
MODULE_LICENSE("GPL");
