// SPDX-License-Identifier: GPL-2.0-only
/*
 * The paths of a disk.  A second target string that names the same
 * target and LUN through another portal or NIC -- the iBFT's second
 * NIC/target pair, a second sanblk.target=, a second sysfs add -- joins
 * the disk as one more path instead of making a second /dev/sanblkN for
 * the same LUN.  It is used only once its own identification finds the
 * LUN the disk has (the same VPD 0x83 identifier and size).
 *
 * Requests go to the paths that are up, in turn.  When a path is lost
 * and another is up, its commands move to the others at once and the
 * disk stays live; the lost path logs in again on its own.  Losing the
 * last path is recovery, as with one path: the core takes every request
 * back and holds it.  A path's NIC going down (or losing its carrier)
 * takes the path down at once when another path is up; with one path
 * the connection is given its chance to survive a short outage (TCP
 * retransmits, the NOP-Out keepalive decides).
 */
#include <crypto/hash.h>
#include <linux/netdevice.h>
#include <linux/sched/mm.h>

#include "iscsi.h"

static LIST_HEAD(iscsi_devs);
static DEFINE_MUTEX(iscsi_devs_mutex);

bool sanblk_iscsi_any_up(struct iscsi_dev *id)
{
	int i, n = sanblk_iscsi_npaths(id);

	for (i = 0; i < n; i++)
		if (READ_ONCE(id->paths[i].up))
			return true;
	return false;
}

/* The connection of p that carries requests of rq's kind (hwq, tag). */
static struct iscsi_conn *iscsi_path_conn(struct iscsi_path *p, int hwq,
					  int tag)
{
	struct iscsi_dev *id = p->id;

	if (id->nr_hw_queues == id->nconns)
		return &p->conns[hwq];
	return &p->conns[tag % id->nconns];
}

/*
 * Queue cmd (of rq) on a connection that is up, the paths taken in turn;
 * with none up, on the first path's, where recovery finds it.  Returns
 * the connection it is on, to be kicked when it is up.
 */
struct iscsi_conn *sanblk_iscsi_path_queue(struct iscsi_dev *id,
					   struct request *rq,
					   struct iscsi_cmd *cmd, bool *up)
{
	int n = sanblk_iscsi_npaths(id);
	int hwq = rq->mq_hctx->queue_num;
	unsigned int first = n > 1 ? atomic_inc_return(&id->next_path) : 0;
	struct iscsi_conn *c;
	int k;

	for (k = 0; k <= n; k++) {
		struct iscsi_path *p = &id->paths[k < n ? (first + k) % n : 0];

		if (k < n && !READ_ONCE(p->up))
			continue;
		c = iscsi_path_conn(p, hwq, rq->tag);
		spin_lock_bh(&c->lock);
		*up = c->state == ISCSI_CONN_UP;
		if (*up || k == n) {
			cmd->conn = c;
			cmd->itt = ISCSI_ITT(++c->gen, rq->tag);
			cmd->state = ISCSI_CMD_QUEUED;
			list_add_tail(&cmd->node, &c->sendq);
			spin_unlock_bh(&c->lock);
			return c;
		}
		spin_unlock_bh(&c->lock);
	}
	return NULL;	/* not reached: k == n always queues */
}

/* The next path after 'after' that is up ('after' itself last), or NULL. */
static struct iscsi_path *iscsi_next_up(struct iscsi_dev *id,
					struct iscsi_path *after)
{
	int i;

	for (i = 1; i <= id->npaths; i++) {
		struct iscsi_path *p = &id->paths[(after->idx + i) % id->npaths];

		if (p->up)
			return p;
	}
	return NULL;
}

/*
 * Every command waiting on path from, which is not up (its connections
 * down or logging in, what they had sent rearmed on their send lists),
 * goes to the same connection index of the paths that are up, in turn.
 * A command the core is taking back stays.  Under id->mutex: one move at
 * a time, so the two connection locks are always taken in this order.
 */
static void iscsi_path_move(struct iscsi_path *from)
{
	struct iscsi_dev *id = from->id;
	struct iscsi_path *to = from, *next;
	struct iscsi_cmd *cmd, *tmp;
	int i;

	lockdep_assert_held(&id->mutex);
	for (i = 0; i < id->nconns; i++) {
		struct iscsi_conn *c = &from->conns[i], *tc;

		spin_lock_bh(&c->lock);
		list_for_each_entry_safe(cmd, tmp, &c->sendq, node) {
			if (cmd->cancelling)
				continue;
			next = iscsi_next_up(id, to);
			if (!next || next == from)
				break;
			to = next;
			tc = &to->conns[i];
			spin_lock_nested(&tc->lock, SINGLE_DEPTH_NESTING);
			WRITE_ONCE(cmd->conn, tc);
			cmd->itt = ISCSI_ITT(++tc->gen, ISCSI_ITT_TAG(cmd->itt));
			list_move_tail(&cmd->node, &tc->sendq);
			spin_unlock(&tc->lock);
		}
		spin_unlock_bh(&c->lock);
	}
	for (i = 0; i < id->npaths * id->nconns; i++)
		if (READ_ONCE(id->conns[i].state) == ISCSI_CONN_UP)
			queue_work(sanblk_iscsi_wq, &id->conns[i].io_work);
}

