// SPDX-License-Identifier: GPL-2.0-only
/*
 * The AoE transport: raw Ethernet frames (type 0x88a2) carrying ATA.
 *
 * A "port" is one (local NIC, target MAC) pair that answered a config
 * query; every port of a disk is used at once, each with its own RTT
 * estimate and congestion window.  A request is cut into frames of as
 * many sectors as the port's MTU and the target's sector count allow;
 * each frame has a tag (slot index + generation), is retransmitted on its
 * own timeout, and completes the request when the last one is answered.
 * A timeout halves the port's window (never below 1), since a target
 * answering late is mostly a busy one; only a port that has heard nothing
 * at all, with frames out, for several RTOs (4 s at least) is dead, and
 * the path is lost when no port is left.
 *
 * Discovery is event driven: a config query goes out when the disk is
 * attached, whenever an allowed NIC comes up and whenever the path is
 * lost, retried quickly (100 ms doubling to 2 s) until someone answers.
 * When the path is lost I/O waits; when it returns the disk is identified
 * again (same size and serial, checked by disk.c) and the frames in
 * flight are sent again.
 *
 * Locking: a->lock (BH) protects everything in struct aoe_dev.  Frames
 * are built under it and transmitted after it is dropped, inside an RCU
 * read section: a port's net_device is only released after
 * synchronize_net(), so it cannot go away between the two.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rculist.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/timer.h>

#include "aoe_wire.h"
#include "sanblk.h"

#define AOE_NFRAMES		256	/* frames in flight per disk */
#define AOE_TAG_IDX(tag)	((tag) & (AOE_NFRAMES - 1))
#define AOE_TAG_QUERY		0x80000000u
#define AOE_NPORTS		8
#define AOE_FRAMES_PER_RQ	32	/* request size = frame size x this */
#define AOE_RTO_INIT_US		200000
#define AOE_RTO_MIN_US		10000
#define AOE_RTO_MAX_US		2000000
#define AOE_BACKOFF_MAX		4	/* rto << retries, at most << 4 */
#define AOE_IDENT_TRIES		8
/*
 * A port is dead when it has been silent, with frames out, for this many
 * retransmission timeouts, bounded below and above: a busy target (vblade
 * serves one command at a time) answers late, which is congestion, not
 * a lost path.
 */
#define AOE_SILENCE_RTOS	8
#define AOE_SILENCE_MIN_MS	4000
#define AOE_SILENCE_MAX_MS	15000
#define AOE_DISC_MIN_MS		100
#define AOE_DISC_MAX_MS		2000
#define AOE_VERIFY_MS		5000	/* re-IDENTIFY a live disk this often */
#define AOE_NOANSWER_MS		5000	/* first queries unanswered: say so */
#define AOE_NIC_QUERIES		4	/* queries when a NIC comes up */
#define AOE_TICK		max_t(unsigned long, 1, HZ / 100)
/* Frame buffers: room for the largest link-layer header, and jumbo frames. */
#define AOE_HEADROOM		LL_MAX_HEADER
#define AOE_FRAME_HDRS		(ETH_HLEN + SANBLK_AOE_HDR_LEN + \
				 SANBLK_AOE_ATA_LEN)
#define AOE_FRAME_SECTORS_MAX	17	/* what an MTU of 9000 carries */

enum aoe_frame_kind {
	AOE_F_FREE,
	AOE_F_RW,
	AOE_F_FLUSH,
	AOE_F_IDENTIFY,
};

struct aoe_port {
	bool used;
	bool dying;			/* NIC unregistering: being released */
	bool up;			/* NIC running and port answering */
	struct net_device *nd;
	netdevice_tracker tracker;
	u8 mac[ETH_ALEN];		/* the target's */
	u16 bufcnt;
	u8 scnt;
	unsigned int spf;		/* sectors per frame */
	long srtt_us;			/* 0: no sample yet */
	long rttvar_us;
	unsigned int nout;		/* frames in flight on this port */
	u64 sent;			/* frames sent, retransmissions too */
	unsigned int cwnd, ssthresh, cwnd_acc, maxwin;
	/* a frame went out since the last answer: since when */
	bool waiting;
	unsigned long waiting_since;
	unsigned long cut_until;	/* one window cut per round trip */
};

struct aoe_frame {
	struct list_head node;		/* a->free or a->active */
	enum aoe_frame_kind kind;
	struct request *rq;		/* NULL for IDENTIFY */
	u32 tag;
	u32 off;			/* byte offset in rq */
	u16 nsect;
	bool write;
	u64 lba;
	ktime_t sent;
	struct sk_buff *skb;		/* preallocated: clones go on the wire */
	unsigned int cap;		/* sectors skb has room for */
	bool unsent;			/* built, but no memory to send it */
	unsigned long born;		/* jiffies of the first transmission */
	unsigned long deadline;		/* jiffies */
	unsigned int retries;
	int port;			/* -1: not on the wire */
};

/* Transport part of each request's pdu. */
struct aoe_pdu {
	struct list_head node;		/* a->reqq, then a local done list */
	u32 framed;			/* bytes handed to frames */
	bool queued;			/* on a->reqq */
	bool done;			/* completion decided */
	u16 nout;			/* frames in flight */
	blk_status_t status;
};

struct aoe_dev {
	struct sanblk_dev *d;
	struct list_head node;		/* aoe_devs, RCU */
	u16 shelf;
	u8 slot;

	spinlock_t lock;		/* everything below, BH */
	struct aoe_port ports[AOE_NPORTS];
	struct aoe_frame frames[AOE_NFRAMES];
	struct list_head free;
	struct list_head active;
	unsigned int nfree;
	u32 gen;
	struct list_head reqq;		/* requests with bytes not yet framed */
	unsigned int rr;		/* next port, round robin */
	bool identified;		/* accepted by the front end, path good */
	bool identifying;		/* IDENTIFY out or being judged */
	bool stopping;
	bool lba48;
	bool flush_ext;
	unsigned int disc_ms;
	/* first discovery: since when, how many queries, who was asked */
	bool answered;			/* a config answer came, ever */
	bool noanswer_said;
	unsigned int query_nics;	/* NIC up: query rounds, even if live */
	unsigned long disc_start;
	unsigned int queries;
	char asked[160];		/* NICs of the last query round */
	unsigned int frame_cap;		/* sectors per frame buffer */
	struct timer_list timer;
	struct delayed_work disc_work;
	struct work_struct up_work;
	struct delayed_work grow_work;
	unsigned int frame_want;	/* sectors the frame buffers should hold */

	bool nic_mac_set;		/* NIC chosen by MAC (or latched) */
	u8 nic_mac[ETH_ALEN];
	char nic_name[IFNAMSIZ];
	u8 id_buf[SANBLK_ATA_ID_LEN];
};

static DEFINE_MUTEX(aoe_devs_mutex);
static LIST_HEAD(aoe_devs);

#define aoe_name(a)	((a)->d->name)

/* Whether nothing is to be looked for any more: stopping or failed. */
static bool aoe_done(struct aoe_dev *a)
{
	enum sanblk_state s = sanblk_dev_state(a->d);

	return a->stopping || s == SANBLK_STATE_FAILED ||
	       s == SANBLK_STATE_DEAD;
}

