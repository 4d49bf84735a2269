// SPDX-License-Identifier: GPL-2.0-only
/*
 * The NIC an iSCSI disk goes through.  With nic= (or the firmware's NIC)
 * every connection leaves from that NIC's address.  When the NIC has no
 * address and the target gives one (ip=, gw=, vlan=, or the iBFT's NIC),
 * sanblk configures it as "ip" would, through rtnetlink: the VLAN device,
 * link up, the address, the default route.  An initramfs then needs
 * nothing but modprobe.  A NIC that has an address of the portal's family
 * is never touched.  Without nic= the routing table chooses.
 *
 * A NIC that is down is brought up, unless it was taken down while
 * another path of the disk carries it: then it is left as it is.
 *
 * The NIC is looked up again before every login, so a NIC that appears
 * late (its driver loads after sanblk), is renamed, or is given another
 * address by the real root's network service is followed.  One named by
 * name is held by its MAC from the first time it is found.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/addrconf.h>
#include <net/ipv6.h>
#include <net/netlink.h>

#include "iscsi.h"

/* Whether nd is the NIC itself (not a VLAN, bridge or bond on it). */
static bool iscsi_nic_is(struct iscsi_path *p, struct net_device *nd)
{
	const struct sanblk_target *t = &p->tgt;

	if (nd->type != ARPHRD_ETHER || (nd->flags & IFF_LOOPBACK) ||
	    is_vlan_dev(nd) || netif_is_bridge_master(nd) ||
	    netif_is_bond_master(nd))
		return false;
	if (p->nic_mac_set)
		return ether_addr_equal(nd->perm_addr, p->nic_mac) ||
		       ether_addr_equal(nd->dev_addr, p->nic_mac);
	if (strcmp(nd->name, t->nic_name))
		return false;
	ether_addr_copy(p->nic_mac, is_zero_ether_addr(nd->perm_addr) ?
			nd->dev_addr : nd->perm_addr);
	p->nic_mac_set = true;
	return true;
}

static struct net_device *iscsi_nic_find(struct iscsi_path *p)
{
	struct net_device *nd;

	ASSERT_RTNL();
	for_each_netdev(&init_net, nd)
		if (iscsi_nic_is(p, nd))
			return nd;
	return NULL;
}

static struct net_device *iscsi_vlan_find(struct net_device *lower, u16 vid)
{
	struct net_device *nd;

	ASSERT_RTNL();
	for_each_netdev(&init_net, nd)
		if (is_vlan_dev(nd) && vlan_dev_real_dev(nd) == lower &&
		    vlan_dev_vlan_id(nd) == vid)
			return nd;
	return NULL;
}

/* An address of the family on nd, or on the bridge or bond it is in. */
static bool iscsi_dev_addr(struct net_device *nd, int family,
			   struct sockaddr_storage *ss)
{
	struct net_device *master = netdev_master_upper_dev_get(nd);

	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;
		struct in_device *in = __in_dev_get_rtnl(nd);
		const struct in_ifaddr *ifa;

		in_dev_for_each_ifa_rtnl(ifa, in) {
			if (ifa->ifa_scope == RT_SCOPE_HOST)
				continue;
			sin->sin_family = AF_INET;
			sin->sin_addr.s_addr = ifa->ifa_local;
			return true;
		}
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
		struct inet6_dev *in6 = __in6_dev_get(nd);
		const struct inet6_ifaddr *ifa;
		bool found = false;

		if (in6) {
			read_lock_bh(&in6->lock);
			list_for_each_entry(ifa, &in6->addr_list, if_list) {
				if (ifa->scope != 0 /* global */ ||
				    (ifa->flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED)))
					continue;
				sin6->sin6_family = AF_INET6;
				sin6->sin6_addr = ifa->addr;
				found = true;
				break;
			}
			read_unlock_bh(&in6->lock);
		}
		if (found)
			return true;
	}
	return master ? iscsi_dev_addr(master, family, ss) : false;
}

/* ---- rtnetlink, as a root process would speak it ---- */

