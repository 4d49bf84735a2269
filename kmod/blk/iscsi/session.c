// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bringing a path's connections up and down.  session_work (one per path)
 * connects and logs every connection of the path in, follows a redirect,
 * identifies the LUN on the first connection and reports it: to the core
 * when no other path is up, otherwise it joins the paths that are up if
 * it reaches their LUN.  On failure it says why (once per new reason) and
 * tries again, 250 ms doubling to 5 s.  path.c takes a path down.
 */
#include <linux/inet.h>
#include <linux/random.h>
#include <linux/utsname.h>

#include "iscsi.h"

#define ISCSI_LOGIN_STEPS	32	/* PDUs of one login, at most */
#define ISCSI_REDIRECTS		4	/* redirects followed in a row */

static char default_initiator[SANBLK_IQN_MAX];

static const char *sanblk_iscsi_initiator(struct iscsi_path *p)
{
	const char *node;

	if (p->tgt.initiator[0])
		return p->tgt.initiator;
	if (!default_initiator[0]) {
		node = init_utsname()->nodename;
		snprintf(default_initiator, sizeof(default_initiator),
			 "iqn.2026-11.org.sanblk:%s",
			 node[0] && strcmp(node, "(none)") ? node : "initiator");
	}
	return default_initiator;
}

/* TargetAddress: "ip:port,tpgt" or "[ip6]:port,tpgt" (port optional). */
static int sanblk_iscsi_parse_redirect(const char *s,
				       struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	const char *end, *port = NULL;
	u16 p = SANBLK_ISCSI_PORT;
	char num[8];
	size_t n;

	memset(ss, 0, sizeof(*ss));
	if (s[0] == '[') {
		if (!in6_pton(s + 1, -1, (u8 *)&sin6->sin6_addr, ']', &end) ||
		    *end != ']')
			return -EINVAL;
		sin6->sin6_family = AF_INET6;
		end++;
	} else {
		if (!in4_pton(s, -1, (u8 *)&sin->sin_addr, -1, &end))
			return -EINVAL;
		sin->sin_family = AF_INET;
	}
	if (*end == ':')
		port = end + 1;
	if (port) {
		n = strcspn(port, ",");
		if (!n || n >= sizeof(num))
			return -EINVAL;
		memcpy(num, port, n);
		num[n] = '\0';
		if (kstrtou16(num, 10, &p) || !p)
			return -EINVAL;
	} else if (*end && *end != ',') {
		return -EINVAL;
	}
	if (ss->ss_family == AF_INET6)
		sin6->sin6_port = htons(p);
	else
		sin->sin_port = htons(p);
	return 0;
}

int sanblk_iscsi_login_steps(struct iscsi_conn *c, struct sanblk_iscsi_login *l,
			     u8 *buf, char *err, size_t errlen)
{
	struct sanblk_iscsi_bhs h;
	u32 dlen;
	int i, ret;

	for (i = 0; i < ISCSI_LOGIN_STEPS; i++) {
		ret = sanblk_iscsi_login_build(l, buf, ISCSI_CTL_DATA +
					       SANBLK_ISCSI_BHS_LEN);
		if (ret < 0) {
			snprintf(err, errlen, "login: cannot build the request (%d)", ret);
			return ret;
		}
		ret = sanblk_iscsi_send_sync(c, buf, ret);
		if (!ret)
			ret = sanblk_iscsi_recv_sync(c, &h, c->rx->ctl,
						     sizeof(c->rx->ctl), &dlen);
		if (ret) {
			snprintf(err, errlen, "login: %s (%d)",
				 ret == -EAGAIN ? "no answer from the target" :
				 ret == -EMSGSIZE ? "the target sent too much" :
				 "the connection broke", ret);
			return ret;
		}
		if (h.opcode != SANBLK_ISCSI_OP_LOGIN_RSP) {
			snprintf(err, errlen, "login: the target answered with opcode 0x%02x",
				 h.opcode);
			return -EPROTO;
		}
		ret = sanblk_iscsi_login_recv(l, &h, c->rx->ctl, dlen);
		if (ret != SANBLK_ISCSI_LOGIN_MORE)
			break;
	}
	if (i == ISCSI_LOGIN_STEPS) {
		snprintf(err, errlen, "login: not done after %d steps",
			 ISCSI_LOGIN_STEPS);
		return -EPROTO;
	}
	if (ret < 0)
		strscpy(err, l->err, errlen);
	return ret;
}

