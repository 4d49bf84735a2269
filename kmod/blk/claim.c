// SPDX-License-Identifier: GPL-2.0-only
/*
 * One LUN, one /dev/sanblkN.  Two target strings may reach the same iSCSI
 * LUN -- through two portals of the target, or two NICs: an iBFT with two
 * NIC/target pairs, or an administrator adding the second portal.  Two
 * block devices for one LUN would let two file system instances write
 * the same blocks.  So a disk claims its LUN when it is first identified:
 * the target name, the LUN and the identifier the LUN reports (VPD page
 * 0x83); a second disk that finds the LUN claimed fails, naming the
 * first.  The name and LUN are part of the key because the identifiers
 * some targets make up (tgtd's "IET 00010001") repeat across targets.
 *
 * AoE disks claim nothing: one disk already follows every port of its
 * shelf.slot, and the identifier it has, an ATA serial, is not unique
 * among targets.
 */
#include "sanblk.h"

static DEFINE_SPINLOCK(sanblk_claims_lock);	/* a leaf lock */
static LIST_HEAD(sanblk_claims);

static bool sanblk_claim_same(const struct sanblk_dev *a,
			      const struct sanblk_dev *b, const char *id)
{
	return !strcmp(a->claim_id, id) && !strcmp(a->tgt.name, b->tgt.name) &&
	       !memcmp(a->tgt.lun, b->tgt.lun, sizeof(a->tgt.lun));
}

/*
 * Claim d's LUN with the identifier f found.  Returns 0, or -EEXIST with
 * the name of the disk that has the LUN in who.
 */
int sanblk_claim(struct sanblk_dev *d, const struct sanblk_disk_info *f,
		 char *who, size_t len)
{
	struct sanblk_dev *o;
	int ret = 0;

	if (d->tgt.transport != SANBLK_TRANSPORT_ISCSI || !f->id[0])
		return 0;
	spin_lock(&sanblk_claims_lock);
	list_for_each_entry(o, &sanblk_claims, claim_node) {
		if (o != d && sanblk_claim_same(o, d, f->id)) {
			strscpy(who, o->name, len);
			ret = -EEXIST;
			goto out;
		}
	}
	if (list_empty(&d->claim_node)) {
		strscpy(d->claim_id, f->id, sizeof(d->claim_id));
		list_add_tail(&d->claim_node, &sanblk_claims);
	}
out:
	spin_unlock(&sanblk_claims_lock);
	return ret;
}

/* d goes: its LUN may be attached again. */
void sanblk_unclaim(struct sanblk_dev *d)
{
	spin_lock(&sanblk_claims_lock);
	list_del_init(&d->claim_node);
	spin_unlock(&sanblk_claims_lock);
}