static int iscsi_rtnl_talk(struct sk_buff *skb)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct msghdr msg = { .msg_name = &kernel,
			      .msg_namelen = sizeof(kernel) };
	struct kvec iov = { skb->data, skb->len };
	struct {
		struct nlmsghdr h;
		struct nlmsgerr e;
	} ack;
	struct socket *sock;
	int ret;

	ret = sock_create_kern(&init_net, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE,
			       &sock);
	if (ret)
		return ret;
	ret = kernel_sendmsg(sock, &msg, &iov, 1, iov.iov_len);
	if (ret >= 0) {
		/* the kernel handled it, and acked, before sendmsg returned */
		memset(&msg, 0, sizeof(msg));
		iov.iov_base = &ack;
		iov.iov_len = sizeof(ack);
		ret = kernel_recvmsg(sock, &msg, &iov, 1, sizeof(ack),
				     MSG_DONTWAIT);
		if (ret >= (int)sizeof(ack) && ack.h.nlmsg_type == NLMSG_ERROR)
			ret = ack.e.error;
		else if (ret >= 0)
			ret = -EPROTO;
	}
	sock_release(sock);
	return ret;
}

/* A request with a zeroed fixed header of hdrlen bytes, or NULL. */
static void *iscsi_rtnl_msg(int type, int flags, size_t hdrlen,
			    struct sk_buff **skb, struct nlmsghdr **nlh)
{
	*skb = nlmsg_new(NLMSG_GOODSIZE, GFP_NOIO);
	if (!*skb)
		return NULL;
	*nlh = nlmsg_put(*skb, 0, 1, type, hdrlen,
			 NLM_F_REQUEST | NLM_F_ACK | flags);
	memset(nlmsg_data(*nlh), 0, hdrlen);
	return nlmsg_data(*nlh);
}

/* Send it unless building it failed (attributes did not fit). */
static int iscsi_rtnl_send(struct sk_buff *skb, struct nlmsghdr *nlh,
			   bool built)
{
	int ret = -EMSGSIZE;

	if (built) {
		nlmsg_end(skb, nlh);
		ret = iscsi_rtnl_talk(skb);
	}
	kfree_skb(skb);
	return ret;
}

static int iscsi_rtnl_vlan(struct net_device *lower, u16 vid,
			   const char *name)
{
	struct nlattr *info = NULL, *data = NULL;
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct sk_buff *skb;
	bool ok;

	ifi = iscsi_rtnl_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
			     sizeof(*ifi), &skb, &nlh);
	if (!ifi)
		return -ENOMEM;
	ifi->ifi_family = AF_UNSPEC;
	ok = !nla_put_u32(skb, IFLA_LINK, lower->ifindex) &&
	     !nla_put_string(skb, IFLA_IFNAME, name);
	if (ok)
		info = nla_nest_start(skb, IFLA_LINKINFO);
	if (info && !nla_put_string(skb, IFLA_INFO_KIND, "vlan"))
		data = nla_nest_start(skb, IFLA_INFO_DATA);
	ok = data && !nla_put_u16(skb, IFLA_VLAN_ID, vid);
	if (ok) {
		nla_nest_end(skb, data);
		nla_nest_end(skb, info);
	}
	return iscsi_rtnl_send(skb, nlh, ok);
}

static int iscsi_rtnl_addr(struct net_device *nd, const struct sanblk_addr *a,
			   u8 prefix)
{
	int alen = a->family == 4 ? 4 : 16;
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	struct sk_buff *skb;

	ifa = iscsi_rtnl_msg(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL,
			     sizeof(*ifa), &skb, &nlh);
	if (!ifa)
		return -ENOMEM;
	ifa->ifa_family = a->family == 4 ? AF_INET : AF_INET6;
	ifa->ifa_prefixlen = prefix;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = nd->ifindex;
	return iscsi_rtnl_send(skb, nlh,
			       !nla_put(skb, IFA_LOCAL, alen, a->addr) &&
			       !nla_put(skb, IFA_ADDRESS, alen, a->addr) &&
			       /* no duplicate address detection: the firmware had it */
			       (a->family == 4 ||
				!nla_put_u32(skb, IFA_FLAGS, IFA_F_NODAD)));
}