void sanblk_iscsi_make_cfg(struct iscsi_conn *c,
			   struct sanblk_iscsi_login_cfg *cfg,
			   u8 old[][SANBLK_ISCSI_CHAP_CHAL_LEN])
{
	struct iscsi_dev *id = c->id;
	const struct sanblk_target *t = &c->path->tgt;

	memset(cfg, 0, sizeof(*cfg));
	cfg->initiator = sanblk_iscsi_initiator(c->path);
	cfg->target = t->name;
	memcpy(cfg->isid, c->isid, sizeof(cfg->isid));
	cfg->tsih = 0;
	cfg->cid = 0;
	cfg->want_hdigest = t->header_digest == SANBLK_DIGEST_CRC32C ? 1 : 0;
	cfg->want_ddigest = t->data_digest == SANBLK_DIGEST_CRC32C ? 1 : 0;
	cfg->max_recv_dsl = ISCSI_RECV_DSL;
	cfg->user = t->user;
	cfg->secret = t->pass;
	cfg->ruser = t->ruser;
	cfg->rsecret = t->rpass;
	cfg->chap = &id->chap_ops;
	/* a copy: the paths log in at the same time */
	mutex_lock(&id->mutex);
	memcpy(old, id->old_chal, sizeof(id->old_chal));
	cfg->old_chals = id->old_chals;
	mutex_unlock(&id->mutex);
	cfg->old_chal = (const u8 (*)[SANBLK_ISCSI_CHAP_CHAL_LEN])old;
}

/* A challenge we sent is never answered for a target later on. */
static void sanblk_iscsi_keep_chal(struct iscsi_dev *id,
				   const struct sanblk_iscsi_login *l)
{
	const u8 *chal = sanblk_iscsi_login_sent_chal(l);

	if (!chal)
		return;
	mutex_lock(&id->mutex);
	memcpy(id->old_chal[id->old_chal_next], chal,
	       SANBLK_ISCSI_CHAP_CHAL_LEN);
	id->old_chal_next = (id->old_chal_next + 1) % ISCSI_OLD_CHALS;
	id->old_chals = min(id->old_chals + 1, ISCSI_OLD_CHALS);
	mutex_unlock(&id->mutex);
}

/*
 * Connect c and log it in.  Returns 0 in the full feature phase,
 * 1 when redirected (its path's portal changed), or -errno with err set.
 */
static int sanblk_iscsi_conn_login(struct iscsi_conn *c, char *err,
				   size_t errlen)
{
	u8 old[ISCSI_OLD_CHALS][SANBLK_ISCSI_CHAP_CHAL_LEN];
	struct iscsi_path *p = c->path;
	struct iscsi_dev *id = c->id;
	struct sanblk_iscsi_login_cfg cfg;
	struct sanblk_iscsi_login *l;
	u8 *buf;
	int ret;

	memset(&c->fr, 0, sizeof(c->fr));
	c->fr.max_recv_dsl = SANBLK_ISCSI_LOGIN_DSL;
	ret = sanblk_iscsi_connect(c, &p->portal, &p->src, err, errlen);
	if (ret)
		return ret;
	l = kzalloc(sizeof(*l), GFP_NOIO);
	buf = kmalloc(ISCSI_CTL_DATA + SANBLK_ISCSI_BHS_LEN, GFP_NOIO);
	ret = -ENOMEM;
	if (!l || !buf)
		goto out;
	sanblk_iscsi_make_cfg(c, &cfg, old);
	ret = sanblk_iscsi_login_init(l, &cfg, err, errlen);
	if (ret)
		goto out;
	ret = sanblk_iscsi_login_steps(c, l, buf, err, errlen);
	sanblk_iscsi_keep_chal(id, l);
	if (ret == SANBLK_ISCSI_LOGIN_REDIRECT) {
		if (sanblk_iscsi_parse_redirect(l->redirect.addr,
						&p->portal)) {
			snprintf(err, errlen,
				 "login: redirected to '%.64s', which is not an address",
				 l->redirect.addr);
			ret = -EPROTO;
			goto out;
		}
		pr_info("%s: iscsi: %s redirects to %pISpc (%s)\n",
			id->d->name, p->tgt.name, &p->portal,
			l->redirect.permanent ? "permanently" : "for now");
		p->moved = l->redirect.permanent;
		ret = 1;
		goto out;
	}
	if (ret != SANBLK_ISCSI_LOGIN_DONE)
		goto out;
	c->params = l->params;
	c->tsih = l->tsih;
	c->cmdsn = l->cmdsn;
	c->exp_cmdsn = l->cmdsn;
	c->max_cmdsn = l->max_cmdsn;
	c->exp_statsn = l->exp_statsn;
	c->fr.header_digest = c->params.header_digest;
	c->fr.data_digest = c->params.data_digest;
	c->fr.max_recv_dsl = c->params.max_recv_dsl;
	ret = 0;
out:
	kfree(buf);
	kfree_sensitive(l);
	if (ret)
		sanblk_iscsi_sock_close(c);
	return ret;
}

