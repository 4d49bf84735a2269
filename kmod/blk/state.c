// SPDX-License-Identifier: GPL-2.0-only
/*
 * A disk's state, owned by the core.  One function changes it, through a
 * table of allowed transitions, under d->state_lock, and logs each change
 * once; transports report events (identified, no answer, path lost,
 * fatal) and the core decides.  The queue follows the state in
 * sync_work (disk.c): held while RECONNECTING, failing at once
 * when FAILED or DEAD.
 *
 * FAILED is terminal: whatever the path does afterwards, the disk stays
 * failed, and so does its I/O.
 */
#include <linux/bits.h>
#include <linux/jiffies.h>
#include <linux/stringify.h>

#include "sanblk.h"

#define S(x)	BIT(SANBLK_STATE_##x)

static const u16 sanblk_allowed[SANBLK_STATE_COUNT] = {
	[SANBLK_STATE_NEW]		= S(DISCOVERING) | S(DELETING),
	[SANBLK_STATE_DISCOVERING]	= S(NOANSWER) | S(LIVE) | S(FAILED) |
					  S(DELETING),
	[SANBLK_STATE_NOANSWER]		= S(DISCOVERING) | S(LIVE) |
					  S(FAILED) | S(DELETING),
	[SANBLK_STATE_LIVE]		= S(RECONNECTING) | S(FAILED) |
					  S(DELETING),
	[SANBLK_STATE_RECONNECTING]	= S(LIVE) | S(FAILED) | S(DELETING),
	[SANBLK_STATE_DELETING]		= S(DEAD),
	[SANBLK_STATE_DEAD]		= 0,
	[SANBLK_STATE_FAILED]		= S(DELETING),
};

#undef S

static const char * const sanblk_state_names[SANBLK_STATE_COUNT] = {
	[SANBLK_STATE_NEW]		= "new",
	[SANBLK_STATE_DISCOVERING]	= "discovering",
	[SANBLK_STATE_NOANSWER]		= "noanswer",
	[SANBLK_STATE_LIVE]		= "live",
	[SANBLK_STATE_RECONNECTING]	= "reconnecting",
	[SANBLK_STATE_DELETING]		= "deleting",
	[SANBLK_STATE_DEAD]		= "dead",
	[SANBLK_STATE_FAILED]		= "failed",
};

const char *sanblk_state_name(enum sanblk_state s)
{
	if ((unsigned int)s >= SANBLK_STATE_COUNT)
		return "unknown";
	return sanblk_state_names[s];
}

static bool sanblk_waits(enum sanblk_state s)
{
	return s == SANBLK_STATE_DISCOVERING || s == SANBLK_STATE_NOANSWER ||
	       s == SANBLK_STATE_RECONNECTING;
}

/* (Re)start the timeout= clock of a disk that waits for its target. */
void sanblk_arm_deadline(struct sanblk_dev *d)
{
	unsigned long t = READ_ONCE(d->timeout);

	if (t && sanblk_waits(sanblk_dev_state(d)))
		mod_delayed_work(sanblk_wq, &d->deadline_work, t * HZ);
	else
		cancel_delayed_work(&d->deadline_work);
}

/*
 * Move d to state to.  Returns true when d is in state to afterwards
 * (also when it already was); false when the table forbids the move,
 * which is a bug in the caller: events that may come too late are
 * filtered before this is called.  Any context.
 */