static int iscsi_rtnl_gateway(struct net_device *nd,
			      const struct sanblk_addr *gw)
{
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	struct rtmsg *rtm;

	rtm = iscsi_rtnl_msg(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL,
			     sizeof(*rtm), &skb, &nlh);
	if (!rtm)
		return -ENOMEM;
	rtm->rtm_family = gw->family == 4 ? AF_INET : AF_INET6;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	return iscsi_rtnl_send(skb, nlh,
			       !nla_put(skb, RTA_GATEWAY, gw->family == 4 ? 4 : 16,
					gw->addr) &&
			       !nla_put_u32(skb, RTA_OIF, nd->ifindex));
}

/* ---- the NIC before each login ---- */

/* Why the NIC is not found, with the Ethernet NICs there are. */
static void iscsi_nic_missing(struct iscsi_path *p, char *err, size_t errlen)
{
	const struct sanblk_target *t = &p->tgt;
	struct net_device *nd;
	int n, none;

	if (p->nic_mac_set)
		n = scnprintf(err, errlen, "no NIC has MAC %pM; NICs here:",
			      p->nic_mac);
	else
		n = scnprintf(err, errlen, "no NIC is called %s; NICs here:",
			      t->nic_name);
	none = n;
	for_each_netdev(&init_net, nd)
		if (nd->type == ARPHRD_ETHER && !is_vlan_dev(nd))
			n += scnprintf(err + n, errlen - n, " %s %pM", nd->name,
				       nd->perm_addr);
	if (n == none)
		scnprintf(err + n, errlen - n, " none (is its driver loaded?)");
}

static void iscsi_nic_up(struct iscsi_path *p, struct net_device *nd)
{
	int ret;

	if (nd->flags & IFF_UP)
		return;
	ret = dev_open(nd, NULL);
	if (ret)
		pr_warn("%s: iscsi: cannot bring %s up: %d\n", p->id->d->name,
			nd->name, ret);
	else
		pr_info("%s: iscsi: brought %s up\n", p->id->d->name, nd->name);
}

/*
 * The device the connections leave from, up: the NIC, or its VLAN device
 * (made when missing).  Returns it held, or NULL with err set.
 */
static struct net_device *iscsi_nic_dev(struct iscsi_path *p, char *err,
					size_t errlen)
{
	const struct sanblk_target *t = &p->tgt;
	struct net_device *nd, *vd = NULL;
	char name[IFNAMSIZ];
	int ret;

	rtnl_lock();
	nd = iscsi_nic_find(p);
	if (nd && t->vlan)
		vd = iscsi_vlan_find(nd, t->vlan);
	if (nd && t->vlan && !vd) {
		if (snprintf(name, sizeof(name), "%s.%u", nd->name, t->vlan) >=
		    sizeof(name))
			snprintf(name, sizeof(name), "sanvlan%u", t->vlan);
		dev_hold(nd);
		rtnl_unlock();
		ret = iscsi_rtnl_vlan(nd, t->vlan, name);
		dev_put(nd);
		if (ret && ret != -EEXIST) {
			snprintf(err, errlen, "cannot add VLAN %u on the NIC as %s: %d",
				 t->vlan, name, ret);
			return NULL;
		}
		pr_info("%s: iscsi: added %s, VLAN %u on the NIC\n",
			p->id->d->name, name, t->vlan);
		rtnl_lock();
		nd = iscsi_nic_find(p);
		vd = nd ? iscsi_vlan_find(nd, t->vlan) : NULL;
	}
	if (!nd) {
		iscsi_nic_missing(p, err, errlen);
		rtnl_unlock();
		return NULL;
	}
	if (t->vlan && !vd) {
		rtnl_unlock();
		snprintf(err, errlen, "the NIC %s has no VLAN %u device", nd->name,
			 t->vlan);
		return NULL;
	}
	/*
	 * A NIC taken down while another path carries the disk is the
	 * administrator's to bring back; the disk's only way is brought up.
	 */
	if (p->seen && sanblk_iscsi_any_up(p->id) &&
	    (!(nd->flags & IFF_UP) || (vd && !(vd->flags & IFF_UP)))) {
		snprintf(err, errlen,
			 "%s is down; another path carries the disk: left down",
			 vd && (nd->flags & IFF_UP) ? vd->name : nd->name);
		rtnl_unlock();
		return NULL;
	}
	iscsi_nic_up(p, nd);
	if (vd)
		iscsi_nic_up(p, vd);
	nd = vd ? vd : nd;
	dev_hold(nd);
	rtnl_unlock();
	return nd;
}