/*
 * p is up: what waits on the paths that are not -- parked there while
 * no path was up, or left by a recovery another path ended -- goes out
 * on the paths that are.  Under id->mutex.
 */
void sanblk_iscsi_adopt(struct iscsi_path *p)
{
	struct iscsi_dev *id = p->id;
	int i;

	lockdep_assert_held(&id->mutex);
	for (i = 0; i < id->npaths; i++)
		if (!id->paths[i].up)
			iscsi_path_move(&id->paths[i]);
}

static int iscsi_paths_up(struct iscsi_dev *id)
{
	int i, n = 0;

	for (i = 0; i < id->npaths; i++)
		n += id->paths[i].up;
	return n;
}

/*
 * Take path p down now (process context): its connections closed, its
 * commands moved to the paths still up -- or, when it was the last, the
 * core told -- and its session_work due after DefaultTime2Wait (capped).
 */
void sanblk_iscsi_path_fail(struct iscsi_path *p, const char *why)
{
	struct iscsi_dev *id = p->id;
	unsigned int wait;
	int left;

	mutex_lock(&id->mutex);
	if (id->stopping || !p->up)
		goto out;
	wait = min_t(u32, p->conns[0].params.time2wait, ISCSI_TIME2WAIT_MAX);
	sanblk_iscsi_stop_conns(p);
	spin_lock_bh(&id->fail_lock);
	snprintf(p->last_error, sizeof(p->last_error), "lost: %s", why);
	spin_unlock_bh(&id->fail_lock);
	left = iscsi_paths_up(id);
	if (left) {
		pr_warn("%s: iscsi: path %d lost: %s; carrying on through %d path%s\n",
			id->d->name, p->idx, why, left, left > 1 ? "s" : "");
		iscsi_path_move(p);
	} else {
		cancel_delayed_work(&id->nop_work);
		sanblk_dev_path_lost(id->d, why);
	}
	queue_delayed_work(sanblk_iscsi_wq, &p->session_work, wait * HZ);
out:
	mutex_unlock(&id->mutex);
}

/*
 * Every path down: recovery, with every request sent anew.  From any
 * context (io_work included, which cannot stop its own connection):
 * each path's fail_work does it.
 */
void sanblk_iscsi_fail_all(struct iscsi_dev *id, const char *why)
{
	int i, j, n = sanblk_iscsi_npaths(id);

	for (i = 0; i < n; i++)
		for (j = 0; j < id->nconns; j++)
			sanblk_iscsi_conn_failed(&id->paths[i].conns[j], why);
}

/* A connection broke: its path goes, and comes back together. */
void sanblk_iscsi_fail_work(struct work_struct *work)
{
	struct iscsi_path *p = container_of(work, struct iscsi_path, fail_work);
	char why[SANBLK_ERR_MAX];

	spin_lock_bh(&p->id->fail_lock);
	strscpy(why, p->fail_why, sizeof(why));
	spin_unlock_bh(&p->id->fail_lock);
	sanblk_iscsi_path_fail(p, why);
}

/* From any context: c broke (why is kept for the log). */
void sanblk_iscsi_conn_failed(struct iscsi_conn *c, const char *why)
{
	struct iscsi_dev *id = c->id;
	struct iscsi_path *p = c->path;

	spin_lock_bh(&id->fail_lock);
	if (!c->failed && READ_ONCE(c->state) == ISCSI_CONN_UP) {
		c->failed = true;
		snprintf(p->fail_why, sizeof(p->fail_why), "connection %d: %s",
			 c->idx, why);
		queue_work(sanblk_iscsi_wq, &p->fail_work);
	}
	spin_unlock_bh(&id->fail_lock);
}

/*
 * Set up path idx of id for target t (its credentials copied); on
 * failure nothing of it is left.
 */
int sanblk_iscsi_path_init(struct iscsi_dev *id, int idx,
			   const struct sanblk_target *t)
{
	struct iscsi_path *p = &id->paths[idx];
	int i, ret;

	p->id = id;
	p->idx = idx;
	p->tgt = *t;
	p->conns = &id->conns[idx * id->nconns];
	p->retry_ms = ISCSI_RETRY_MIN_MS;
	INIT_DELAYED_WORK(&p->session_work, sanblk_iscsi_session_work);
	INIT_WORK(&p->fail_work, sanblk_iscsi_fail_work);
	ret = sanblk_iscsi_portal(t, &p->portal);
	for (i = 0; !ret && i < id->nconns; i++)
		ret = sanblk_iscsi_conn_init(p, i);
	if (!ret)
		return 0;
	for (i = 0; i < id->nconns; i++) {
		kfree(p->conns[i].rx);
		p->conns[i].rx = NULL;
	}
	memzero_explicit(&p->tgt, sizeof(p->tgt));
	return ret;
}