/* ---- NICs ---- */

/* Whether nd may carry this disk's traffic.  Latches a NIC named by name. */
static bool aoe_nic_allowed(struct aoe_dev *a, struct net_device *nd)
{
	lockdep_assert_held(&a->lock);
	if (nd->type != ARPHRD_ETHER || (nd->flags & IFF_LOOPBACK) ||
	    !net_eq(dev_net(nd), &init_net))
		return false;
	/* masters and VLANs carry their lower NIC's MAC: never by MAC */
	if (a->nic_mac_set)
		return !netif_is_bridge_master(nd) &&
		       !netif_is_bond_master(nd) && !is_vlan_dev(nd) &&
		       (ether_addr_equal(nd->perm_addr, a->nic_mac) ||
			ether_addr_equal(nd->dev_addr, a->nic_mac));
	if (a->nic_name[0]) {
		if (strcmp(nd->name, a->nic_name))
			return false;
		/* from now on follow it by MAC, through renames */
		ether_addr_copy(a->nic_mac, is_zero_ether_addr(nd->perm_addr) ?
				nd->dev_addr : nd->perm_addr);
		a->nic_mac_set = true;
		return true;
	}
	return !netif_is_bridge_master(nd) && !netif_is_bond_master(nd) &&
	       !is_vlan_dev(nd);
}

static bool aoe_nic_usable(struct net_device *nd)
{
	return netif_running(nd) && netif_carrier_ok(nd);
}

static struct sk_buff *aoe_skb(struct net_device *nd, const u8 *dst,
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
static void aoe_xmit(struct sk_buff_head *q)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(q)))
		dev_queue_xmit(skb);
}

/* Drop a->lock and send q, keeping the ports' NICs alive meanwhile. */
static void aoe_unlock_xmit(struct aoe_dev *a, struct sk_buff_head *q)
	__releases(&a->lock)
{
	rcu_read_lock();
	spin_unlock_bh(&a->lock);
	aoe_xmit(q);
	rcu_read_unlock();
}

/* ---- ports ---- */

static unsigned long aoe_rto(struct aoe_port *p, unsigned int retries)
{
	long us = p->srtt_us ? p->srtt_us + 4 * p->rttvar_us : AOE_RTO_INIT_US;

	us = clamp_t(long, us, AOE_RTO_MIN_US, AOE_RTO_MAX_US);
	us <<= min_t(unsigned int, retries, AOE_BACKOFF_MAX);
	return usecs_to_jiffies(us) + 1;
}

static void aoe_rtt_sample(struct aoe_port *p, long us)
{
	long err;

	if (!p->srtt_us) {
		p->srtt_us = max(us, 1L);
		p->rttvar_us = us / 2;
		return;
	}
	err = us - p->srtt_us;
	p->srtt_us = max(p->srtt_us + err / 8, 1L);
	p->rttvar_us += (abs(err) - p->rttvar_us) / 4;
}

static bool aoe_port_ok(struct aoe_port *p)
{
	return p->used && !p->dying && p->up && aoe_nic_usable(p->nd);
}

/* A port with room for a new frame of at least nsect sectors. */
static int aoe_pick_port(struct aoe_dev *a, unsigned int nsect, bool retry,
			 int avoid)
{
	int i, pick = -1;

	lockdep_assert_held(&a->lock);
	for (i = 0; i < AOE_NPORTS; i++) {
		int pi = (a->rr + i) % AOE_NPORTS;
		struct aoe_port *p = &a->ports[pi];

		if (!aoe_port_ok(p) || p->spf < nsect)
			continue;
		if (!retry && p->nout >= p->cwnd)
			continue;
		if (pi == avoid && pick < 0) {
			pick = pi;	/* only if nothing else will do */
			continue;
		}
		pick = pi;
		break;
	}
	if (pick >= 0)
		a->rr = pick + 1;
	return pick;
}

static bool aoe_have_port(struct aoe_dev *a)
{
	int i;

	for (i = 0; i < AOE_NPORTS; i++)
		if (aoe_port_ok(&a->ports[i]))
			return true;
	return false;
}

static unsigned int aoe_min_spf(struct aoe_dev *a)
{
	unsigned int spf = 0;
	int i;

	for (i = 0; i < AOE_NPORTS; i++)
		if (aoe_port_ok(&a->ports[i]) &&
		    (!spf || a->ports[i].spf < spf))
			spf = a->ports[i].spf;
	return spf;
}

/*
 * Requests the disk should take at once: one per command the targets
 * buffer (their bufcnt) over the ports that answered, so that every
 * request can have a frame out at once while the windows (at most bufcnt
 * frames per port) are open, and never more than there are frames for
 * (one is IDENTIFY's).
 */
static unsigned int aoe_queue_depth(struct aoe_dev *a)
{
	unsigned int n = 0;
	int i;

	for (i = 0; i < AOE_NPORTS; i++)
		if (aoe_port_ok(&a->ports[i]))
			n += a->ports[i].maxwin;
	return min_t(unsigned int, n, AOE_NFRAMES - 1);
}

static void aoe_kick_discovery(struct aoe_dev *a)
{
	lockdep_assert_held(&a->lock);
	if (aoe_done(a))
		return;
	a->disc_ms = AOE_DISC_MIN_MS;
	mod_delayed_work(sanblk_wq, &a->disc_work, 0);
}

static void aoe_path_lost(struct aoe_dev *a, const char *why)
{
	lockdep_assert_held(&a->lock);
	if (!a->identified)
		return;
	a->identified = false;
	sanblk_dev_path_lost(a->d, why);
	aoe_kick_discovery(a);
}

/* ---- frames ---- */

static struct aoe_frame *aoe_frame_get(struct aoe_dev *a, bool reserve)
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

static void aoe_frame_put(struct aoe_dev *a, struct aoe_frame *f)
{
	lockdep_assert_held(&a->lock);
	if (f->port >= 0)
		a->ports[f->port].nout--;
	f->port = -1;
	f->kind = AOE_F_FREE;
	f->rq = NULL;
	list_move(&f->node, &a->free);
	a->nfree++;
}

/*
 * Copy len bytes between rq's data at byte offset off and skb's at skboff:
 * into rq (a READ answer, any skb layout) or out of it (a WRITE, into
 * our own linear frame buffer).
 */
static void aoe_copy_rq(struct request *rq, u32 off, struct sk_buff *skb,
			int skboff, u32 len, bool to_rq)
{
	struct req_iterator iter;
	struct bio_vec bv;
	u32 pos = 0;

	rq_for_each_segment(bv, rq, iter) {
		u32 s = pos, e = pos + bv.bv_len, skip;
		struct bio_vec part;
		int at;

		pos = e;
		if (e <= off)
			continue;
		if (s >= off + len)
			break;
		skip = off > s ? off - s : 0;
		part = bv;
		part.bv_offset += skip;
		part.bv_len = min(e, off + len) - (s + skip);
		at = skboff + (s + skip - off);
		if (to_rq) {
			void *p = bvec_kmap_local(&part);

			/* the length was checked against skb->len */
			WARN_ON_ONCE(skb_copy_bits(skb, at, p, part.bv_len));
			flush_dcache_page(part.bv_page);
			kunmap_local(p);
		} else {
			memcpy_from_bvec(skb->data + at, &part);
		}
	}
}

