// SPDX-License-Identifier: GPL-2.0-only
/*
 * Frames: the per-disk pool of preallocated buffers, growing them for
 * jumbo MTUs, building a frame and putting a clone of it on the wire.
 */
#include "aoe.h"

struct sk_buff *sanblk_aoe_skb(struct net_device *nd, const u8 *dst,
			       unsigned int payload)
{
	unsigned int len = max_t(unsigned int, ETH_HLEN + payload, ETH_ZLEN);
	struct sk_buff *skb;
	struct ethhdr *eth;

	skb = alloc_skb(LL_RESERVED_SPACE(nd) + len + nd->needed_tailroom,
			GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_RESERVED_SPACE(nd));
	skb_reset_mac_header(skb);
	eth = skb_put_zero(skb, len);
	ether_addr_copy(eth->h_dest, dst);
	ether_addr_copy(eth->h_source, nd->dev_addr);
	eth->h_proto = htons(ETH_P_AOE);
	skb_set_network_header(skb, ETH_HLEN);
	skb->dev = nd;
	skb->protocol = htons(ETH_P_AOE);
	return skb;
}

/* Send what was built under the lock; called with rcu_read_lock held. */
void sanblk_aoe_xmit(struct sk_buff_head *q)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(q)))
		dev_queue_xmit(skb);
}

/* Drop a->lock and send q, keeping the ports' NICs alive meanwhile. */
void sanblk_aoe_unlock_xmit(struct aoe_dev *a, struct sk_buff_head *q)
	__releases(&a->lock)
{
	rcu_read_lock();
	spin_unlock_bh(&a->lock);
	sanblk_aoe_xmit(q);
	rcu_read_unlock();
}

struct aoe_frame *sanblk_aoe_frame_get(struct aoe_dev *a, bool reserve)
{
	struct aoe_frame *f;

	lockdep_assert_held(&a->lock);
	/* the last frame is kept for IDENTIFY */
	if (a->nfree <= (reserve ? 1 : 0))
		return NULL;
	f = list_first_entry(&a->free, struct aoe_frame, node);
	list_move_tail(&f->node, &a->active);
	a->nfree--;
	a->gen = (a->gen + 1) & (AOE_TAG_QUERY / AOE_NFRAMES - 1);
	f->tag = a->gen * AOE_NFRAMES + (u32)(f - a->frames);
	f->retries = 0;
	f->unsent = false;
	f->port = -1;
	f->rq = NULL;
	f->born = jiffies;
	return f;
}

void sanblk_aoe_frame_put(struct aoe_dev *a, struct aoe_frame *f)
{
	lockdep_assert_held(&a->lock);
	if (f->port >= 0)
		a->ports[f->port].nout--;
	f->port = -1;
	f->kind = AOE_F_FREE;
	f->rq = NULL;
	/*
	 * Last in the line: the next frame handed out is the one freed
	 * longest ago, whose clone the NIC driver has most likely freed by
	 * now, so that its buffer and companion clone are used again (see
	 * sanblk_aoe_frame_xmit()) instead of new ones allocated.
	 */
	list_move_tail(&f->node, &a->free);
	a->nfree++;
}

/*
 * A frame buffer with room for that many sectors of data.  It is a fast
 * clone (as TCP's): the clone that goes on the wire uses the companion
 * sk_buff allocated with it, so that sending allocates nothing.
 */
static struct sk_buff *aoe_frame_skb_alloc(unsigned int sectors, gfp_t gfp)
{
	unsigned int len = max_t(unsigned int, AOE_FRAME_HDRS +
				 sectors * SANBLK_SECTOR, ETH_ZLEN);
	struct sk_buff *skb = alloc_skb_fclone(AOE_HEADROOM + len, gfp);

	if (skb)
		skb_reserve(skb, AOE_HEADROOM);
	return skb;
}

/*
 * Build frame f for port pi in its own buffer and put a clone of it on q.
 * Nothing is allocated, unless the last copy of the frame still sits in a
 * driver's queue: then a fresh buffer, or a clone's head when the
 * companion is taken, from the emergency reserves if need be (this is
 * the writeback path of a root disk; cf. sk_set_memalloc()).  Without
 * memory the frame is marked
 * unsent and tried again on the next tick, without counting as a
 * retransmission.  Returns 0, or -ERANGE (bad LBA).
 */