/* Whether t is reached as path p is: the same portal through the same NIC. */
static bool iscsi_path_same(const struct iscsi_path *p,
			    const struct sanblk_target *t)
{
	const struct sanblk_target *o = &p->tgt;

	return sanblk_target_same(o, t) && o->has_nic_mac == t->has_nic_mac &&
	       !memcmp(o->nic_mac, t->nic_mac, sizeof(o->nic_mac)) &&
	       !strcmp(o->nic_name, t->nic_name);
}

/*
 * The transport's add_path: t names d's target and LUN another way.
 * Returns the new path's index.
 */
int sanblk_iscsi_add_path(struct sanblk_dev *d, const struct sanblk_target *t)
{
	struct crypto_shash *md5 = NULL;
	struct iscsi_dev *id = d->tp;
	unsigned int noio;
	int i, ret;

	/*
	 * Nothing that may wait for I/O or a module under id->mutex: a
	 * recovering disk's logins need it.
	 */
	if (t->user[0] && !READ_ONCE(id->md5)) {
		md5 = sanblk_iscsi_md5_alloc(d);
		if (IS_ERR(md5))
			return PTR_ERR(md5);
	}
	noio = memalloc_noio_save();
	mutex_lock(&id->mutex);
	for (i = 0; i < id->npaths; i++) {
		if (iscsi_path_same(&id->paths[i], t)) {
			ret = -EEXIST;
			goto out;
		}
	}
	ret = -ENOSPC;
	if (id->npaths == ISCSI_PATHS_MAX ||
	    (id->npaths + 1) * id->nconns > ISCSI_CONNS_MAX) {
		pr_err("%s: iscsi: no room for another path (%d paths of %d connections; at most %d paths, %d connections)\n",
		       d->name, id->npaths, id->nconns, ISCSI_PATHS_MAX,
		       ISCSI_CONNS_MAX);
		goto out;
	}
	if (id->stopping)
		goto out;
	if (md5 && !id->md5) {
		WRITE_ONCE(id->md5, md5);
		md5 = NULL;
	}
	ret = sanblk_iscsi_path_init(id, id->npaths, t);
	if (ret)
		goto out;
	ret = id->npaths;
	/* the path is whole before the count covers it: sanblk_iscsi_npaths() */
	smp_store_release(&id->npaths, id->npaths + 1);
	queue_delayed_work(sanblk_iscsi_wq, &id->paths[ret].session_work, 0);
out:
	mutex_unlock(&id->mutex);
	memalloc_noio_restore(noio);
	if (md5)
		crypto_free_shash(md5);
	return ret;
}

void sanblk_iscsi_dev_list(struct iscsi_dev *id, bool add)
{
	mutex_lock(&iscsi_devs_mutex);
	if (add)
		list_add_tail(&id->node, &iscsi_devs);
	else
		list_del(&id->node);
	mutex_unlock(&iscsi_devs_mutex);
}

/* Whether a connection of p leaves through the interface ifindex. */
static bool iscsi_path_uses(struct iscsi_path *p, int ifindex)
{
	int j;

	for (j = 0; j < p->id->nconns; j++)
		if (READ_ONCE(p->conns[j].ifindex) == ifindex)
			return true;
	return false;
}

/*
 * nd went down: the paths that leave through it, when a path that does
 * not is up to carry the disk.
 */
static void iscsi_nic_down(struct net_device *nd, const char *what)
{
	struct iscsi_dev *id;
	char why[64];
	int i, j;

	snprintf(why, sizeof(why), "%s %s", nd->name, what);
	mutex_lock(&iscsi_devs_mutex);
	list_for_each_entry(id, &iscsi_devs, node) {
		int n = sanblk_iscsi_npaths(id);

		for (i = 0; i < n && n > 1; i++) {
			struct iscsi_path *p = &id->paths[i];
			bool other = false;

			for (j = 0; j < n; j++)
				other |= j != i && READ_ONCE(id->paths[j].up) &&
					 !iscsi_path_uses(&id->paths[j], nd->ifindex);
			if (!other || !READ_ONCE(p->up))
				continue;
			for (j = 0; j < id->nconns; j++)
				if (READ_ONCE(p->conns[j].ifindex) == nd->ifindex)
					sanblk_iscsi_conn_failed(&p->conns[j], why);
		}
	}
	mutex_unlock(&iscsi_devs_mutex);
}

static int iscsi_netdev_event(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct net_device *nd = netdev_notifier_info_to_dev(ptr);

	if (!net_eq(dev_net(nd), &init_net))
		return NOTIFY_DONE;
	switch (event) {
	case NETDEV_DOWN:
		iscsi_nic_down(nd, "went down");
		break;
	case NETDEV_CHANGE:
		if (!netif_carrier_ok(nd))
			iscsi_nic_down(nd, "lost its carrier");
		break;
	case NETDEV_UNREGISTER:
		iscsi_nic_down(nd, "went away");
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block iscsi_netdev_nb = {
	.notifier_call = iscsi_netdev_event,
};

int sanblk_iscsi_paths_init(void)
{
	return register_netdevice_notifier(&iscsi_netdev_nb);
}

void sanblk_iscsi_paths_exit(void)
{
	unregister_netdevice_notifier(&iscsi_netdev_nb);
}