/* A frame buffer with room for that many sectors of data. */
static struct sk_buff *aoe_frame_skb_alloc(unsigned int sectors, gfp_t gfp)
{
	unsigned int len = max_t(unsigned int, AOE_FRAME_HDRS +
				 sectors * SANBLK_SECTOR, ETH_ZLEN);
	struct sk_buff *skb = alloc_skb(AOE_HEADROOM + len, gfp);

	if (skb)
		skb_reserve(skb, AOE_HEADROOM);
	return skb;
}

/*
 * Build frame f for port pi in its own buffer and put a clone of it on q.
 * Nothing is allocated but the clone's sk_buff head, from the emergency
 * reserves if need be (this is the writeback path of a root disk; cf.
 * sk_set_memalloc()), and, when the last copy of the frame still sits in
 * a driver's queue, a fresh buffer.  Without memory the frame is marked
 * unsent and tried again on the next tick, without counting as a
 * retransmission.  Returns 0, or -ERANGE (bad LBA).
 */
static int aoe_frame_xmit(struct aoe_dev *a, struct aoe_frame *f, int pi,
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
	f->deadline = jiffies + aoe_rto(p, f->retries);
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
		aoe_copy_rq(f->rq, f->off, skb, AOE_FRAME_HDRS, dlen, false);
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

static void aoe_rq_decide(struct aoe_pdu *pdu, struct list_head *done)
{
	if (!pdu->nout && !pdu->queued && !pdu->done) {
		pdu->done = true;
		list_add_tail(&pdu->node, done);
	}
}

/* Free every frame of rq and take it off the queue. */
static void aoe_rq_unlink(struct aoe_dev *a, struct request *rq)
{
	struct aoe_pdu *pdu = sanblk_rq_tp(rq);
	struct aoe_frame *f, *tmp;

	lockdep_assert_held(&a->lock);
	list_for_each_entry_safe(f, tmp, &a->active, node) {
		if (f->rq == rq) {
			aoe_frame_put(a, f);
			pdu->nout--;
		}
	}
	if (pdu->queued) {
		list_del(&pdu->node);
		pdu->queued = false;
	}
}

/* Give up on every frame of rq and settle it with status st. */
static void aoe_rq_fail(struct aoe_dev *a, struct request *rq,
			blk_status_t st, struct list_head *done)
{
	struct aoe_pdu *pdu = sanblk_rq_tp(rq);

	aoe_rq_unlink(a, rq);
	if (!pdu->status)
		pdu->status = st;
	aoe_rq_decide(pdu, done);
}

/* Frame f was answered (or abandoned) with status st. */
static void aoe_frame_done(struct aoe_dev *a, struct aoe_frame *f,
			   blk_status_t st, struct list_head *done)
{
	struct request *rq = f->rq;
	struct aoe_pdu *pdu;

	aoe_frame_put(a, f);
	if (!rq)
		return;
	pdu = sanblk_rq_tp(rq);
	pdu->nout--;
	if (st) {
		atomic64_inc(&a->d->errors);
		aoe_rq_fail(a, rq, st, done);
		return;
	}
	aoe_rq_decide(pdu, done);
}

static void aoe_end_requests(struct list_head *done)
{
	struct aoe_pdu *pdu, *tmp;

	list_for_each_entry_safe(pdu, tmp, done, node) {
		list_del(&pdu->node);
		blk_mq_end_request(sanblk_tp_rq(pdu), pdu->status);
	}
}

/* Cut queued requests into frames while windows and frames allow. */
static void aoe_pump(struct aoe_dev *a, struct sk_buff_head *q,
		     struct list_head *done)
{
	lockdep_assert_held(&a->lock);
	if (!a->identified)
		return;
	while (!list_empty(&a->reqq)) {
		struct aoe_pdu *pdu = list_first_entry(&a->reqq,
						       struct aoe_pdu, node);
		struct request *rq = sanblk_tp_rq(pdu);
		struct aoe_frame *f;
		int pi;

		pi = aoe_pick_port(a, 1, false, -1);
		if (pi < 0)
			return;
		f = aoe_frame_get(a, true);
		if (!f)
			return;
		f->rq = rq;
		if (req_op(rq) == REQ_OP_FLUSH) {
			f->kind = AOE_F_FLUSH;
			f->nsect = 0;
		} else {
			u32 left = blk_rq_bytes(rq) - pdu->framed;

			f->kind = AOE_F_RW;
			f->write = req_op(rq) == REQ_OP_WRITE;
			f->nsect = min3(a->ports[pi].spf, f->cap,
					left / SANBLK_SECTOR);
			f->off = pdu->framed;
			f->lba = blk_rq_pos(rq) + pdu->framed / SANBLK_SECTOR;
			pdu->framed += f->nsect * SANBLK_SECTOR;
		}
		pdu->nout++;
		if (req_op(rq) == REQ_OP_FLUSH ||
		    pdu->framed >= blk_rq_bytes(rq)) {
			list_del(&pdu->node);
			pdu->queued = false;
		}
		if (aoe_frame_xmit(a, f, pi, q)) {
			pr_err_ratelimited("%s: sector %llu beyond LBA%s addressing\n",
					   aoe_name(a), f->lba,
					   a->lba48 ? "48" : "28");
			aoe_frame_done(a, f, BLK_STS_IOERR, done);
		}
	}
}

/*
 * Send the frames that wait for a path, then new work.  When the path
 * itself returns (all) that is every frame; when a port answers, the
 * frames that had no usable port, or that sat on port revived (-1: none)
 * while it was down.  A frame out on a live port is left to its timer:
 * sending it again would only put a duplicate of it on the wire.
 */
static void aoe_resend(struct aoe_dev *a, bool all, int revived,
		       struct sk_buff_head *q, struct list_head *done)
{
	struct aoe_frame *f, *tmp;

	lockdep_assert_held(&a->lock);
	list_for_each_entry_safe(f, tmp, &a->active, node) {
		int pi;

		if (f->kind == AOE_F_IDENTIFY)
			continue;
		if (!all && f->port >= 0 && f->port != revived &&
		    aoe_port_ok(&a->ports[f->port]))
			continue;
		pi = aoe_pick_port(a, f->nsect, true, -1);
		if (pi < 0)
			break;
		if (aoe_frame_xmit(a, f, pi, q)) {
			/* frees other frames of the request: stop walking */
			aoe_frame_done(a, f, BLK_STS_IOERR, done);
			break;
		}
	}
	aoe_pump(a, q, done);
}

/* ---- bigger frames (jumbo MTU) ---- */

/* A port could carry spf sectors per frame: have the buffers grown. */
static void aoe_frames_want(struct aoe_dev *a, unsigned int spf)
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
static void aoe_grow_work(struct work_struct *work)
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

/* ---- discovery ---- */

/*
 * A config query on every allowed, usable NIC.  Notes in a->asked which
 * NICs that was (for the "no answer" message).
 */
static void aoe_send_queries(struct aoe_dev *a)
{
	struct sanblk_aoe_hdr h = {
		.ver = SANBLK_AOE_VERSION, .major = a->shelf, .minor = a->slot,
		.cmd = SANBLK_AOE_CMD_CFG, .tag = AOE_TAG_QUERY,
	};
	struct sanblk_aoe_cfg c = { .ccmd = SANBLK_AOE_CCMD_READ };
	char asked[sizeof(a->asked)];
	struct sk_buff_head q;
	struct net_device *nd;
	unsigned int n = 0;
	int len = 0;

	__skb_queue_head_init(&q);
	rcu_read_lock();
	spin_lock_bh(&a->lock);
	for_each_netdev_rcu(&init_net, nd) {
		struct sk_buff *skb;
		u8 *pl;

		if (!aoe_nic_allowed(a, nd) || !aoe_nic_usable(nd))
			continue;
		skb = aoe_skb(nd, nd->broadcast, SANBLK_AOE_HDR_LEN +
			      SANBLK_AOE_CFG_LEN);
		if (!skb)
			continue;
		pl = skb->data + ETH_HLEN;
		sanblk_aoe_put_hdr(pl, SANBLK_AOE_HDR_LEN, &h);
		sanblk_aoe_put_cfg(pl + SANBLK_AOE_HDR_LEN, SANBLK_AOE_CFG_LEN,
				   &c);
		__skb_queue_tail(&q, skb);
		len += scnprintf(asked + len, sizeof(asked) - len,
				 "%s%s (%pM)", n ? ", " : "", nd->name,
				 nd->dev_addr);
		n++;
	}
	if (n) {
		a->queries++;
		strscpy(a->asked, asked, sizeof(a->asked));
	}
	spin_unlock_bh(&a->lock);
	aoe_xmit(&q);
	rcu_read_unlock();
}

/* Why no NIC could be asked: each interface and what is wrong with it. */
static void aoe_describe_nics(struct aoe_dev *a, char *buf, size_t size)
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
		if (!aoe_nic_allowed(a, nd))
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
 * The first discovery has gone unanswered for AOE_NOANSWER_MS: say who
 * was asked and tell the core (noanswer); the disk keeps listening until
 * its timeout=, which the core keeps.  Called from disc_work only.
 */
static void aoe_check_answer(struct aoe_dev *a)
{
	unsigned long since = jiffies - a->disc_start;
	unsigned int t = READ_ONCE(a->d->timeout);
	char nics[192], after[48] = "";
	unsigned int queries;
	bool say;

	spin_lock_bh(&a->lock);
	say = !a->answered && !a->noanswer_said &&
	      since >= msecs_to_jiffies(AOE_NOANSWER_MS);
	if (say)
		a->noanswer_said = true;
	queries = a->queries;
	strscpy(nics, a->asked, sizeof(nics));
	spin_unlock_bh(&a->lock);
	if (!say)
		return;

	if (t)
		snprintf(after, sizeof(after), ", gives up after %u s", t);
	if (queries) {
		pr_warn("%s: no AoE target e%u.%u answered on %s after %u config queries in %u s; still listening%s\n",
			aoe_name(a), a->shelf, a->slot, nics, queries,
			jiffies_to_msecs(since) / 1000, after);
	} else {
		aoe_describe_nics(a, nics, sizeof(nics));
		pr_warn("%s: no usable NIC to look for AoE target e%u.%u on (NICs: %s); still listening%s\n",
			aoe_name(a), a->shelf, a->slot, nics, after);
	}
	sanblk_dev_noanswer(a->d);
}

static void aoe_send_identify(struct aoe_dev *a, int pi,
			      struct sk_buff_head *q)
{
	struct aoe_frame *f = aoe_frame_get(a, false);

	if (!f)
		return;
	f->kind = AOE_F_IDENTIFY;
	f->nsect = 1;
	a->identifying = true;
	aoe_frame_xmit(a, f, pi, q);
}

/*
 * While the disk is not identified: config queries, ever slower.  Once
 * it is: IDENTIFY every AOE_VERIFY_MS, so that a target replaced behind
 * the same address (restarted with another image) is noticed even when
 * no path was lost, and queries while a port is down, to revive it.
 */
static void aoe_disc_work(struct work_struct *work)
{
	struct aoe_dev *a = container_of(to_delayed_work(work),
					 struct aoe_dev, disc_work);
	bool query = true, revive = false;
	struct sk_buff_head q;
	unsigned long djif;
	unsigned int delay;
	int i, pi;

	__skb_queue_head_init(&q);
	spin_lock_bh(&a->lock);
	if (a->identified) {
		for (i = 0; i < AOE_NPORTS; i++)
			if (a->ports[i].used && !a->ports[i].dying &&
			    !a->ports[i].up)
				revive = true;
		/* a NIC that came up may lead to another path */
		query = revive || a->query_nics;
		if (a->query_nics)
			a->query_nics--;
		pi = aoe_pick_port(a, 1, true, -1);
		if (!a->identifying && pi >= 0)
			aoe_send_identify(a, pi, &q);
	}
	aoe_unlock_xmit(a, &q);

	if (query)
		aoe_send_queries(a);
	aoe_check_answer(a);
	spin_lock_bh(&a->lock);
	if (!aoe_done(a)) {
		if (a->identified && !revive && !a->query_nics) {
			delay = AOE_VERIFY_MS;
		} else {
			delay = a->disc_ms;
			a->disc_ms = min(a->disc_ms * 2, AOE_DISC_MAX_MS);
		}
		djif = msecs_to_jiffies(delay);
		/* be on time to say that nobody answered */
		if (!a->answered && !a->noanswer_said) {
			unsigned long due = a->disc_start +
				msecs_to_jiffies(AOE_NOANSWER_MS);

			if (time_after(jiffies + djif, due))
				djif = time_after(due, jiffies) ? due - jiffies : 0;
		}
		queue_delayed_work(sanblk_wq, &a->disc_work, djif);
	}
	spin_unlock_bh(&a->lock);
}

/*
 * Bring the disk's NICs up: at attach, and when one (re)appears, e.g.
 * after a driver rebind.  An initramfs then needs nothing but modprobe.
 * A NIC an administrator takes down later stays down.
 */
static void aoe_up_work(struct work_struct *work)
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
		allowed = aoe_nic_allowed(a, nd) && !a->stopping;
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

/* ---- receive ---- */

static int aoe_port_find(struct aoe_dev *a, struct net_device *nd,
			 const u8 *mac)
{
	int i;

	for (i = 0; i < AOE_NPORTS; i++) {
		struct aoe_port *p = &a->ports[i];

		if (p->used && !p->dying && ether_addr_equal(p->mac, mac) &&
		    (p->nd == nd ||
		     netdev_master_upper_dev_get_rcu(p->nd) == nd))
			return i;
	}
	return -1;
}

/*
 * The NIC a frame came in on.  A NIC enslaved to a bridge or bond hands
 * its frames to the master, so a frame seen on a master belongs to the
 * allowed NIC below it.
 */
static struct net_device *aoe_rx_nic(struct aoe_dev *a,
				     struct net_device *nd)
{
	struct net_device *lower;

	if (aoe_nic_allowed(a, nd))
		return nd;
	if (!netif_is_bridge_master(nd) && !netif_is_bond_master(nd))
		return NULL;
	for_each_netdev_rcu(dev_net(nd), lower)
		if (netdev_master_upper_dev_get_rcu(lower) == nd &&
		    aoe_nic_allowed(a, lower))
			return lower;
	return NULL;
}

static void aoe_rx_cfg(struct aoe_dev *a, struct net_device *nd,
		       const u8 *src, const struct sanblk_aoe_hdr *h,
		       const u8 *buf, unsigned int len)
{
	struct sanblk_aoe_cfg c;
	struct sk_buff_head q;
	struct aoe_port *p;
	LIST_HEAD(done);
	bool was_up;
	int pi, i;

	if (sanblk_aoe_get_cfg(buf, len, &c) < 0)
		return;
	if (h->flags & SANBLK_AOE_FL_ERR) {
		pr_err_ratelimited("%s: e%u.%u at %pM: config query refused: %s\n",
				   aoe_name(a), a->shelf, a->slot, src,
				   sanblk_aoe_error_name(h->error));
		return;
	}
	__skb_queue_head_init(&q);
	spin_lock_bh(&a->lock);
	nd = aoe_rx_nic(a, nd);
	/* a NIC being unregistered is no longer running: never held here */
	if (!nd || !aoe_nic_usable(nd) || aoe_done(a))
		goto out_unlock;
	a->answered = true;
	pi = aoe_port_find(a, nd, src);
	if (pi < 0) {
		for (i = 0; i < AOE_NPORTS && a->ports[i].used; i++)
			;
		if (i == AOE_NPORTS) {
			pr_warn_ratelimited("%s: more than %d paths; ignoring %pM on %s\n",
					    aoe_name(a), AOE_NPORTS, src,
					    nd->name);
			goto out_unlock;
		}
		pi = i;
		p = &a->ports[pi];
		memset(p, 0, sizeof(*p));
		p->used = true;
		p->nd = nd;
		netdev_hold(nd, &p->tracker, GFP_ATOMIC);
		ether_addr_copy(p->mac, src);
		p->cwnd = 1;
		pr_info("%s: e%u.%u at %pM via %s (buffers %u, firmware %#x, %u sectors/command)\n",
			aoe_name(a), a->shelf, a->slot, src, nd->name,
			c.bufcnt, c.fwver, c.scnt);
	}
	p = &a->ports[pi];
	p->bufcnt = c.bufcnt;
	p->scnt = c.scnt;
	p->maxwin = max_t(unsigned int, c.bufcnt, 1);
	p->ssthresh = p->maxwin;
	p->cwnd = clamp(p->cwnd, 1U, p->maxwin);
	p->spf = sanblk_aoe_frame_sectors(p->nd->mtu, c.scnt);
	aoe_frames_want(a, p->spf);
	if (!p->spf) {
		pr_warn_ratelimited("%s: MTU %u of %s too small for a sector\n",
				    aoe_name(a), p->nd->mtu, p->nd->name);
		goto out_unlock;
	}
	was_up = p->up;
	p->up = true;
	p->waiting = false;
	if (!a->identified && !a->identifying)
		aoe_send_identify(a, pi, &q);
	else if (a->identified)
		aoe_resend(a, false, was_up ? -1 : pi, &q, &done);
out_unlock:
	aoe_unlock_xmit(a, &q);
	aoe_end_requests(&done);
}

static void aoe_identified(struct aoe_dev *a, const u8 *buf,
			   unsigned int len)
{
	struct sanblk_disk_info info = { };
	struct sanblk_ata_id id;
	int ret;

	lockdep_assert_held(&a->lock);
	ret = sanblk_ata_identify_parse(buf, len, &id);
	if (ret) {
		pr_err_ratelimited("%s: e%u.%u: unusable IDENTIFY data (%s)\n",
				   aoe_name(a), a->shelf, a->slot,
				   ret == -ENODEV ? "no LBA" : "short");
		a->identifying = false;
		return;
	}
	a->lba48 = id.lba48;
	a->flush_ext = id.flush_ext;
	info.sectors = id.sectors;
	info.logical_block_size = SANBLK_SECTOR;
	info.nr_hw_queues = 1;
	info.max_sectors = clamp(aoe_min_spf(a) * AOE_FRAMES_PER_RQ, 8U,
				 1024U);
	info.queue_depth = aoe_queue_depth(a);
	/* a target that can flush is treated as having a volatile cache */
	info.write_cache = id.write_cache || id.flush || id.flush_ext;
	strscpy(info.serial, id.serial, sizeof(info.serial));
	/* what makes the disk this disk: its serial */
	strscpy(info.id, id.serial, sizeof(info.id));
	strscpy(info.model, id.model, sizeof(info.model));
	strscpy(info.firmware, id.firmware, sizeof(info.firmware));
	if (!id.lba48)
		pr_info("%s: no LBA48: using 28-bit addressing\n", aoe_name(a));
	sanblk_dev_identified(a->d, &info);
}

/*
 * An ATA answer: the AoE header was decoded, the ATA part starts at off.
 * skb is read where it lies (skb_header_pointer(), skb_copy_bits()):
 * nothing is allocated on the way from the wire to the request.
 */
static void aoe_rx_ata(struct aoe_dev *a, struct net_device *nd,
		       const u8 *src, const struct sanblk_aoe_hdr *h,
		       struct sk_buff *skb, unsigned int off)
{
	u8 abuf[SANBLK_AOE_ATA_LEN];
	struct sanblk_aoe_ata ata;
	unsigned int len;
	const u8 *hp;
	blk_status_t st = BLK_STS_OK;
	struct sk_buff_head q;
	struct aoe_frame *f;
	struct aoe_port *p;
	LIST_HEAD(done);
	char why[96];
	int n, pi;

	if (h->tag & AOE_TAG_QUERY)
		return;
	__skb_queue_head_init(&q);
	spin_lock_bh(&a->lock);
	/* any answer, even a late one, shows the port is alive */
	nd = aoe_rx_nic(a, nd);
	pi = nd ? aoe_port_find(a, nd, src) : -1;
	if (pi >= 0)
		a->ports[pi].waiting = false;
	f = &a->frames[AOE_TAG_IDX(h->tag)];
	if (f->kind == AOE_F_FREE || f->tag != h->tag)
		goto out_unlock;	/* late duplicate */

	if (f->port >= 0) {
		p = &a->ports[f->port];
		if (!f->retries && f->port == pi)
			aoe_rtt_sample(p, ktime_us_delta(ktime_get(), f->sent));
		if (p->cwnd < p->maxwin) {
			if (p->cwnd < p->ssthresh) {
				p->cwnd++;
			} else if (++p->cwnd_acc >= p->cwnd) {
				p->cwnd++;
				p->cwnd_acc = 0;
			}
		}
	}

	if (h->flags & SANBLK_AOE_FL_ERR) {
		pr_err_ratelimited("%s: e%u.%u at %pM: AoE error %u: %s (sector %llu)\n",
				   aoe_name(a), a->shelf, a->slot, src,
				   h->error, sanblk_aoe_error_name(h->error),
				   f->lba);
		st = BLK_STS_IOERR;
		goto out_done;
	}
	hp = skb_header_pointer(skb, off, sizeof(abuf), abuf);
	n = hp ? sanblk_aoe_get_ata(hp, sizeof(abuf), &ata) : -EMSGSIZE;
	if (n < 0) {
		st = BLK_STS_IOERR;
		snprintf(why, sizeof(why), "truncated response");
		goto out_err;
	}
	if (sanblk_ata_failed(ata.cmd)) {
		st = BLK_STS_IOERR;
		sanblk_ata_status_format(ata.cmd, ata.feature, why,
					 sizeof(why));
		goto out_err;
	}
	off += n;
	len = skb->len - off;
	if (f->kind == AOE_F_IDENTIFY) {
		len = min_t(unsigned int, len, sizeof(a->id_buf));
		if (skb_copy_bits(skb, off, a->id_buf, len))
			len = 0;
		aoe_identified(a, a->id_buf, len);
	} else if (f->kind == AOE_F_RW && !f->write) {
		u32 want = f->nsect * SANBLK_SECTOR;

		if (len < want) {
			st = BLK_STS_IOERR;
			snprintf(why, sizeof(why), "read answer of %u bytes, %u expected",
				 len, want);
			goto out_err;
		}
		aoe_copy_rq(f->rq, f->off, skb, off, want, true);
	}
	goto out_done;

out_err:
	pr_err_ratelimited("%s: e%u.%u: %s failed at sector %llu: %s\n",
			   aoe_name(a), a->shelf, a->slot,
			   f->kind == AOE_F_IDENTIFY ? "IDENTIFY" :
			   f->kind == AOE_F_FLUSH ? "FLUSH CACHE" :
			   f->write ? "WRITE" : "READ", f->lba, why);
out_done:
	if (st && f->kind == AOE_F_IDENTIFY)
		a->identifying = false;
	aoe_frame_done(a, f, st, &done);
	aoe_pump(a, &q, &done);
out_unlock:
	aoe_unlock_xmit(a, &q);
	aoe_end_requests(&done);
}

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
 * linearized); config answers, small and rare, are linearized.
 *
 * Under memory pressure the stack drops frames in pfmemalloc skbs before
 * they get here (only IP, ARP and VLAN frames may use the reserves):
 * such an answer is lost like any other, and the frame is sent again.
 */