int sanblk_aoe_frame_xmit(struct aoe_dev *a, struct aoe_frame *f, int pi,
			  struct sk_buff_head *q)
{
	const gfp_t gfp = GFP_ATOMIC | __GFP_MEMALLOC | __GFP_NOWARN;
	struct aoe_port *p = &a->ports[pi];
	struct sanblk_aoe_hdr h = {
		.ver = SANBLK_AOE_VERSION, .major = a->shelf, .minor = a->slot,
		.cmd = SANBLK_AOE_CMD_ATA, .tag = f->tag,
	};
	struct sanblk_aoe_ata ata;
	struct sk_buff *skb, *clone;
	unsigned int dlen = 0;
	struct ethhdr *eth;
	u8 *pl;

	lockdep_assert_held(&a->lock);
	switch (f->kind) {
	case AOE_F_RW:
		if (sanblk_aoe_ata_rw(&ata, f->write, a->lba48, f->lba,
				      f->nsect))
			return -ERANGE;
		if (f->write)
			dlen = f->nsect * SANBLK_SECTOR;
		break;
	case AOE_F_FLUSH:
		sanblk_aoe_ata_flush(&ata, a->flush_ext);
		break;
	default:
		sanblk_aoe_ata_identify(&ata);
		break;
	}

	if (f->port >= 0)
		a->ports[f->port].nout--;
	f->port = pi;
	p->nout++;
	if (!p->waiting) {
		p->waiting = true;
		p->waiting_since = jiffies;
	}
	f->sent = ktime_get();
	f->deadline = jiffies + sanblk_aoe_rto(p, f->retries);
	if (!timer_pending(&a->timer) && !a->stopping)
		mod_timer(&a->timer, jiffies + AOE_TICK);

	skb = f->skb;
	if (skb_cloned(skb)) {
		struct sk_buff *fresh = aoe_frame_skb_alloc(f->cap, gfp);

		if (!fresh)
			goto defer;
		consume_skb(skb);	/* the driver keeps the data alive */
		f->skb = fresh;
		skb = fresh;
	}
	skb_trim(skb, 0);
	eth = skb_put_zero(skb, max_t(unsigned int, AOE_FRAME_HDRS + dlen,
				      ETH_ZLEN));
	skb_reset_mac_header(skb);
	ether_addr_copy(eth->h_dest, p->mac);
	ether_addr_copy(eth->h_source, p->nd->dev_addr);
	eth->h_proto = htons(ETH_P_AOE);
	skb_set_network_header(skb, ETH_HLEN);
	skb->dev = p->nd;
	skb->protocol = htons(ETH_P_AOE);
	pl = skb->data + ETH_HLEN;
	sanblk_aoe_put_hdr(pl, SANBLK_AOE_HDR_LEN, &h);
	sanblk_aoe_put_ata(pl + SANBLK_AOE_HDR_LEN, SANBLK_AOE_ATA_LEN, &ata);
	if (dlen)
		sanblk_aoe_copy_rq(f->rq, f->off, skb, AOE_FRAME_HDRS, dlen, false);
	clone = skb_clone(skb, gfp);
	if (!clone)
		goto defer;
	__skb_queue_tail(q, clone);
	p->sent++;
	f->unsent = false;
	return 0;

defer:
	f->unsent = true;
	f->deadline = jiffies + AOE_TICK;
	pr_warn_ratelimited("%s: out of memory for a frame; sending it on the next tick\n",
			    aoe_name(a));
	return 0;
}

/* A port could carry spf sectors per frame: have the buffers grown. */
void sanblk_aoe_frames_want(struct aoe_dev *a, unsigned int spf)
{
	lockdep_assert_held(&a->lock);
	spf = min_t(unsigned int, spf, AOE_FRAME_SECTORS_MAX);
	if (spf <= a->frame_want || a->stopping)
		return;
	a->frame_want = spf;
	mod_delayed_work(sanblk_wq, &a->grow_work, 0);
}

/*
 * Give every free frame a buffer of a->frame_want sectors, allocated
 * with the lock dropped (GFP_NOIO: this may run while memory is being
 * reclaimed through this very disk).  Frames in use are done on a later
 * pass; until a frame is done it carries as many sectors as it can.
 */