/*
 * Give nd the target's address (and gateway), unless it has one of the
 * family already, and fill p->src with the address to leave from.
 */
static int iscsi_nic_addr(struct iscsi_path *p, struct net_device *nd,
			  char *err, size_t errlen)
{
	const struct sanblk_target *t = &p->tgt;
	int family = p->portal.ss_family;
	char a[48];
	bool has;
	int ret;

	rtnl_lock();
	has = iscsi_dev_addr(nd, family, &p->src);
	rtnl_unlock();
	if (has) {
		/* said once, and not of the address sanblk gave it */
		if (t->ip.family && !p->nic_noted) {
			pr_info("%s: iscsi: %s has an address already (%pISc); sanblk leaves it as it is\n",
				p->id->d->name, nd->name, &p->src);
			p->nic_noted = true;
		}
		return 0;
	}
	if ((t->ip.family == 4 ? AF_INET : AF_INET6) != family || !t->ip.family) {
		snprintf(err, errlen,
			 "%s has no IPv%d address and none to give it (ip=, or the iBFT's)",
			 nd->name, family == AF_INET ? 4 : 6);
		return -EADDRNOTAVAIL;
	}
	sanblk_format_addr(&t->ip, a, sizeof(a));
	ret = iscsi_rtnl_addr(nd, &t->ip, t->prefix);
	if (ret && ret != -EEXIST) {
		snprintf(err, errlen, "cannot give %s the address %s/%u: %d",
			 nd->name, a, t->prefix, ret);
		return ret;
	}
	pr_info("%s: iscsi: gave %s the address %s/%u\n", p->id->d->name,
		nd->name, a, t->prefix);
	p->nic_noted = true;
	if (t->gw.family) {
		ret = iscsi_rtnl_gateway(nd, &t->gw);
		sanblk_format_addr(&t->gw, a, sizeof(a));
		if (!ret)
			pr_info("%s: iscsi: default route via %s on %s\n",
				p->id->d->name, a, nd->name);
		else if (ret == -EEXIST)
			pr_info("%s: iscsi: a default route exists; %s not added\n",
				p->id->d->name, a);
		else
			pr_warn("%s: iscsi: cannot add the default route via %s: %d\n",
				p->id->d->name, a, ret);
	}
	rtnl_lock();
	has = iscsi_dev_addr(nd, family, &p->src);
	rtnl_unlock();
	if (!has) {
		snprintf(err, errlen, "%s has no usable address yet", nd->name);
		return -EADDRNOTAVAIL;
	}
	return 0;
}

/*
 * Before each login: the NIC (by nic= or the firmware's MAC) found, up,
 * with an address, which the connections are then bound to.  Without a
 * NIC named, p->src stays empty and the routing table chooses.
 */
int sanblk_iscsi_nic_prepare(struct iscsi_path *p, char *err, size_t errlen)
{
	const struct sanblk_target *t = &p->tgt;
	struct net_device *nd;
	int ret;

	memset(&p->src, 0, sizeof(p->src));
	if (!t->has_nic_mac && !t->nic_name[0])
		return 0;
	if (t->has_nic_mac && !p->nic_mac_set) {
		ether_addr_copy(p->nic_mac, t->nic_mac);
		p->nic_mac_set = true;
	}
	nd = iscsi_nic_dev(p, err, errlen);
	if (!nd)
		return -ENXIO;	/* not -ENODEV: that is a LUN given up */
	ret = iscsi_nic_addr(p, nd, err, errlen);
	strscpy(p->nic, nd->name, sizeof(p->nic));
	dev_put(nd);
	return ret;
}