static int aoe_rcv(struct sk_buff *skb, struct net_device *nd,
		   struct packet_type *pt, struct net_device *orig)
{
	u8 hbuf[SANBLK_AOE_HDR_LEN];
	struct sanblk_aoe_hdr h;
	struct aoe_dev *a;
	const u8 *hp;
	int n;

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

	rcu_read_lock();
	a = aoe_find(h.major, h.minor);
	if (a && h.cmd == SANBLK_AOE_CMD_CFG)
		aoe_rx_cfg(a, nd, eth_hdr(skb)->h_source, &h, skb->data + n,
			   skb->len - n);
	else if (a)
		aoe_rx_ata(a, nd, eth_hdr(skb)->h_source, &h, skb, n);
	rcu_read_unlock();
	consume_skb(skb);
	return NET_RX_SUCCESS;
drop:
	kfree_skb(skb);
	return NET_RX_DROP;
}

static struct packet_type aoe_pt = {
	.type = htons(ETH_P_AOE),
	.func = aoe_rcv,
};

/* ---- retransmission ---- */

/*
 * No port carries f's sectors any more (an MTU went down): cut f to what
 * a port does carry, and the rest into new frames, due at once (the
 * timer's walk reaches them: they are at the tail of a->active).
 * Returns that port, or -1 when there is none or not enough free frames
 * yet.  Every frame holds at least a->frame_cap sectors.
 */
