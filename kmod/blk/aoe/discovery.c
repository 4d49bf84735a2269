// SPDX-License-Identifier: GPL-2.0-only
/*
 * Finding the target: config queries, the report when nobody answers,
 * IDENTIFY and its re-checks of a live disk.
 */
#include "aoe.h"

void sanblk_aoe_kick_discovery(struct aoe_dev *a)
{
	lockdep_assert_held(&a->lock);
	if (aoe_done(a))
		return;
	a->disc_ms = AOE_DISC_MIN_MS;
	mod_delayed_work(sanblk_wq, &a->disc_work, 0);
}

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

		if (!sanblk_aoe_nic_allowed(a, nd) || !aoe_nic_usable(nd))
			continue;
		skb = sanblk_aoe_skb(nd, nd->broadcast, SANBLK_AOE_HDR_LEN +
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
	sanblk_aoe_xmit(&q);
	rcu_read_unlock();
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
		sanblk_aoe_describe_nics(a, nics, sizeof(nics));
		pr_warn("%s: no usable NIC to look for AoE target e%u.%u on (NICs: %s); still listening%s\n",
			aoe_name(a), a->shelf, a->slot, nics, after);
	}
	sanblk_dev_noanswer(a->d);
}

static void aoe_send_identify(struct aoe_dev *a, int pi,
			      struct sk_buff_head *q)
{
	struct aoe_frame *f = sanblk_aoe_frame_get(a, false);

	if (!f)
		return;
	f->kind = AOE_F_IDENTIFY;
	f->nsect = 1;
	a->identifying = true;
	sanblk_aoe_frame_xmit(a, f, pi, q);
}

/* A port that answered and still waits for its IDENTIFY, or -1. */
static int aoe_unverified_port(struct aoe_dev *a)
{
	int i;

	for (i = 0; i < AOE_NPORTS; i++)
		if (aoe_port_live(&a->ports[i]) && !a->ports[i].verified)
			return i;
	return -1;
}

/*
 * The disk is identified and no IDENTIFY is out: verify a port that
 * answered meanwhile now, not at the next periodic check.
 */
void sanblk_aoe_verify_pending(struct aoe_dev *a, struct sk_buff_head *q)
{
	int pi;

	lockdep_assert_held(&a->lock);
	if (!a->identified || a->identifying)
		return;
	pi = aoe_unverified_port(a);
	if (pi >= 0)
		aoe_send_identify(a, pi, q);
}

/*
 * While the disk is not identified: config queries, ever slower.  Once
 * it is: IDENTIFY every AOE_VERIFY_MS, so that a target replaced behind
 * the same address (restarted with another image) is noticed even when
 * no path was lost, and queries while a port is down, to revive it.
 */
void sanblk_aoe_disc_work(struct work_struct *work)
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
		pi = aoe_unverified_port(a);
		if (pi < 0)
			pi = sanblk_aoe_pick_port(a, 1, true, -1);
		if (!a->identifying && pi >= 0)
			aoe_send_identify(a, pi, &q);
	}
	sanblk_aoe_unlock_xmit(a, &q);

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

void sanblk_aoe_rx_cfg(struct aoe_dev *a, struct net_device *nd,
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
	nd = sanblk_aoe_rx_nic(a, nd);
	/* a NIC being unregistered is no longer running: never held here */
	if (!nd || !aoe_nic_usable(nd) || aoe_done(a))
		goto out_unlock;
	a->answered = true;
	pi = sanblk_aoe_port_find(a, nd, src);
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
	if (p->rejected)
		goto out_unlock;	/* another disk under the same name */
	p->bufcnt = c.bufcnt;
	p->scnt = c.scnt;
	p->maxwin = max_t(unsigned int, c.bufcnt, 1);
	p->ssthresh = p->maxwin;
	p->cwnd = clamp(p->cwnd, 1U, p->maxwin);
	p->spf = sanblk_aoe_frame_sectors(p->nd->mtu, c.scnt);
	sanblk_aoe_frames_want(a, p->spf);
	if (!p->spf) {
		pr_warn_ratelimited("%s: MTU %u of %s too small for a sector\n",
				    aoe_name(a), p->nd->mtu, p->nd->name);
		goto out_unlock;
	}
	was_up = p->up;
	p->up = true;
	p->waiting = false;
	sanblk_aoe_tell_capacity(a);
	/* a new port is verified before it carries I/O */
	if (!a->identifying && (!a->identified || !p->verified))
		aoe_send_identify(a, pi, &q);
	else if (a->identified)
		sanblk_aoe_resend(a, false, was_up ? -1 : pi, &q, &done);
out_unlock:
	sanblk_aoe_unlock_xmit(a, &q);
	sanblk_aoe_end_requests(&done);
}

