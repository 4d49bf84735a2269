/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The in-kernel interface sanbft.ko offers sanblk.ko: the boot entries found
 * in the firmware tables at load time.  The set never changes after
 * sanbft.ko has loaded, so no locking is needed to read it.
 */
#ifndef SANBFT_H
#define SANBFT_H

#include "../bft/bft_parse.h"

struct net_device;

/* Number of boot entries found in well-formed tables. */
unsigned int sanbft_entry_count(void);

/*
 * Copy boot entry i into *e and describe where it came from in src (e.g.
 * "aBFT in low memory at 0x9e6a0"); src may be NULL.  Returns 0 or -ENOENT.
 */
int sanbft_entry_get(unsigned int i, struct sanbft_entry *e,
		     char *src, size_t srclen);

#endif /* SANBFT_H */