/* Every connection logged in, following up to ISCSI_REDIRECTS redirects. */
static int sanblk_iscsi_login_all(struct iscsi_path *p, char *err,
				  size_t errlen)
{
	int i, ret, redirects = 0;

	for (i = 0; i < p->id->nconns; i++) {
		ret = sanblk_iscsi_conn_login(&p->conns[i], err, errlen);
		if (ret == 1 && ++redirects <= ISCSI_REDIRECTS) {
			/* the ones already in must follow it too */
			sanblk_iscsi_stop_conns(p);
			i = -1;
			continue;
		}
		if (ret == 1) {
			snprintf(err, errlen, "login: more than %d redirects in a row",
				 ISCSI_REDIRECTS);
			ret = -ELOOP;
		}
		if (ret == -ENOENT && !i)
			sanblk_iscsi_offers(&p->conns[0], err, errlen);
		if (ret)
			return ret;
		p->conns[i].state = ISCSI_CONN_LOGIN;
	}
	return 0;
}

static void sanblk_iscsi_report(struct iscsi_path *p, const char *err)
{
	struct iscsi_dev *id = p->id;
	char canon[SANBLK_TARGET_MAX];
	bool same;

	spin_lock_bh(&id->fail_lock);
	same = !strcmp(err, p->last_error);
	strscpy(p->last_error, err, sizeof(p->last_error));
	strscpy(id->last_error, err, sizeof(id->last_error));
	spin_unlock_bh(&id->fail_lock);
	if (same)
		return;
	sanblk_target_format(&p->tgt, false, canon, sizeof(canon));
	pr_err("%s: %s: %s; still trying\n", id->d->name, canon, err);
}

/* The feature phase: io_work owns every socket of p from now on. */
static void sanblk_iscsi_go_live(struct iscsi_path *p)
{
	struct iscsi_dev *id = p->id;
	int i;

	lockdep_assert_held(&id->mutex);
	for (i = 0; i < id->nconns; i++) {
		struct iscsi_conn *c = &p->conns[i];

		spin_lock_bh(&c->lock);
		c->failed = false;
		c->ping_out = false;
		c->tmf.state = ISCSI_TMF_NONE;
		c->logout_due = false;
		c->logout_sent = false;
		c->nop_due = false;
		c->last_rx = jiffies;
		memset(&c->tx, 0, sizeof(c->tx));
		memset(c->rx, 0, offsetof(struct iscsi_rx, ctl));
		WRITE_ONCE(c->state, ISCSI_CONN_UP);
		spin_unlock_bh(&c->lock);
		sanblk_iscsi_sock_start(c);
	}
	WRITE_ONCE(p->up, true);
	spin_lock_bh(&id->fail_lock);
	p->last_error[0] = '\0';
	id->last_error[0] = '\0';
	spin_unlock_bh(&id->fail_lock);
	p->retry_ms = ISCSI_RETRY_MIN_MS;
	if (queue_delayed_work(sanblk_iscsi_wq, &id->nop_work,
			       msecs_to_jiffies(ISCSI_NOP_IDLE_MS)))
		WRITE_ONCE(id->nop_ran, jiffies);
}

/* Whether lu, which path p found, is the LUN of the paths that are up. */
static bool sanblk_iscsi_same_lun(struct iscsi_path *p,
				  const struct iscsi_lun *lu, char *err,
				  size_t errlen)
{
	const struct sanblk_disk_info *a = &p->id->lu.info, *b = &lu->info;

	if (!strcmp(a->id, b->id) && a->sectors == b->sectors &&
	    a->logical_block_size == b->logical_block_size)
		return true;
	snprintf(err, errlen,
		 "path %d reaches another LUN (id '%.40s', %llu sectors), not the disk's ('%.40s', %llu sectors)",
		 p->idx, b->id, (unsigned long long)b->sectors, a->id,
		 (unsigned long long)a->sectors);
	return false;
}

