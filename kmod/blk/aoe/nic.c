// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which NICs a disk may use, what is wrong with the others, and bringing
 * them up.
 */
#include "aoe.h"

static enum aoe_nic_kind aoe_nic_kind(struct net_device *nd)
{
	if (is_vlan_dev(nd))
		return AOE_NIC_VLAN;
	if (netif_is_bridge_master(nd))
		return AOE_NIC_BRIDGE;
	if (netif_is_bond_master(nd))
		return AOE_NIC_BOND;
	return AOE_NIC_PLAIN;
}

static u16 aoe_nic_vid(struct net_device *nd)
{
	return is_vlan_dev(nd) ? vlan_dev_vlan_id(nd) : 0;
}

/*
 * Whether nd may carry this disk's traffic.  Latches a NIC named by name:
 * from then on it is followed by MAC, kind and VLAN id, through renames.
 * Without nic= every plain Ethernet NIC may; masters and VLANs carry
 * their lower NIC's frames and MAC, so they are used only when named.
 */
bool sanblk_aoe_nic_allowed(struct aoe_dev *a, struct net_device *nd)
{
	lockdep_assert_held(&a->lock);
	if (nd->type != ARPHRD_ETHER || (nd->flags & IFF_LOOPBACK) ||
	    !net_eq(dev_net(nd), &init_net))
		return false;
	if (a->nic_mac_set)
		return aoe_nic_kind(nd) == a->nic_kind &&
		       aoe_nic_vid(nd) == a->nic_vid &&
		       (ether_addr_equal(nd->perm_addr, a->nic_mac) ||
			ether_addr_equal(nd->dev_addr, a->nic_mac));
	if (a->nic_name[0]) {
		if (strcmp(nd->name, a->nic_name))
			return false;
		ether_addr_copy(a->nic_mac, is_zero_ether_addr(nd->perm_addr) ?
				nd->dev_addr : nd->perm_addr);
		a->nic_kind = aoe_nic_kind(nd);
		a->nic_vid = aoe_nic_vid(nd);
		a->nic_mac_set = true;
		return true;
	}
	return aoe_nic_kind(nd) == AOE_NIC_PLAIN;
}

/* Why no NIC could be asked: each interface and what is wrong with it. */
void sanblk_aoe_describe_nics(struct aoe_dev *a, char *buf, size_t size)
{
	struct net_device *nd;
	int len = 0;

	buf[0] = '\0';
	rcu_read_lock();
	spin_lock_bh(&a->lock);
	for_each_netdev_rcu(&init_net, nd) {
		const char *why;

		if (nd->flags & IFF_LOOPBACK)
			continue;
		if (!sanblk_aoe_nic_allowed(a, nd))
			why = a->nic_mac_set || a->nic_name[0] ?
			      "not the nic= one" : "not Ethernet";
		else if (!netif_running(nd))
			why = "down";
		else if (!netif_carrier_ok(nd))
			why = "no carrier";
		else
			why = "usable now";
		len += scnprintf(buf + len, size - len, "%s%s %s",
				 len ? ", " : "", nd->name, why);
	}
	spin_unlock_bh(&a->lock);
	rcu_read_unlock();
	if (!len)
		strscpy(buf, "none", size);
}

/*
 * Bring the disk's NICs up: at attach, and when one (re)appears, e.g.
 * after a driver rebind.  An initramfs then needs nothing but modprobe.
 * A NIC an administrator takes down later stays down.
 */
void sanblk_aoe_up_work(struct work_struct *work)
{
	struct aoe_dev *a = container_of(work, struct aoe_dev, up_work);
	struct net_device *nd;

	rtnl_lock();
	for_each_netdev(&init_net, nd) {
		bool allowed;
		int ret;

		if (nd->flags & IFF_UP)
			continue;
		spin_lock_bh(&a->lock);
		allowed = sanblk_aoe_nic_allowed(a, nd) && !a->stopping;
		/* unless named, only NICs with a device behind (not ifb, dummy) */
		if (!a->nic_mac_set && !a->nic_name[0] && !nd->dev.parent)
			allowed = false;
		spin_unlock_bh(&a->lock);
		if (!allowed)
			continue;
		ret = dev_open(nd, NULL);
		if (ret)
			pr_warn("%s: cannot bring %s up: %d\n", aoe_name(a),
				nd->name, ret);
		else
			pr_info("%s: brought %s up\n", aoe_name(a), nd->name);
	}
	rtnl_unlock();
}

/*
 * The NIC a frame came in on.  A NIC enslaved to a bridge or bond hands
 * its frames to the master, so a frame seen on a master belongs to the
 * allowed NIC below it.
 */
struct net_device *sanblk_aoe_rx_nic(struct aoe_dev *a,
				     struct net_device *nd)
{
	struct net_device *lower;

	if (sanblk_aoe_nic_allowed(a, nd))
		return nd;
	if (!netif_is_bridge_master(nd) && !netif_is_bond_master(nd))
		return NULL;
	for_each_netdev_rcu(dev_net(nd), lower)
		if (netdev_master_upper_dev_get_rcu(lower) == nd &&
		    sanblk_aoe_nic_allowed(a, lower))
			return lower;
	return NULL;
}

/* Sectors per frame buffer: for the largest MTU among the disk's NICs. */
unsigned int sanblk_aoe_frame_cap(struct aoe_dev *a)
{
	unsigned int mtu = ETH_DATA_LEN;
	struct net_device *nd;

	rcu_read_lock();
	spin_lock_bh(&a->lock);
	for_each_netdev_rcu(&init_net, nd)
		if (sanblk_aoe_nic_allowed(a, nd))
			mtu = max(mtu, nd->mtu);
	spin_unlock_bh(&a->lock);
	rcu_read_unlock();
	return clamp_t(unsigned int, sanblk_aoe_frame_sectors(mtu, 0), 1,
		       AOE_FRAME_SECTORS_MAX);
}
