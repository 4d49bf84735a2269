/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The AoE transport's internals, shared by its files:
 *
 *	nic.c		which NICs a disk may use, bringing them up
 *	path.c		ports (NIC + target MAC): RTT, window, silence,
 *			NIC events
 *	discovery.c	config queries, the no-answer report, IDENTIFY
 *	frame.c		the frame pool, building and sending frames
 *	io.c		requests, retransmission, answers
 *	sysfs.c		the per-disk attributes of the transport
 *	main.c		receive dispatch, attach/detach, the ops
 *	wire.c		the pure wire format (also in userspace tests)
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
 * When the path is lost the core takes the requests back and holds them;
 * when it returns the disk is identified again (same size and serial,
 * checked by the core) and the core sends them anew.
 *
 * Locking: a->lock (BH) protects everything in struct aoe_dev.  Frames
 * are built under it and transmitted after it is dropped, inside an RCU
 * read section: a port's net_device is only released after
 * synchronize_net(), so it cannot go away between the two.
 */
#ifndef SANBLK_AOE_H
#define SANBLK_AOE_H

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rculist.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/timer.h>

#include "../sanblk.h"
#include "wire.h"

#define AOE_NFRAMES		256	/* frames in flight per disk */
#define AOE_TAG_IDX(tag)	((tag) & (AOE_NFRAMES - 1))
#define AOE_TAG_QUERY		0x80000000u
#define AOE_NPORTS		8
#define AOE_FRAMES_PER_RQ	128	/* request size = frame size x this */
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
/* the timer ran this much late: this machine stood still, not the target */
#define AOE_STALL_MS		1000
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
	/*
	 * Another MAC may claim the same shelf.slot: a port carries I/O
	 * only once an IDENTIFY through it found the disk (verified), and
	 * one that found another disk is ignored for good (rejected).
	 */
	bool verified;
	bool rejected;
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
	/* what the core was last told the disk takes */
	unsigned int told_depth;
	unsigned int told_max_sectors;

	bool nic_mac_set;		/* NIC chosen by MAC (or latched) */
	u8 nic_mac[ETH_ALEN];
	/*
	 * What the NIC named by nic=<name> is: a VLAN, bridge or bond
	 * shares its lower NIC's MAC, so the kind (and VLAN id) is
	 * followed along with the MAC.
	 */
	enum aoe_nic_kind {
		AOE_NIC_PLAIN,
		AOE_NIC_VLAN,
		AOE_NIC_BRIDGE,
		AOE_NIC_BOND,
	} nic_kind;
	u16 nic_vid;
	char nic_name[IFNAMSIZ];
	u8 id_buf[SANBLK_ATA_ID_LEN];
	/* the disk as first identified: every port must find the same */
	bool have_ident;
	u64 ident_sectors;
	char ident_serial[24];
};

#define aoe_name(a)	((a)->d->name)

/* Whether nothing is to be looked for any more: stopping or failed. */
static inline bool aoe_done(struct aoe_dev *a)
{
	enum sanblk_state s = sanblk_dev_state(a->d);

	return a->stopping || s == SANBLK_STATE_FAILED ||
	       s == SANBLK_STATE_DEAD;
}

static inline bool aoe_nic_usable(struct net_device *nd)
{
	return netif_running(nd) && netif_carrier_ok(nd);
}

/* Whether port p may carry an IDENTIFY. */
static inline bool aoe_port_live(struct aoe_port *p)
{
	return p->used && !p->dying && p->up && !p->rejected &&
	       aoe_nic_usable(p->nd);
}

/* Whether port p may carry I/O. */
static inline bool aoe_port_ok(struct aoe_port *p)
{
	return aoe_port_live(p) && p->verified;
}

/* nic.c */
bool sanblk_aoe_nic_allowed(struct aoe_dev *a, struct net_device *nd);
void sanblk_aoe_describe_nics(struct aoe_dev *a, char *buf, size_t size);
void sanblk_aoe_up_work(struct work_struct *work);
struct net_device *sanblk_aoe_rx_nic(struct aoe_dev *a,
				     struct net_device *nd);