static int aoe_split_frame(struct aoe_dev *a, struct aoe_frame *f, int old)
{
	struct aoe_pdu *pdu = sanblk_rq_tp(f->rq);
	unsigned int unit, pos, left;
	int pi;

	lockdep_assert_held(&a->lock);
	pi = aoe_pick_port(a, 1, true, old);
	if (pi < 0)
		return -1;
	unit = min(a->ports[pi].spf, a->frame_cap);
	left = f->nsect - unit;
	if (a->nfree < DIV_ROUND_UP(left, unit) + 1)	/* 1: IDENTIFY's */
		return -1;
	f->nsect = unit;
	for (pos = unit; left; ) {
		struct aoe_frame *g = aoe_frame_get(a, true);
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

/* How long port p may be silent, with frames out, before it is dead. */
static unsigned long aoe_silence_limit(struct aoe_port *p)
{
	long us = p->srtt_us ? p->srtt_us + 4 * p->rttvar_us : AOE_RTO_INIT_US;

	us = clamp_t(long, us * AOE_SILENCE_RTOS, AOE_SILENCE_MIN_MS * 1000L,
		     AOE_SILENCE_MAX_MS * 1000L);
	return usecs_to_jiffies(us);
}

/*
 * Declare dead every port that has heard nothing from its target for its
 * silence limit since a frame went out to it (frames that moved to other
 * ports meanwhile count: a silent port keeps getting new ones); its
 * frames move to other ports at once.  Returns how many died.
 */
static int aoe_check_ports(struct aoe_dev *a, unsigned long now)
{
	struct aoe_frame *f;
	int i, died = 0;

	lockdep_assert_held(&a->lock);
	for (i = 0; i < AOE_NPORTS; i++) {
		struct aoe_port *p = &a->ports[i];

		if (!p->used || p->dying || !p->up || !p->waiting ||
		    time_before(now, p->waiting_since + aoe_silence_limit(p)))
			continue;
		p->up = false;
		p->waiting = false;
		died++;
		pr_warn_ratelimited("%s: e%u.%u: no answer from %pM via %s for %u ms\n",
				    aoe_name(a), a->shelf, a->slot, p->mac,
				    p->nd->name,
				    jiffies_to_msecs(now - p->waiting_since));
		list_for_each_entry(f, &a->active, node)
			if (f->port == i)
				f->deadline = now;
	}
	if (died)
		aoe_kick_discovery(a);
	return died;
}

static void aoe_timer_fn(struct timer_list *t)
{
	struct aoe_dev *a = from_timer(a, t, timer);
	unsigned long now = jiffies;
	struct aoe_frame *f, *tmp;
	struct sk_buff_head q;
	bool tick = false;
	LIST_HEAD(done);
	int died;

	__skb_queue_head_init(&q);
	spin_lock_bh(&a->lock);
	died = aoe_check_ports(a, now);
	list_for_each_entry_safe(f, tmp, &a->active, node) {
		int pi, old = f->port;

		if (f->kind != AOE_F_IDENTIFY && !a->identified)
			continue;	/* waits for the path to return */
		tick = true;
		if (time_before(now, f->deadline))
			continue;
		if (f->unsent && old >= 0 && aoe_port_ok(&a->ports[old]) &&
		    a->ports[old].spf >= f->nsect) {
			/* never went out: no loss, no retransmission */
			if (aoe_frame_xmit(a, f, old, &q)) {
				aoe_frame_done(a, f, BLK_STS_IOERR, &done);
				break;
			}
			continue;
		}
		if (old >= 0 && !f->unsent &&
		    time_after_eq(now, a->ports[old].cut_until)) {
			struct aoe_port *p = &a->ports[old];

			/*
			 * Loss or a busy target: halve the window, never
			 * below 1; a burst timing out together is one event.
			 */
			p->ssthresh = max(p->cwnd / 2, 1U);
			p->cwnd = p->ssthresh;
			p->cwnd_acc = 0;
			p->cut_until = now + aoe_rto(p, 0);
		}
		if (f->kind == AOE_F_IDENTIFY &&
		    f->retries + 1 >= AOE_IDENT_TRIES) {
			a->identifying = false;
			aoe_frame_put(a, f);
			continue;
		}
		pi = aoe_pick_port(a, f->nsect, true, old);
		if (pi < 0 && f->kind == AOE_F_RW)
			pi = aoe_split_frame(a, f, old);
		if (pi < 0) {
			f->deadline = now + AOE_TICK;
			continue;
		}
		if (!f->unsent) {
			f->retries++;
			atomic64_inc(&a->d->retransmits);
		}
		if (aoe_frame_xmit(a, f, pi, &q)) {
			/* frees other frames of the request: stop walking */
			aoe_frame_done(a, f, BLK_STS_IOERR, &done);
			break;
		}
	}
	if (a->identified && !aoe_have_port(a))
		aoe_path_lost(a, died ? "the target went silent" :
			      "no usable port");
	if (!a->stopping && tick)
		mod_timer(&a->timer, now + AOE_TICK);
	aoe_unlock_xmit(a, &q);
	aoe_end_requests(&done);
}

/* ---- NIC events ---- */

static void aoe_release_ports(struct aoe_dev *a, struct net_device *nd)
{
	bool any = false;
	int i;

	spin_lock_bh(&a->lock);
	for (i = 0; i < AOE_NPORTS; i++) {
		struct aoe_port *p = &a->ports[i];

		if (p->used && (!nd || p->nd == nd)) {
			p->dying = true;
			any = true;
		}
	}
	if (any && nd)
		pr_info("%s: %s is going away\n", aoe_name(a), nd->name);
	if (any && a->identified && !aoe_have_port(a))
		aoe_path_lost(a, "NIC unregistered");
	spin_unlock_bh(&a->lock);
	if (!any)
		return;

	/* nobody transmits on a dying port after this */
	synchronize_net();
	spin_lock_bh(&a->lock);
	for (i = 0; i < AOE_NPORTS; i++) {
		struct aoe_port *p = &a->ports[i];
		struct aoe_frame *f;

		if (!p->used || !p->dying)
			continue;
		list_for_each_entry(f, &a->active, node) {
			if (f->port == i) {
				f->port = -1;
				f->deadline = jiffies;
			}
		}
		netdev_put(p->nd, &p->tracker);
		memset(p, 0, sizeof(*p));
	}
	spin_unlock_bh(&a->lock);
}

static void aoe_dev_netdev_event(struct aoe_dev *a, struct net_device *nd,
				 unsigned long event)
{
	bool mine = false;
	int i;

	if (event == NETDEV_UNREGISTER) {
		aoe_release_ports(a, nd);
		return;
	}
	spin_lock_bh(&a->lock);
	for (i = 0; i < AOE_NPORTS; i++) {
		struct aoe_port *p = &a->ports[i];

		if (!p->used || p->dying || p->nd != nd)
			continue;
		mine = true;
		if (event == NETDEV_CHANGEMTU && p->scnt != 0xff) {
			p->spf = sanblk_aoe_frame_sectors(nd->mtu, p->scnt);
			aoe_frames_want(a, p->spf);
			/* the target may take bigger frames now too */
			a->query_nics = AOE_NIC_QUERIES;
			aoe_kick_discovery(a);
		}
		if (event == NETDEV_CHANGENAME)
			pr_info("%s: NIC renamed to %s\n", aoe_name(a),
				nd->name);
	}
	switch (event) {
	case NETDEV_REGISTER:
		if (aoe_nic_allowed(a, nd) && !a->stopping)
			queue_work(sanblk_wq, &a->up_work);
		break;
	case NETDEV_UP:
	case NETDEV_CHANGE:
	case NETDEV_CHANGEUPPER:
		if (aoe_nic_allowed(a, nd) && aoe_nic_usable(nd)) {
			a->query_nics = AOE_NIC_QUERIES;
			aoe_kick_discovery(a);
		}
		fallthrough;
	case NETDEV_DOWN:
		if (mine && a->identified && !aoe_have_port(a))
			aoe_path_lost(a, netif_running(nd) ? "link down" :
				      "NIC down");
		break;
	}
	spin_unlock_bh(&a->lock);
}

static int aoe_netdev_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct net_device *nd = netdev_notifier_info_to_dev(ptr);
	struct aoe_dev *a;

	mutex_lock(&aoe_devs_mutex);
	list_for_each_entry(a, &aoe_devs, node)
		aoe_dev_netdev_event(a, nd, event);
	mutex_unlock(&aoe_devs_mutex);
	return NOTIFY_DONE;
}

static struct notifier_block aoe_netdev_nb = {
	.notifier_call = aoe_netdev_event,
};

/* ---- transport ops ---- */

/* Sectors per frame buffer: for the largest MTU among the disk's NICs. */
static unsigned int aoe_frame_cap(struct aoe_dev *a)
{
	unsigned int mtu = ETH_DATA_LEN;
	struct net_device *nd;

	rcu_read_lock();
	spin_lock_bh(&a->lock);
	for_each_netdev_rcu(&init_net, nd)
		if (aoe_nic_allowed(a, nd))
			mtu = max(mtu, nd->mtu);
	spin_unlock_bh(&a->lock);
	rcu_read_unlock();
	return clamp_t(unsigned int, sanblk_aoe_frame_sectors(mtu, 0), 1,
		       AOE_FRAME_SECTORS_MAX);
}

static void aoe_frames_free(struct aoe_dev *a)
{
	int i;

	for (i = 0; i < AOE_NFRAMES; i++)
		consume_skb(a->frames[i].skb);
}

/*
 * Every frame gets its buffer now, so that a request in flight never
 * waits for an allocation (but for the clone's head, see
 * aoe_frame_xmit()).
 */
static int aoe_frames_alloc(struct aoe_dev *a)
{
	unsigned int cap = aoe_frame_cap(a);
	int i;

	for (i = 0; i < AOE_NFRAMES; i++) {
		struct aoe_frame *f = &a->frames[i];

		f->skb = aoe_frame_skb_alloc(cap, GFP_KERNEL);
		if (!f->skb) {
			aoe_frames_free(a);
			return -ENOMEM;
		}
		f->cap = cap;
	}
	a->frame_cap = cap;
	a->frame_want = cap;
	return 0;
}

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
	a->disc_ms = AOE_DISC_MIN_MS;
	a->disc_start = jiffies;
	timer_setup(&a->timer, aoe_timer_fn, 0);
	INIT_DELAYED_WORK(&a->disc_work, aoe_disc_work);
	INIT_WORK(&a->up_work, aoe_up_work);
	INIT_DELAYED_WORK(&a->grow_work, aoe_grow_work);
	a->nic_mac_set = d->tgt.has_nic_mac;
	ether_addr_copy(a->nic_mac, d->tgt.nic_mac);
	strscpy(a->nic_name, d->tgt.nic_name, sizeof(a->nic_name));
	ret = aoe_frames_alloc(a);
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
		aoe_frames_free(a);
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
		aoe_frame_put(a, f);
	}
	spin_unlock_bh(&a->lock);
	aoe_release_ports(a, NULL);
	aoe_frames_free(a);
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
		aoe_resend(a, true, -1, &q, &done);
	}
	aoe_unlock_xmit(a, &q);
	aoe_end_requests(&done);
}

