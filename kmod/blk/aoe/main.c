// SPDX-License-Identifier: GPL-2.0-only
/*
 * The AoE transport: raw Ethernet frames (type 0x88a2) carrying ATA.
 * Receive dispatch, attach and detach, and the ops the core calls; see
 * aoe.h for how the parts fit.
 */
#include <linux/random.h>

#include "aoe.h"

static DEFINE_MUTEX(aoe_devs_mutex);
static LIST_HEAD(aoe_devs);

static struct aoe_dev *aoe_find(u16 shelf, u8 slot)
{
	struct aoe_dev *a;

	list_for_each_entry_rcu(a, &aoe_devs, node)
		if (a->shelf == shelf && a->slot == slot)
			return a;
	return NULL;
}

/*
 * Every AoE frame the stack receives.  ATA answers, the I/O path, are read
 * in place without allocating (the skb is neither changed nor
 * linearized); config answers, small and rare, are linearized.  Frames
 * that answers let go out are sent, and the requests they complete
 * ended, by the caller (q, done), under the RCU read lock it holds.
 *
 * Under memory pressure the stack drops frames in pfmemalloc skbs before
 * they get here (only IP, ARP and VLAN frames may use the reserves):
 * such an answer is lost like any other, and the frame is sent again.
 */
static int aoe_rcv_one(struct sk_buff *skb, struct net_device *nd,
		       struct sk_buff_head *q, struct list_head *done)
{
	u8 hbuf[SANBLK_AOE_HDR_LEN];
	struct sanblk_aoe_hdr h;
	struct aoe_dev *a;
	const u8 *hp;
	int n;

	/* only what was sent to this host, in the namespace of the disks */
	if (skb->pkt_type == PACKET_OTHERHOST || !net_eq(dev_net(nd), &init_net))
		goto drop;
	if (!is_valid_ether_addr(eth_hdr(skb)->h_source))
		goto drop;
	hp = skb_header_pointer(skb, 0, sizeof(hbuf), hbuf);
	if (!hp)
		goto drop;
	n = sanblk_aoe_get_hdr(hp, sizeof(hbuf), &h);
	if (n < 0 || !(h.flags & SANBLK_AOE_FL_RSP))
		goto drop;
	if (h.cmd == SANBLK_AOE_CMD_CFG) {
		skb = skb_share_check(skb, GFP_ATOMIC);
		if (!skb)
			return NET_RX_DROP;
		if (skb_linearize(skb))
			goto drop;
	} else if (h.cmd != SANBLK_AOE_CMD_ATA) {
		goto drop;
	}

	a = aoe_find(h.major, h.minor);
	if (a && h.cmd == SANBLK_AOE_CMD_CFG)
		sanblk_aoe_rx_cfg(a, nd, eth_hdr(skb)->h_source, &h, skb->data + n,
				  skb->len - n);
	else if (a)
		sanblk_aoe_rx_ata(a, nd, eth_hdr(skb)->h_source, &h, skb, n,
				  q, done);
	consume_skb(skb);
	return NET_RX_SUCCESS;
drop:
	kfree_skb(skb);
	return NET_RX_DROP;
}

static int aoe_rcv(struct sk_buff *skb, struct net_device *nd,
		   struct packet_type *pt, struct net_device *orig)
{
	struct sk_buff_head q;
	LIST_HEAD(done);
	int ret;

	__skb_queue_head_init(&q);
	rcu_read_lock();
	ret = aoe_rcv_one(skb, nd, &q, &done);
	sanblk_aoe_xmit(&q);
	rcu_read_unlock();
	sanblk_aoe_end_requests(&done);
	return ret;
}

/*
 * A batch of frames from one NIC (the stack hands over what a NAPI poll
 * gathered): every answer is handled before any new frame goes out, so
 * the NIC gets the frames they free back to back.
 */
static void aoe_rcv_list(struct list_head *head, struct packet_type *pt,
			 struct net_device *orig)
{
	struct sk_buff *skb, *next;
	struct sk_buff_head q;
	LIST_HEAD(done);

	__skb_queue_head_init(&q);
	rcu_read_lock();
	list_for_each_entry_safe(skb, next, head, list) {
		skb_list_del_init(skb);
		aoe_rcv_one(skb, skb->dev, &q, &done);
	}
	sanblk_aoe_xmit(&q);
	rcu_read_unlock();
	sanblk_aoe_end_requests(&done);
}

static struct packet_type aoe_pt = {
	.type = htons(ETH_P_AOE),
	.func = aoe_rcv,
	.list_func = aoe_rcv_list,
};

static int aoe_netdev_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct net_device *nd = netdev_notifier_info_to_dev(ptr);
	struct aoe_dev *a;

	mutex_lock(&aoe_devs_mutex);
	list_for_each_entry(a, &aoe_devs, node)
		sanblk_aoe_dev_netdev_event(a, nd, event);
	mutex_unlock(&aoe_devs_mutex);
	return NOTIFY_DONE;
}

static struct notifier_block aoe_netdev_nb = {
	.notifier_call = aoe_netdev_event,
};