bool sanblk_change_state(struct sanblk_dev *d, enum sanblk_state to)
{
	enum sanblk_state from;
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&d->state_lock, flags);
	from = d->state;
	ok = from == to || (sanblk_allowed[from] & BIT(to));
	if (ok && from != to) {
		WRITE_ONCE(d->state, to);
		d->state_since = jiffies;
		if (to == SANBLK_STATE_LIVE)
			WRITE_ONCE(d->path_up, true);
		else if (to != SANBLK_STATE_DELETING)
			WRITE_ONCE(d->path_up, false);
		pr_info("%s: %s -> %s\n", d->name, sanblk_state_name(from),
			sanblk_state_name(to));
	}
	spin_unlock_irqrestore(&d->state_lock, flags);
	if (!ok) {
#ifdef SANBLK_DEBUG
		WARN_ONCE(1, "%s: illegal state change %s -> %s\n", d->name,
			  sanblk_state_name(from), sanblk_state_name(to));
#else
		pr_err_once("%s: illegal state change %s -> %s refused\n",
			    d->name, sanblk_state_name(from),
			    sanblk_state_name(to));
#endif
		return false;
	}
	if (from != to) {
		sanblk_arm_deadline(d);
		queue_work(sanblk_wq, &d->sync_work);
	}
	return true;
}

/*
 * Move d from one of the states in mask to state to; false, silently,
 * when d is in none of them (an event that came too late).
 */
static bool sanblk_change_state_from(struct sanblk_dev *d, unsigned int mask,
				     enum sanblk_state to)
{
	unsigned long flags;
	bool in;

	spin_lock_irqsave(&d->state_lock, flags);
	in = mask & BIT(d->state);
	spin_unlock_irqrestore(&d->state_lock, flags);
	/* a change in between is one the table allows or refuses alike */
	return in && sanblk_change_state(d, to);
}

#define SANBLK_ALIVE	(BIT(SANBLK_STATE_DISCOVERING) |		\
			 BIT(SANBLK_STATE_NOANSWER) |			\
			 BIT(SANBLK_STATE_LIVE) |			\
			 BIT(SANBLK_STATE_RECONNECTING))

void sanblk_dev_noanswer(struct sanblk_dev *d)
{
	sanblk_change_state_from(d, BIT(SANBLK_STATE_DISCOVERING),
				 SANBLK_STATE_NOANSWER);
}

/*
 * A disk being removed can write nothing back any more: say why, once,
 * and have sync_work fail what waits.
 */
static void sanblk_deleting_no_path(struct sanblk_dev *d, const char *why)
{
	if (!xchg(&d->path_up, false))
		return;
	pr_warn("%s: %s; failing its I/O\n", d->name, why);
	queue_work(sanblk_wq, &d->sync_work);
}

void sanblk_dev_path_lost(struct sanblk_dev *d, const char *why)
{
	char msg[96];

	if (sanblk_dev_state(d) == SANBLK_STATE_DELETING) {
		snprintf(msg, sizeof(msg), "path lost while being removed (%s)",
			 why);
		sanblk_deleting_no_path(d, msg);
		return;
	}
	if (sanblk_change_state_from(d, BIT(SANBLK_STATE_LIVE),
				     SANBLK_STATE_RECONNECTING))
		pr_warn("%s: path lost (%s); I/O waits for it\n", d->name,
			why);
}

void sanblk_dev_fatal(struct sanblk_dev *d, const char *why)
{
	if (sanblk_change_state_from(d, SANBLK_ALIVE, SANBLK_STATE_FAILED))
		pr_err("%s: %s; the disk is failed (remove it)\n", d->name,
		       why);
	else if (sanblk_dev_state(d) == SANBLK_STATE_DELETING)
		sanblk_dev_path_lost(d, why);
}

/*
 * The transport found (or found again) the remote disk.  Any context; the
 * verdict is given by ident_work.
 */
void sanblk_dev_identified(struct sanblk_dev *d,
			   const struct sanblk_disk_info *info)
{
	spin_lock_bh(&d->found_lock);
	d->found = *info;
	/* in order with sanblk_dev_set_capacity(): the latest one holds */
	sanblk_capacity_note(d, info->queue_depth, info->max_sectors);
	spin_unlock_bh(&d->found_lock);
	queue_work(sanblk_wq, &d->ident_work);
}