/*
 * Whether the disk port pi found is the disk: the first identification
 * defines it; a port whose target is another disk claiming the same
 * shelf.slot is rejected for good.  A verified port whose target changed
 * is the core's to judge (the disk fails).
 */
static bool aoe_port_verify(struct aoe_dev *a, int pi,
			    const struct sanblk_ata_id *id)
{
	struct aoe_port *p = &a->ports[pi];
	int i;

	if (!a->have_ident) {
		a->have_ident = true;
		a->ident_sectors = id->sectors;
		strscpy(a->ident_serial, id->serial, sizeof(a->ident_serial));
	} else if (!p->verified && (id->sectors != a->ident_sectors ||
				    strcmp(id->serial, a->ident_serial))) {
		for (i = 0; i < AOE_NPORTS; i++)
			if (a->ports[i].verified)
				break;
		pr_err("%s: two targets claim e%u.%u: %pM (%llu sectors, serial '%s') and %pM via %s (%llu sectors, serial '%s'); ignoring %pM\n",
		       aoe_name(a), a->shelf, a->slot,
		       i < AOE_NPORTS ? a->ports[i].mac : p->mac,
		       a->ident_sectors, a->ident_serial, p->mac, p->nd->name,
		       id->sectors, id->serial, p->mac);
		p->rejected = true;
		return false;
	}
	if (!p->verified && a->identified)
		pr_info("%s: e%u.%u at %pM via %s verified: a path of the disk\n",
			aoe_name(a), a->shelf, a->slot, p->mac, p->nd->name);
	p->verified = true;
	return true;
}

/* An IDENTIFY answer came through port pi. */
void sanblk_aoe_identified(struct aoe_dev *a, int pi, const u8 *buf,
			   unsigned int len)
{
	struct sanblk_disk_info info = { };
	struct sanblk_ata_id id;
	int ret;

	lockdep_assert_held(&a->lock);
	a->identifying = false;
	ret = sanblk_ata_identify_parse(buf, len, &id);
	if (ret) {
		pr_err_ratelimited("%s: e%u.%u: unusable IDENTIFY data (%s)\n",
				   aoe_name(a), a->shelf, a->slot,
				   ret == -ENODEV ? "no LBA" : "short");
		return;
	}
	if (id.clamped)
		pr_warn_ratelimited("%s: e%u.%u claims %llu sectors, LBA%s reaches %llu: using %llu\n",
				    aoe_name(a), a->shelf, a->slot, id.claimed,
				    id.lba48 ? "48" : "28", id.sectors,
				    id.sectors);
	if (!aoe_port_verify(a, pi, &id))
		return;
	/* the core judges: until its verdict no other IDENTIFY goes out */
	a->identifying = true;
	a->lba48 = id.lba48;
	a->flush_ext = id.flush_ext;
	info.sectors = id.sectors;
	info.logical_block_size = SANBLK_SECTOR;
	info.nr_hw_queues = 1;
	info.max_sectors = sanblk_aoe_max_sectors(a);
	info.queue_depth = sanblk_aoe_queue_depth(a);
	info.max_queue_depth = AOE_NFRAMES - 1;	/* one is IDENTIFY's */
	/* this tells the core what the disk takes, too */
	a->told_depth = info.queue_depth;
	a->told_max_sectors = info.max_sectors;
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
