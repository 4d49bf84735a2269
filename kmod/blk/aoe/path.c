// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ports, one (local NIC, target MAC) pair each: round-trip time and
 * retransmission timeout, the window of frames in flight, silence that
 * kills a port, and what NIC events do to them.
 */
#include "aoe.h"

unsigned long sanblk_aoe_rto(struct aoe_port *p, unsigned int retries)
{
	long us = p->srtt_us ? p->srtt_us + 4 * p->rttvar_us : AOE_RTO_INIT_US;

	us = clamp_t(long, us, AOE_RTO_MIN_US, AOE_RTO_MAX_US);
	us <<= min_t(unsigned int, retries, AOE_BACKOFF_MAX);
	return usecs_to_jiffies(us) + 1;
}

void sanblk_aoe_rtt_sample(struct aoe_port *p, long us)
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

/* A port with room for a new frame of at least nsect sectors. */
int sanblk_aoe_pick_port(struct aoe_dev *a, unsigned int nsect, bool retry,
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

bool sanblk_aoe_have_port(struct aoe_dev *a)
{
	int i;

	for (i = 0; i < AOE_NPORTS; i++)
		if (aoe_port_ok(&a->ports[i]))
			return true;
	return false;
}

unsigned int sanblk_aoe_min_spf(struct aoe_dev *a)
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
unsigned int sanblk_aoe_queue_depth(struct aoe_dev *a)
{
	unsigned int n = 0;
	int i;

	for (i = 0; i < AOE_NPORTS; i++)
		if (aoe_port_ok(&a->ports[i]))
			n += a->ports[i].maxwin;
	return min_t(unsigned int, n, AOE_NFRAMES - 1);
}

/* The largest request: AOE_FRAMES_PER_RQ frames on the smallest path. */
unsigned int sanblk_aoe_max_sectors(struct aoe_dev *a)
{
	return clamp(sanblk_aoe_min_spf(a) * AOE_FRAMES_PER_RQ, 8U, 1024U);
}

/*
 * A port became usable or was lost, or its frames changed size: tell
 * the core what the disk takes now, when it differs from what it was
 * told last.  Nothing while no port is usable (the path is lost, not
 * smaller).
 */
void sanblk_aoe_tell_capacity(struct aoe_dev *a)
{
	unsigned int depth = sanblk_aoe_queue_depth(a);
	unsigned int sectors = sanblk_aoe_max_sectors(a);

	lockdep_assert_held(&a->lock);
	if (!depth || aoe_done(a) ||
	    (depth == a->told_depth && sectors == a->told_max_sectors))
		return;
	a->told_depth = depth;
	a->told_max_sectors = sectors;
	sanblk_dev_set_capacity(a->d, depth, sectors);
}

void sanblk_aoe_path_lost(struct aoe_dev *a, const char *why)
{
	lockdep_assert_held(&a->lock);
	if (!a->identified)
		return;
	a->identified = false;
	sanblk_dev_path_lost(a->d, why);
	sanblk_aoe_kick_discovery(a);
}

int sanblk_aoe_port_find(struct aoe_dev *a, struct net_device *nd,
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
int sanblk_aoe_check_ports(struct aoe_dev *a, unsigned long now)
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
	if (died) {
		sanblk_aoe_tell_capacity(a);
		sanblk_aoe_kick_discovery(a);
	}
	return died;
}

/*
 * The timer ran 'late' after its time: this machine stood still (a
 * paused or migrated VM, a stalled host, a resume from suspend), not the
 * target, whose answers may wait unread in the NIC's queue.  The time
 * lost does not count toward any port's silence.
 */
void sanblk_aoe_stood_still(struct aoe_dev *a, unsigned long now,
			    unsigned long late)
{
	int i;

	lockdep_assert_held(&a->lock);
	pr_info_ratelimited("%s: e%u.%u: this machine stood still for %u ms; that time is not the target's silence\n",
			    aoe_name(a), a->shelf, a->slot,
			    jiffies_to_msecs(late));
	for (i = 0; i < AOE_NPORTS; i++) {
		struct aoe_port *p = &a->ports[i];

		if (!p->waiting)
			continue;
		p->waiting_since += late;
		if (time_after(p->waiting_since, now))
			p->waiting_since = now;
	}
}

void sanblk_aoe_release_ports(struct aoe_dev *a, struct net_device *nd)
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
	if (any && a->identified && !sanblk_aoe_have_port(a))
		sanblk_aoe_path_lost(a, "NIC unregistered");
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
	sanblk_aoe_tell_capacity(a);
	spin_unlock_bh(&a->lock);
}

void sanblk_aoe_dev_netdev_event(struct aoe_dev *a, struct net_device *nd,
				 unsigned long event)
{
	bool mine = false;
	int i;

	if (event == NETDEV_UNREGISTER) {
		sanblk_aoe_release_ports(a, nd);
		return;
	}
	spin_lock_bh(&a->lock);
	for (i = 0; i < AOE_NPORTS; i++) {
		struct aoe_port *p = &a->ports[i];

		if (!p->used || p->dying || p->nd != nd)
			continue;
		mine = true;
		if (event == NETDEV_CHANGEMTU) {
			p->spf = sanblk_aoe_frame_sectors(nd->mtu, p->scnt);
			sanblk_aoe_frames_want(a, p->spf);
			/* the target may take bigger frames now too */
			a->query_nics = AOE_NIC_QUERIES;
			sanblk_aoe_kick_discovery(a);
		}
		if (event == NETDEV_CHANGENAME)
			pr_info("%s: NIC renamed to %s\n", aoe_name(a),
				nd->name);
	}
	switch (event) {
	case NETDEV_REGISTER:
		if (sanblk_aoe_nic_allowed(a, nd) && !a->stopping)
			queue_work(sanblk_wq, &a->up_work);
		break;
	case NETDEV_UP:
	case NETDEV_CHANGE:
	case NETDEV_CHANGEUPPER:
		if (sanblk_aoe_nic_allowed(a, nd) && aoe_nic_usable(nd)) {
			a->query_nics = AOE_NIC_QUERIES;
			sanblk_aoe_kick_discovery(a);
		}
		fallthrough;
	case NETDEV_DOWN:
		if (mine && a->identified && !sanblk_aoe_have_port(a))
			sanblk_aoe_path_lost(a, netif_running(nd) ? "link down" :
					     "NIC down");
		break;
	}
	if (mine)
		sanblk_aoe_tell_capacity(a);
	spin_unlock_bh(&a->lock);
}