/*
 * Forget rq: free its frames (their answers, should any come, no longer
 * match a tag) and take it off the queue.  False when its completion was
 * already decided.
 */
static bool aoe_cancel_rq(struct sanblk_dev *d, struct request *rq)
{
	struct aoe_dev *a = d->tp;
	struct aoe_pdu *pdu = sanblk_rq_tp(rq);
	bool mine;

	spin_lock_bh(&a->lock);
	mine = !pdu->done;
	if (mine) {
		aoe_rq_unlink(a, rq);
		pdu->done = true;
	}
	spin_unlock_bh(&a->lock);
	return mine;
}

static blk_status_t aoe_queue_rq(struct sanblk_dev *d, struct request *rq)
{
	struct aoe_dev *a = d->tp;
	struct aoe_pdu *pdu = sanblk_rq_tp(rq);
	struct sk_buff_head q;
	LIST_HEAD(done);

	pdu->framed = 0;
	pdu->nout = 0;
	pdu->done = false;
	pdu->status = BLK_STS_OK;
	__skb_queue_head_init(&q);
	spin_lock_bh(&a->lock);
	list_add_tail(&pdu->node, &a->reqq);
	pdu->queued = true;
	aoe_pump(a, &q, &done);
	aoe_unlock_xmit(a, &q);
	aoe_end_requests(&done);
	return BLK_STS_OK;
}