/*
 * p identified lu: the disk's first path (or the first back) goes to the
 * core; another joins the paths that are up if it reaches their LUN.
 */
static int sanblk_iscsi_path_up(struct iscsi_path *p, const struct iscsi_lun *lu,
				char *err, size_t errlen)
{
	struct iscsi_dev *id = p->id;
	bool first, seen = p->seen;

	mutex_lock(&id->mutex);
	if (id->stopping) {
		mutex_unlock(&id->mutex);
		return -ESHUTDOWN;
	}
	first = !sanblk_iscsi_any_up(id);
	/*
	 * Once the disk is known, a path of several must reach its LUN even
	 * when it is the first back: the others may; with one path the
	 * core judges, and fails a disk that changed.
	 */
	if ((!first || (id->lu.info.sectors && id->npaths > 1)) &&
	    !sanblk_iscsi_same_lun(p, lu, err, errlen)) {
		mutex_unlock(&id->mutex);
		return -EMEDIUMTYPE;
	}
	if (first)
		id->lu = *lu;
	sanblk_iscsi_go_live(p);
	p->seen = true;
	sanblk_iscsi_adopt(p);
	if (first) {
		sanblk_dev_identified(id->d, &id->lu.info);
	} else {
		pr_info("%s: iscsi: path %d %s (%pISpc)\n", id->d->name,
			p->idx, seen ? "back" : "up", &p->portal);
		sanblk_iscsi_resume_path(p);
	}
	mutex_unlock(&id->mutex);
	return 0;
}

void sanblk_iscsi_session_work(struct work_struct *work)
{
	struct iscsi_path *p = container_of(to_delayed_work(work),
					    struct iscsi_path, session_work);
	struct iscsi_dev *id = p->id;
	char err[SANBLK_ERR_MAX];
	struct iscsi_lun *lu;
	int ret;

	if (READ_ONCE(id->stopping) || READ_ONCE(p->up))
		return;
	lu = kzalloc(sizeof(*lu), GFP_NOIO);
	if (!lu) {
		queue_delayed_work(sanblk_iscsi_wq, &p->session_work, HZ);
		return;
	}
	/* a temporary redirect holds for one login (RFC 7143 11.13.5) */
	if (!p->moved)
		sanblk_iscsi_portal(&p->tgt, &p->portal);
	ret = sanblk_iscsi_nic_prepare(p, err, sizeof(err));
	if (!ret)
		ret = sanblk_iscsi_login_all(p, err, sizeof(err));
	if (!ret)
		ret = sanblk_iscsi_identify(p, lu, err, sizeof(err));
	if (!ret)
		ret = sanblk_iscsi_path_up(p, lu, err, sizeof(err));
	kfree(lu);
	if (ret == -ESHUTDOWN) {
		sanblk_iscsi_stop_conns(p);
		return;
	}
	if (ret == -ENODEV && p->idx == 0 && id->npaths == 1) {
		/* the LUN is not a disk, and will not become one */
		sanblk_iscsi_stop_conns(p);
		spin_lock_bh(&id->fail_lock);
		strscpy(id->last_error, err, sizeof(id->last_error));
		strscpy(p->last_error, err, sizeof(p->last_error));
		spin_unlock_bh(&id->fail_lock);
		pr_err("%s: %s\n", id->d->name, err);
		sanblk_dev_fatal(id->d, "the LUN is not a disk");
		return;
	}
	if (ret) {
		sanblk_iscsi_stop_conns(p);
		sanblk_iscsi_report(p, err);
		if (!p->tries++ && p->idx == 0)
			sanblk_dev_noanswer(id->d);
		queue_delayed_work(sanblk_iscsi_wq, &p->session_work,
				   msecs_to_jiffies(p->retry_ms));
		p->retry_ms = min(p->retry_ms * 2, ISCSI_RETRY_MAX_MS);
		return;
	}
	if (p->tries)
		pr_info("%s: iscsi: %s reached after %u tries\n", id->d->name,
			p->tgt.name, p->tries + 1);
	p->tries = 0;
}