/* Why the disk found now is not the one it was; NULL when it is. */
static const char *sanblk_ident_differs(const struct sanblk_disk_info *was,
					const struct sanblk_disk_info *now)
{
	if (now->sectors != was->sectors)
		return "size";
	if (now->logical_block_size != was->logical_block_size)
		return "block size";
	if (strcmp(now->id, was->id))
		return "identifier";
	return NULL;
}

/*
 * Judge an identification under d->lock: compare with what the first one
 * found, then LIVE (the transport resumes) or FAILED.  The first one
 * accepted records the disk's identity and hands the creation of
 * /dev/sanblkN to create_work.
 */
static void sanblk_ident_work(struct work_struct *work)
{
	struct sanblk_dev *d = container_of(work, struct sanblk_dev,
					    ident_work);
	struct sanblk_disk_info found, *f = &found;
	enum sanblk_state s;
	const char *what;

	spin_lock_bh(&d->found_lock);
	found = d->found;
	spin_unlock_bh(&d->found_lock);

	mutex_lock(&d->lock);
	s = sanblk_dev_state(d);
	if (s == SANBLK_STATE_FAILED || s == SANBLK_STATE_DEAD ||
	    !d->attached)
		goto out_unlock;
	what = d->identified ? sanblk_ident_differs(&d->info, f) : NULL;
	if (what) {
		pr_err("%s: the target changed while the path was gone (%s: %llu -> %llu sectors, id '%s' -> '%s')\n",
		       d->name, what, d->info.sectors, f->sectors, d->info.id,
		       f->id);
		sanblk_dev_fatal(d, "it is not the disk it was");
		goto out_unlock;
	}
	if (!d->identified) {
		d->identified = true;
		d->info = *f;
		queue_work(sanblk_wq, &d->create_work);
	}
	/* LIVE before add_disk(): the partition scan reads the disk */
	if (s == SANBLK_STATE_DELETING) {
		if (!xchg(&d->path_up, true))
			queue_work(sanblk_wq, &d->sync_work);
	} else if (!sanblk_change_state(d, SANBLK_STATE_LIVE)) {
		goto out_unlock;
	}
	d->ops->resume(d);
out_unlock:
	mutex_unlock(&d->lock);
}

/* timeout= ran out while the disk waited for its target (or a removal). */
static void sanblk_deadline_work(struct work_struct *work)
{
	struct sanblk_dev *d = container_of(to_delayed_work(work),
					    struct sanblk_dev, deadline_work);
	enum sanblk_state s = sanblk_dev_state(d);
	char canon[SANBLK_TARGET_MAX];

	if (s == SANBLK_STATE_DELETING) {
		sanblk_deleting_no_path(d, "write-back before removal not done after "
					__stringify(SANBLK_REMOVE_FLUSH) " s");
		return;
	}
	if (!sanblk_waits(s))
		return;
	sanblk_target_format(&d->tgt, false, canon, sizeof(canon));
	if (s == SANBLK_STATE_RECONNECTING)
		pr_err("%s: %s: the path did not come back within timeout=%u s; giving up\n",
		       d->name, canon, READ_ONCE(d->timeout));
	else
		pr_err("%s: %s: no answer within timeout=%u s; giving up (remove the disk, or add it again with a longer timeout=)\n",
		       d->name, canon, READ_ONCE(d->timeout));
	sanblk_change_state_from(d, SANBLK_ALIVE, SANBLK_STATE_FAILED);
}

void sanblk_state_init(struct sanblk_dev *d)
{
	spin_lock_init(&d->state_lock);
	spin_lock_init(&d->found_lock);
	d->state = SANBLK_STATE_NEW;
	d->state_since = jiffies;
	INIT_WORK(&d->ident_work, sanblk_ident_work);
	INIT_DELAYED_WORK(&d->deadline_work, sanblk_deadline_work);
}

/* No verdict and no deadline after this; the transport is stopped. */
void sanblk_state_stop(struct sanblk_dev *d)
{
	cancel_work_sync(&d->ident_work);
	cancel_delayed_work_sync(&d->deadline_work);
}