static int aoe_attach(struct sanblk_dev *d)
{
	struct aoe_dev *a, *o;
	int i, ret = 0;

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->d = d;
	a->shelf = d->tgt.shelf;
	a->slot = d->tgt.slot;
	spin_lock_init(&a->lock);
	INIT_LIST_HEAD(&a->free);
	INIT_LIST_HEAD(&a->active);
	INIT_LIST_HEAD(&a->reqq);
	for (i = 0; i < AOE_NFRAMES; i++) {
		a->frames[i].port = -1;
		list_add_tail(&a->frames[i].node, &a->free);
	}
	a->nfree = AOE_NFRAMES;
	/* tags a host that sees none of our frames cannot guess */
	a->gen = get_random_u32() & (AOE_TAG_QUERY / AOE_NFRAMES - 1);
	a->disc_ms = AOE_DISC_MIN_MS;
	a->disc_start = jiffies;
	timer_setup(&a->timer, sanblk_aoe_timer_fn, 0);
	INIT_DELAYED_WORK(&a->disc_work, sanblk_aoe_disc_work);
	INIT_WORK(&a->up_work, sanblk_aoe_up_work);
	INIT_DELAYED_WORK(&a->grow_work, sanblk_aoe_grow_work);
	a->nic_mac_set = d->tgt.has_nic_mac;
	ether_addr_copy(a->nic_mac, d->tgt.nic_mac);
	strscpy(a->nic_name, d->tgt.nic_name, sizeof(a->nic_name));
	ret = sanblk_aoe_frames_alloc(a);
	if (ret) {
		kfree(a);
		return ret;
	}

	mutex_lock(&aoe_devs_mutex);
	list_for_each_entry(o, &aoe_devs, node) {
		if (o->shelf == a->shelf && o->slot == a->slot) {
			ret = -EEXIST;
			break;
		}
	}
	if (!ret) {
		/* whole now: sysfs and the receive path may see it */
		WRITE_ONCE(d->tp, a);
		list_add_tail_rcu(&a->node, &aoe_devs);
	}
	mutex_unlock(&aoe_devs_mutex);
	if (ret) {
		sanblk_aoe_frames_free(a);
		kfree(a);
		return ret;
	}
	queue_work(sanblk_wq, &a->up_work);
	queue_delayed_work(sanblk_wq, &a->disc_work, 0);
	return 0;
}

static void aoe_detach(struct sanblk_dev *d)
{
	struct aoe_dev *a = d->tp;
	struct aoe_frame *f, *tmp;

	mutex_lock(&aoe_devs_mutex);
	list_del_rcu(&a->node);
	mutex_unlock(&aoe_devs_mutex);
	synchronize_rcu();		/* no receive path sees it now */

	spin_lock_bh(&a->lock);
	a->stopping = true;
	a->identified = false;
	spin_unlock_bh(&a->lock);
	cancel_work_sync(&a->up_work);
	cancel_delayed_work_sync(&a->grow_work);
	cancel_delayed_work_sync(&a->disc_work);
	del_timer_sync(&a->timer);

	spin_lock_bh(&a->lock);
	list_for_each_entry_safe(f, tmp, &a->active, node) {
		WARN_ON_ONCE(f->rq);
		sanblk_aoe_frame_put(a, f);
	}
	spin_unlock_bh(&a->lock);
	sanblk_aoe_release_ports(a, NULL);
	sanblk_aoe_frames_free(a);
	d->tp = NULL;
	kfree(a);
}

static void aoe_resume(struct sanblk_dev *d)
{
	struct aoe_dev *a = d->tp;
	struct sk_buff_head q;
	LIST_HEAD(done);

	__skb_queue_head_init(&q);
	spin_lock_bh(&a->lock);
	a->identifying = false;
	if (!a->identified) {
		a->identified = true;
		sanblk_aoe_resend(a, true, -1, &q, &done);
	}
	/* a port that answered while the verdict was awaited */
	sanblk_aoe_verify_pending(a, &q);
	sanblk_aoe_unlock_xmit(a, &q);
	sanblk_aoe_end_requests(&done);
}

static struct sanblk_transport aoe_transport = {
	.name		= "aoe",
	.kind		= SANBLK_TRANSPORT_AOE,
	.cmd_size	= sizeof(struct aoe_pdu),
	.attr_group	= &sanblk_aoe_attr_group,
	.attach		= aoe_attach,
	.detach		= aoe_detach,
	.resume		= aoe_resume,
	.queue_rq	= sanblk_aoe_queue_rq,
	.cancel_rq	= sanblk_aoe_cancel_rq,
};

int sanblk_aoe_init(void)
{
	int ret;

	BUILD_BUG_ON(AOE_NFRAMES & (AOE_NFRAMES - 1));
	BUILD_BUG_ON(SANBLK_AOE_HDR_LEN + ETH_HLEN != 24);
	ret = register_netdevice_notifier(&aoe_netdev_nb);
	if (ret)
		return ret;
	dev_add_pack(&aoe_pt);
	ret = sanblk_register_transport(&aoe_transport);
	if (ret)
		goto err_remove_pack;
	return 0;

err_remove_pack:
	dev_remove_pack(&aoe_pt);
	unregister_netdevice_notifier(&aoe_netdev_nb);
	return ret;
}

void sanblk_aoe_exit(void)
{
	sanblk_unregister_transport(&aoe_transport);
	dev_remove_pack(&aoe_pt);
	unregister_netdevice_notifier(&aoe_netdev_nb);
}
