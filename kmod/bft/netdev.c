// SPDX-License-Identifier: GPL-2.0-only
/*
 * entry<N>/nic/netdev: which network interface is the firmware's NIC, found
 * by MAC at read time (so it follows renames, unbind/rebind, hotplug), with
 * the firmware's PCI address as a cross-check.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rcupdate.h>
#include <net/net_namespace.h>

#include "internal.h"

/* Bounds the walk from a net_device up to the PCI function behind it. */
#define SANBFT_PARENT_DEPTH	8

static struct pci_dev *sanbft_netdev_pci(struct net_device *dev)
{
	struct device *d = dev->dev.parent;
	unsigned int depth;

	for (depth = 0; d && depth < SANBFT_PARENT_DEPTH; depth++) {
		if (dev_is_pci(d))
			return to_pci_dev(d);
		d = d->parent;
	}
	return NULL;
}

/*
 * How well dev matches mac: 3 permanent address of a device on a bus (the
 * NIC itself), 2 permanent address, 1 current address only (a bridge, bond
 * or VLAN that took the NIC's address), 0 no match.
 */
static int sanbft_netdev_score(struct net_device *dev, const u8 *mac)
{
	if (dev->addr_len != ETH_ALEN)
		return 0;
	if (ether_addr_equal(dev->perm_addr, mac))
		return dev->dev.parent ? 3 : 2;
	if (ether_addr_equal(dev->dev_addr, mac))
		return 1;
	return 0;
}

static int sanbft_emit_bdf_check(struct net_device *dev, u16 bdf, char *buf,
				 int len)
{
	struct pci_dev *pdev;
	u16 have;

	if (!bdf)
		return len;
	pdev = sanbft_netdev_pci(dev);
	if (!pdev)
		return len + sysfs_emit_at(buf, len,
					   " (no PCI device to check against firmware %02x:%02x.%x)",
					   bdf >> 8, PCI_SLOT(bdf & 0xff),
					   PCI_FUNC(bdf & 0xff));
	have = pdev->bus->number << 8 | pdev->devfn;
	if (have == bdf)
		return len + sysfs_emit_at(buf, len, " (PCI %s, as firmware says)",
					   pci_name(pdev));
	return len + sysfs_emit_at(buf, len,
				   " (PCI %s, but firmware says %02x:%02x.%x)",
				   pci_name(pdev), bdf >> 8,
				   PCI_SLOT(bdf & 0xff), PCI_FUNC(bdf & 0xff));
}

/* "none: ..." naming the MAC and every interface there is. */
static int sanbft_emit_none(const u8 *mac, char *buf)
{
	struct net_device *dev;
	int len, n = 0;

	len = sysfs_emit(buf, "none: no network interface has MAC %pM (present:",
			 mac);
	for_each_netdev_rcu(&init_net, dev) {
		/* Keep room for the closing ")\n" and a "...". */
		if (len > PAGE_SIZE - 64) {
			len += sysfs_emit_at(buf, len, " ...");
			break;
		}
		len += sysfs_emit_at(buf, len, "%s %s", n++ ? "," : "",
				     dev->name);
		if (dev->addr_len == ETH_ALEN &&
		    !is_zero_ether_addr(dev->dev_addr))
			len += sysfs_emit_at(buf, len, " %pM", dev->dev_addr);
	}
	if (!n)
		len += sysfs_emit_at(buf, len, " nothing");
	return len + sysfs_emit_at(buf, len, ")\n");
}

/*
 * First word: the interface name, or "none:" followed by why.  When other
 * interfaces carry the same address (a bridge or bond over the NIC, a
 * VLAN), they are listed after "also:".
 */
ssize_t sanbft_netdev_show(const struct sanbft_nic *nic, char *buf)
{
	struct net_device *dev, *best = NULL;
	int score, best_score = 0, len, others = 0;

	rcu_read_lock();
	for_each_netdev_rcu(&init_net, dev) {
		score = sanbft_netdev_score(dev, nic->mac);
		if (score > best_score) {
			best = dev;
			best_score = score;
		}
	}
	if (!best) {
		len = sanbft_emit_none(nic->mac, buf);
		goto out_unlock;
	}

	len = sysfs_emit(buf, "%s", best->name);
	len = sanbft_emit_bdf_check(best, nic->pci_bdf, buf, len);
	for_each_netdev_rcu(&init_net, dev) {
		if (dev == best || !sanbft_netdev_score(dev, nic->mac))
			continue;
		if (len > PAGE_SIZE - 64)
			break;
		len += sysfs_emit_at(buf, len, "%s %s", others++ ? "" : " also:",
				     dev->name);
	}
	len += sysfs_emit_at(buf, len, "\n");

out_unlock:
	rcu_read_unlock();
	return len;
}