/* ---- sysfs: each port's value, space-separated ---- */

enum aoe_attr {
	AOE_ATTR_NIC,
	AOE_ATTR_TARGET_MAC,
	AOE_ATTR_PATH_STATE,
	AOE_ATTR_PATH_COMMANDS,
	AOE_ATTR_FRAME_SECTORS,
};

static ssize_t aoe_show_ports(struct sanblk_dev *d, enum aoe_attr attr,
			      char *buf)
{
	struct aoe_dev *a = d->tp;
	int i, len = 0;

	spin_lock_bh(&a->lock);
	for (i = 0; i < AOE_NPORTS; i++) {
		struct aoe_port *p = &a->ports[i];
		const char *sep = len ? " " : "";

		if (!p->used || p->dying)
			continue;
		switch (attr) {
		case AOE_ATTR_NIC:
			len += sysfs_emit_at(buf, len, "%s%s", sep,
					     p->nd->name);
			break;
		case AOE_ATTR_TARGET_MAC:
			len += sysfs_emit_at(buf, len, "%s%pM", sep, p->mac);
			break;
		case AOE_ATTR_PATH_STATE:
			len += sysfs_emit_at(buf, len, "%s%s", sep,
					     aoe_port_ok(p) ? "up" : "down");
			break;
		case AOE_ATTR_PATH_COMMANDS:
			len += sysfs_emit_at(buf, len, "%s%llu", sep, p->sent);
			break;
		case AOE_ATTR_FRAME_SECTORS:
			len += sysfs_emit_at(buf, len, "%s%u", sep,
					     min(p->spf, a->frame_cap));
			break;
		}
	}
	spin_unlock_bh(&a->lock);
	return len + sysfs_emit_at(buf, len, "\n");
}

