// SPDX-License-Identifier: GPL-2.0-only
/*
 * A boot entry of the firmware tables (sanbft.ko's, see bft_parse.h) as a
 * target: what the firmware booted from, with everything it knew about
 * reaching it -- the NIC by MAC, the address the firmware gave that NIC,
 * its VLAN, the initiator name and the CHAP credentials.
 * Pure code: the table's strings were bounded by sanbft; each value is
 * checked again here against what a target may hold.
 */
#include "target_parse.h"
#include "target_bft.h"

/*
 * A secret: 1 to max - 1 bytes, where max is the smaller of the entry's
 * field and the target's (sanbft terminates every string in its field).
 */
static bool bft_secret_ok(const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	return n && n < max;
}

/*
 * A name: the same, of printable bytes without blanks or ','; and no
 * '@', which ends the credentials of a target string: a name with one
 * could not be written as a target (iSCSI names never have one).
 */
static bool bft_name_ok(const char *s, size_t max)
{
	return bft_secret_ok(s, max) && !strchr(s, '@') &&
	       sanblk_is_token(span_of(s, s + strlen(s)));
}

#define BFT_MAX(a, b)	(sizeof(a) < sizeof(b) ? sizeof(a) : sizeof(b))

/* Copy a string that bft_*_ok() accepted for a buffer of max bytes. */
static void bft_copy(char *dst, const char *src, size_t max)
{
	span_copy(dst, span_of(src, src + strnlen(src, max - 1)));
}

static bool bft_zero_mac(const u8 *mac)
{
	return !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]);
}

static void bft_addr(const struct sanbft_ip *ip, struct sanblk_addr *a)
{
	a->family = ip->family == 4 || ip->family == 6 ? ip->family : 0;
	memcpy(a->addr, ip->addr, sizeof(a->addr));
}

static int bft_chap(const struct sanbft_target *bt, struct sanblk_target *t,
		    char *err, size_t errlen)
{
	if (bt->chap_type == SANBFT_CHAP_NONE)
		return 0;
	if (bt->chap_type != SANBFT_CHAP_ONEWAY &&
	    bt->chap_type != SANBFT_CHAP_MUTUAL)
		return FAIL("iscsi: CHAP type %u of the firmware's target is unknown",
			    bt->chap_type);
	if (!bft_name_ok(bt->chap_name, BFT_MAX(bt->chap_name, t->user)) ||
	    !bft_secret_ok(bt->chap_secret, BFT_MAX(bt->chap_secret, t->pass)))
		return FAIL("iscsi: the firmware's CHAP name or secret is empty or unusable");
	bft_copy(t->user, bt->chap_name, sizeof(t->user));
	bft_copy(t->pass, bt->chap_secret, sizeof(t->pass));
	if (bt->chap_type == SANBFT_CHAP_ONEWAY)
		return 0;
	if (!bft_name_ok(bt->rchap_name, BFT_MAX(bt->rchap_name, t->ruser)) ||
	    !bft_secret_ok(bt->rchap_secret, BFT_MAX(bt->rchap_secret, t->rpass)))
		return FAIL("iscsi: the firmware's reverse CHAP name or secret is unusable");
	bft_copy(t->ruser, bt->rchap_name, sizeof(t->ruser));
	bft_copy(t->rpass, bt->rchap_secret, sizeof(t->rpass));
	return 0;
}

static int bft_nic(const struct sanbft_entry *e, struct sanblk_target *t,
		   char *err, size_t errlen)
{
	const struct sanbft_nic *n = &e->nic;

	if (!e->has_nic || bft_zero_mac(n->mac))
		return 0;
	t->has_nic_mac = true;
	memcpy(t->nic_mac, n->mac, sizeof(t->nic_mac));
	if (n->vlan > SANBLK_VLAN_MAX)
		return FAIL("iscsi: the firmware's NIC has VLAN %u, beyond %d",
			    n->vlan, SANBLK_VLAN_MAX);
	t->vlan = n->vlan;
	bft_addr(&n->ip, &t->ip);
	if (!t->ip.family)
		return 0;
	if (n->prefix > (t->ip.family == 4 ? 32 : 128))
		return FAIL("iscsi: the firmware's NIC has prefix length %u", n->prefix);
	t->prefix = n->prefix;
	bft_addr(&n->gateway, &t->gw);
	if (t->gw.family != t->ip.family)
		t->gw.family = 0;
	return 0;
}

static int bft_iscsi(const struct sanbft_entry *e, struct sanblk_target *t,
		     char *err, size_t errlen)
{
	const struct sanbft_target *bt = &e->target;
	int ret;

	t->transport = SANBLK_TRANSPORT_ISCSI;
	bft_addr(&bt->ip, &t->server);
	if (!t->server.family)
		return FAIL("iscsi: the firmware's target has no address");
	if (!bft_name_ok(bt->name, BFT_MAX(bt->name, t->name)))
		return FAIL("iscsi: the firmware's target name is empty or not printable");
	bft_copy(t->name, bt->name, sizeof(t->name));
	t->port = bt->port ? bt->port : SANBLK_ISCSI_PORT;
	memcpy(t->lun, bt->lun, sizeof(t->lun));
	if (e->initiator_name[0]) {
		if (!bft_name_ok(e->initiator_name,
				 BFT_MAX(e->initiator_name, t->initiator)))
			return FAIL("iscsi: the firmware's initiator name is not printable");
		bft_copy(t->initiator, e->initiator_name, sizeof(t->initiator));
	}
	ret = bft_chap(bt, t, err, errlen);
	if (ret)
		return ret;
	return bft_nic(e, t, err, errlen);
}

int sanblk_target_from_bft(const struct sanbft_entry *e,
			   struct sanblk_target *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof(*t));
	if (err && errlen)
		err[0] = '\0';
	/* a boot disk waits for ever */
	t->has_timeout = true;
	switch (e->transport) {
	case SANBFT_TRANSPORT_AOE:
		t->transport = SANBLK_TRANSPORT_AOE;
		t->shelf = e->shelf;
		t->slot = e->slot;
		if (e->shelf > SANBLK_AOE_SHELF_MAX || e->slot > SANBLK_AOE_SLOT_MAX)
			return FAIL("aoe: the firmware's e%u.%u is a broadcast address",
				    e->shelf, e->slot);
		if (!bft_zero_mac(e->nic.mac)) {
			t->has_nic_mac = true;
			memcpy(t->nic_mac, e->nic.mac, sizeof(t->nic_mac));
		}
		return 0;
	case SANBFT_TRANSPORT_ISCSI:
		return bft_iscsi(e, t, err, errlen);
	default:
		return FAIL("the firmware entry has no transport");
	}
}