unsigned int sanblk_aoe_frame_cap(struct aoe_dev *a);

/* path.c */
unsigned long sanblk_aoe_rto(struct aoe_port *p, unsigned int retries);
void sanblk_aoe_rtt_sample(struct aoe_port *p, long us);
int sanblk_aoe_pick_port(struct aoe_dev *a, unsigned int nsect, bool retry,
			 int avoid);
bool sanblk_aoe_have_port(struct aoe_dev *a);
unsigned int sanblk_aoe_min_spf(struct aoe_dev *a);
unsigned int sanblk_aoe_queue_depth(struct aoe_dev *a);
unsigned int sanblk_aoe_max_sectors(struct aoe_dev *a);
void sanblk_aoe_tell_capacity(struct aoe_dev *a);
void sanblk_aoe_path_lost(struct aoe_dev *a, const char *why);
int sanblk_aoe_port_find(struct aoe_dev *a, struct net_device *nd,
			 const u8 *mac);
int sanblk_aoe_check_ports(struct aoe_dev *a, unsigned long now);
void sanblk_aoe_stood_still(struct aoe_dev *a, unsigned long now,
			    unsigned long late);
void sanblk_aoe_release_ports(struct aoe_dev *a, struct net_device *nd);
void sanblk_aoe_dev_netdev_event(struct aoe_dev *a, struct net_device *nd,
				 unsigned long event);

/* discovery.c */
void sanblk_aoe_kick_discovery(struct aoe_dev *a);
void sanblk_aoe_disc_work(struct work_struct *work);
void sanblk_aoe_verify_pending(struct aoe_dev *a, struct sk_buff_head *q);
void sanblk_aoe_rx_cfg(struct aoe_dev *a, struct net_device *nd,
		       const u8 *src, const struct sanblk_aoe_hdr *h,
		       const u8 *buf, unsigned int len);
void sanblk_aoe_identified(struct aoe_dev *a, int pi, const u8 *buf,
			   unsigned int len);

/* frame.c */
struct sk_buff *sanblk_aoe_skb(struct net_device *nd, const u8 *dst,
			       unsigned int payload);
void sanblk_aoe_xmit(struct sk_buff_head *q);
void sanblk_aoe_unlock_xmit(struct aoe_dev *a, struct sk_buff_head *q)
	__releases(&a->lock);
struct aoe_frame *sanblk_aoe_frame_get(struct aoe_dev *a, bool reserve);
void sanblk_aoe_frame_put(struct aoe_dev *a, struct aoe_frame *f);
int sanblk_aoe_frame_xmit(struct aoe_dev *a, struct aoe_frame *f, int pi,
			  struct sk_buff_head *q);
void sanblk_aoe_frames_want(struct aoe_dev *a, unsigned int spf);
void sanblk_aoe_grow_work(struct work_struct *work);
int sanblk_aoe_split_frame(struct aoe_dev *a, struct aoe_frame *f, int old);
void sanblk_aoe_frames_free(struct aoe_dev *a);
int sanblk_aoe_frames_alloc(struct aoe_dev *a);

/* io.c */
void sanblk_aoe_copy_rq(struct request *rq, u32 off, struct sk_buff *skb,
			int skboff, u32 len, bool to_rq);
void sanblk_aoe_end_requests(struct list_head *done);
void sanblk_aoe_resend(struct aoe_dev *a, bool all, int revived,
		       struct sk_buff_head *q, struct list_head *done);
void sanblk_aoe_rx_ata(struct aoe_dev *a, struct net_device *nd,
		       const u8 *src, const struct sanblk_aoe_hdr *h,
		       struct sk_buff *skb, unsigned int off,
		       struct sk_buff_head *q, struct list_head *done);
void sanblk_aoe_timer_fn(struct timer_list *t);
bool sanblk_aoe_cancel_rq(struct sanblk_dev *d, struct request *rq);
blk_status_t sanblk_aoe_queue_rq(struct sanblk_dev *d, struct request *rq);

/* sysfs.c */
extern const struct attribute_group sanblk_aoe_attr_group;

#endif /* SANBLK_AOE_H */