/* Close every connection of p; their io_work does not run any more. */
void sanblk_iscsi_stop_conns(struct iscsi_path *p)
{
	int i;

	WRITE_ONCE(p->up, false);
	for (i = 0; i < p->id->nconns; i++) {
		struct iscsi_conn *c = &p->conns[i];

		spin_lock_bh(&c->lock);
		WRITE_ONCE(c->state, ISCSI_CONN_DOWN);
		spin_unlock_bh(&c->lock);
		/*
		 * io_work may be inside the socket (waiting for its lock):
		 * it must be out before the socket is released.  Once it
		 * sees the connection down it never touches the socket.
		 */
		cancel_work_sync(&c->io_work);
		sanblk_iscsi_sock_close(c);
		sanblk_iscsi_tx_release(c);
		sanblk_iscsi_requeue_all(c);
	}
}

/*
 * Whether the target's answer may be in c's socket, unread: io_work has
 * not run since it came (a CPU busy elsewhere).  Under c->lock, c up.
 */
static bool sanblk_iscsi_rx_pending(struct iscsi_conn *c)
{
	return !skb_queue_empty_lockless(&c->sock->sk->sk_receive_queue);
}

/*
 * One connection's keepalive round, under c->lock, c up: why it is dead
 * (NULL: it is not), and in *kick whether io_work must run (a NOP-Out to
 * send, or an answer waiting unread in the socket).  After a stall every
 * connection gets the full timeout again.
 */
static const char *sanblk_iscsi_nop_check(struct iscsi_conn *c, bool stalled,
					  unsigned long idle, unsigned long dead,
					  bool *kick)
{
	unsigned long quiet = jiffies - c->last_rx;

	if (stalled && quiet > idle) {
		c->last_rx = jiffies - idle;
		quiet = idle;
	}
	if (quiet >= dead) {
		if (!sanblk_iscsi_rx_pending(c))
			return "no answer to NOP-Out";
		*kick = true;
	}
	if (sanblk_iscsi_tmf_overdue(c))
		return "no answer to a TMF or a Logout";
	if (quiet >= idle && !c->ping_out) {
		c->ping_out = true;
		*kick = true;
	}
	return NULL;
}

/*
 * Keepalive: a connection silent for ISCSI_NOP_IDLE_MS gets a NOP-Out;
 * one that stays silent ISCSI_NOP_TIMEOUT_MS more is dead.  When this
 * work itself runs ISCSI_NOP_STALL_MS late, the machine stood still (a
 * paused or starved VM, a CPU held by other work): the silence was ours,
 * not the target's, so every connection gets the full timeout again from
 * now.  An answer waiting unread in the socket is no silence either.
 */
void sanblk_iscsi_nop_work(struct work_struct *work)
{
	struct iscsi_dev *id = container_of(to_delayed_work(work),
					    struct iscsi_dev, nop_work);
	unsigned long idle = msecs_to_jiffies(ISCSI_NOP_IDLE_MS);
	unsigned long dead = idle + msecs_to_jiffies(ISCSI_NOP_TIMEOUT_MS);
	unsigned long late = jiffies - READ_ONCE(id->nop_ran);
	bool stalled = late > msecs_to_jiffies(ISCSI_NOP_STALL_MS);
	int i, n = sanblk_iscsi_npaths(id) * id->nconns;

	if (stalled)
		pr_info("%s: iscsi: this machine stood still for %u ms; the targets get their full NOP timeout again\n",
			id->d->name, jiffies_to_msecs(late));
	for (i = 0; i < n; i++) {
		struct iscsi_conn *c = &id->conns[i];
		const char *why = NULL;
		bool kick = false;

		spin_lock_bh(&c->lock);
		if (c->state == ISCSI_CONN_UP)
			why = sanblk_iscsi_nop_check(c, stalled, idle, dead,
						     &kick);
		spin_unlock_bh(&c->lock);
		if (why)
			sanblk_iscsi_conn_failed(c, why);
		else if (kick)
			queue_work(sanblk_iscsi_wq, &c->io_work);
	}
	WRITE_ONCE(id->nop_ran, jiffies);
	if (sanblk_iscsi_any_up(id))
		queue_delayed_work(sanblk_iscsi_wq, &id->nop_work,
				   msecs_to_jiffies(ISCSI_NOP_IDLE_MS) / 2);
}
