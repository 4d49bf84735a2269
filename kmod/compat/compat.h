/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Differences between the kernel lines sanblk builds against (Debian 6.1
 * and 6.12) live here and only here.  HAVE_* come from the compile probes
 * in probes/ (kmod/compat/probe.sh), never from version numbers:
 * distributions backport.  Force-included into every module source file.
 */
#ifndef SANBLK_COMPAT_H
#define SANBLK_COMPAT_H

#include "generated.h"

#include <linux/types.h>

/*
 * The iBFT the kernel's early legacy scan found (0: none, or a kernel
 * built without CONFIG_ISCSI_IBFT_FIND).
 */
#ifdef HAVE_IBFT_PHYS_ADDR
#include <linux/iscsi_ibft.h>
static inline phys_addr_t sanblk_ibft_phys_addr(void)
{
	return ibft_phys_addr;
}
#else
static inline phys_addr_t sanblk_ibft_phys_addr(void)
{
	return 0;
}
#endif

/*
 * struct bin_attribute ->read(): the attribute is const in newer kernels.
 * Declare read functions as
 *	ssize_t f(struct file *, struct kobject *,
 *		  sanblk_bin_attr_const struct bin_attribute *, ...)
 */
#ifdef HAVE_BIN_ATTR_READ_CONST
#define sanblk_bin_attr_const const
#else
#define sanblk_bin_attr_const
#endif

#endif /* SANBLK_COMPAT_H */