void sanblk_aoe_grow_work(struct work_struct *work)
{
	struct aoe_dev *a = container_of(to_delayed_work(work),
					 struct aoe_dev, grow_work);
	unsigned int want, left = 0;
	int i;

	spin_lock_bh(&a->lock);
	want = a->frame_want;
	spin_unlock_bh(&a->lock);
	for (i = 0; i < AOE_NFRAMES; i++) {
		struct aoe_frame *f = &a->frames[i];
		struct sk_buff *skb, *old = NULL;
		bool need, busy;

		spin_lock_bh(&a->lock);
		need = f->cap < want;
		busy = f->kind != AOE_F_FREE;
		spin_unlock_bh(&a->lock);
		if (!need)
			continue;
		if (busy) {
			left++;
			continue;
		}
		skb = aoe_frame_skb_alloc(want, GFP_NOIO | __GFP_NOWARN);
		if (!skb) {
			left++;
			break;
		}
		spin_lock_bh(&a->lock);
		if (f->kind == AOE_F_FREE && f->cap < want) {
			old = f->skb;
			f->skb = skb;
			f->cap = want;
			skb = NULL;
		} else if (f->cap < want) {
			left++;
		}
		spin_unlock_bh(&a->lock);
		consume_skb(skb);
		consume_skb(old);	/* a driver may still hold a copy */
	}
	spin_lock_bh(&a->lock);
	if (!left && want == a->frame_want) {
		if (want > a->frame_cap)
			pr_info("%s: frames now carry up to %u sectors\n",
				aoe_name(a), want);
		a->frame_cap = want;
	} else if (!a->stopping) {
		queue_delayed_work(sanblk_wq, &a->grow_work, HZ / 10);
	}
	spin_unlock_bh(&a->lock);
}

/*
 * No port carries f's sectors any more (an MTU went down): cut f to what
 * a port does carry, and the rest into new frames, due at once (the
 * timer's walk reaches them: they are at the tail of a->active).
 * Returns that port, or -1 when there is none or not enough free frames
 * yet.  Every frame holds at least a->frame_cap sectors.
 */
int sanblk_aoe_split_frame(struct aoe_dev *a, struct aoe_frame *f, int old)
{
	struct aoe_pdu *pdu = sanblk_rq_tp(f->rq);
	unsigned int unit, pos, left;
	int pi;

	lockdep_assert_held(&a->lock);
	pi = sanblk_aoe_pick_port(a, 1, true, old);
	if (pi < 0)
		return -1;
	unit = min(a->ports[pi].spf, a->frame_cap);
	left = f->nsect - unit;
	if (a->nfree < DIV_ROUND_UP(left, unit) + 1)	/* 1: IDENTIFY's */
		return -1;
	f->nsect = unit;
	for (pos = unit; left; ) {
		struct aoe_frame *g = sanblk_aoe_frame_get(a, true);
		unsigned int n = min(unit, left);

		g->kind = AOE_F_RW;
		g->rq = f->rq;
		g->write = f->write;
		g->nsect = n;
		g->lba = f->lba + pos;
		g->off = f->off + pos * SANBLK_SECTOR;
		g->deadline = jiffies;
		g->unsent = true;	/* its first sending is no retry */
		pdu->nout++;
		pos += n;
		left -= n;
	}
	return pi;
}

void sanblk_aoe_frames_free(struct aoe_dev *a)
{
	int i;

	for (i = 0; i < AOE_NFRAMES; i++)
		consume_skb(a->frames[i].skb);
}

/*
 * Every frame gets its buffer now, so that a request in flight never
 * waits for an allocation (but for the clone's head, see
 * sanblk_aoe_frame_xmit()).
 */
int sanblk_aoe_frames_alloc(struct aoe_dev *a)
{
	unsigned int cap = sanblk_aoe_frame_cap(a);
	int i;

	for (i = 0; i < AOE_NFRAMES; i++) {
		struct aoe_frame *f = &a->frames[i];

		f->skb = aoe_frame_skb_alloc(cap, GFP_KERNEL);
		if (!f->skb) {
			sanblk_aoe_frames_free(a);
			return -ENOMEM;
		}
		f->cap = cap;
	}
	a->frame_cap = cap;
	a->frame_want = cap;
	return 0;
}
