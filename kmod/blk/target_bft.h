/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A firmware boot entry as a target (target_bft.c).  Pure code.
 */
#ifndef SANBLK_TARGET_BFT_H
#define SANBLK_TARGET_BFT_H

#include "target.h"
#include "../bft/bft_parse.h"

/*
 * Fill *t from boot entry e: AoE shelf.slot and the NIC's MAC, or the
 * iSCSI server, port (0 means 3260), LUN, target and initiator names,
 * CHAP as the entry's CHAP type says, the NIC's MAC, VLAN, address,
 * prefix and gateway.  The timeout is "never", as for every boot disk.
 * Returns 0, or -EINVAL with one line in err; no secret is ever in it.
 */
int sanblk_target_from_bft(const struct sanbft_entry *e,
			   struct sanblk_target *t, char *err, size_t errlen);

#endif /* SANBLK_TARGET_BFT_H */