#define AOE_PORT_ATTR(_name, _a)					\
static ssize_t _name##_tshow(struct sanblk_dev *d, char *buf)		\
{									\
	return aoe_show_ports(d, _a, buf);				\
}									\
SANBLK_TATTR_RO(_name)

AOE_PORT_ATTR(nic, AOE_ATTR_NIC);
AOE_PORT_ATTR(target_mac, AOE_ATTR_TARGET_MAC);
AOE_PORT_ATTR(path_state, AOE_ATTR_PATH_STATE);
AOE_PORT_ATTR(path_commands, AOE_ATTR_PATH_COMMANDS);
AOE_PORT_ATTR(frame_sectors, AOE_ATTR_FRAME_SECTORS);

/* The smallest smoothed round-trip time over the ports, in us. */
static ssize_t rtt_us_tshow(struct sanblk_dev *d, char *buf)
{
	struct aoe_dev *a = d->tp;
	long rtt = 0;
	int i;

	spin_lock_bh(&a->lock);
	for (i = 0; i < AOE_NPORTS; i++) {
		struct aoe_port *p = &a->ports[i];

		if (p->used && !p->dying && p->srtt_us &&
		    (!rtt || p->srtt_us < rtt))
			rtt = p->srtt_us;
	}
	spin_unlock_bh(&a->lock);
	return sysfs_emit(buf, "%ld\n", rtt);
}
SANBLK_TATTR_RO(rtt_us);

static ssize_t inflight_tshow(struct sanblk_dev *d, char *buf)
{
	struct aoe_dev *a = d->tp;
	unsigned int n;

	spin_lock_bh(&a->lock);
	n = AOE_NFRAMES - a->nfree;
	spin_unlock_bh(&a->lock);
	return sysfs_emit(buf, "%u\n", n);
}
SANBLK_TATTR_RO(inflight);

static struct attribute *aoe_attrs[] = {
	&dev_attr_nic.attr,
	&dev_attr_target_mac.attr,
	&dev_attr_rtt_us.attr,
	&dev_attr_inflight.attr,
	&dev_attr_path_state.attr,
	&dev_attr_path_commands.attr,
	&dev_attr_frame_sectors.attr,
	NULL,
};

static const struct attribute_group aoe_attr_group = {
	.attrs = aoe_attrs,
};

static struct sanblk_transport aoe_transport = {
	.name		= "aoe",
	.kind		= SANBLK_TRANSPORT_AOE,
	.cmd_size	= sizeof(struct aoe_pdu),
	.attr_group	= &aoe_attr_group,
	.attach		= aoe_attach,
	.detach		= aoe_detach,
	.resume		= aoe_resume,
	.queue_rq	= aoe_queue_rq,
	.cancel_rq	= aoe_cancel_rq,
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
