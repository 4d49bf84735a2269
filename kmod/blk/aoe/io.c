// SPDX-License-Identifier: GPL-2.0-only
/*
 * Requests: cutting them into frames, retransmission, and the answers
 * that complete them.
 */
#include "aoe.h"

/*
 * Copy len bytes between rq's data at byte offset off and skb's at skboff:
 * into rq (a READ answer, any skb layout) or out of it (a WRITE, into
 * our own linear frame buffer).  The request is entered at off, bio by
 * bio, not walked from its start: a request is cut into up to
 * AOE_FRAMES_PER_RQ frames, and walking every segment before each one
 * made the copy quadratic in the request's size.
 */
void sanblk_aoe_copy_rq(struct request *rq, u32 off, struct sk_buff *skb,
			int skboff, u32 len, bool to_rq)
{
	struct bio *bio;

	for (bio = rq->bio; bio && len; bio = bio->bi_next) {
		struct bvec_iter iter = bio->bi_iter;

		if (off >= iter.bi_size) {
			off -= iter.bi_size;
			continue;
		}
		bio_advance_iter(bio, &iter, off);
		off = 0;
		while (len && iter.bi_size) {
			struct bio_vec bv = bio_iter_iovec(bio, iter);

			bv.bv_len = min(bv.bv_len, len);
			if (to_rq) {
				void *p = bvec_kmap_local(&bv);

				/* the length was checked against skb->len */
				WARN_ON_ONCE(skb_copy_bits(skb, skboff, p,
							   bv.bv_len));
				flush_dcache_page(bv.bv_page);
				kunmap_local(p);
			} else {
				memcpy_from_bvec(skb->data + skboff, &bv);
			}
			skboff += bv.bv_len;
			len -= bv.bv_len;
			bio_advance_iter_single(bio, &iter, bv.bv_len);
		}
	}
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
			sanblk_aoe_frame_put(a, f);
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

	sanblk_aoe_frame_put(a, f);
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

void sanblk_aoe_end_requests(struct list_head *done)
{
	struct aoe_pdu *pdu, *tmp;

	list_for_each_entry_safe(pdu, tmp, done, node) {
		list_del(&pdu->node);
		sanblk_end_request(sanblk_tp_rq(pdu), pdu->status);
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

		pi = sanblk_aoe_pick_port(a, 1, false, -1);
		if (pi < 0)
			return;
		f = sanblk_aoe_frame_get(a, true);
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
		if (sanblk_aoe_frame_xmit(a, f, pi, q)) {
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
void sanblk_aoe_resend(struct aoe_dev *a, bool all, int revived,
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
		pi = sanblk_aoe_pick_port(a, f->nsect, true, -1);
		if (pi < 0)
			continue;	/* too big for every port: the timer splits it */
		if (sanblk_aoe_frame_xmit(a, f, pi, q)) {
			/* frees other frames of the request: stop walking */
			aoe_frame_done(a, f, BLK_STS_IOERR, done);
			break;
		}
	}
	aoe_pump(a, q, done);
}

/*
 * An ATA answer: the AoE header was decoded, the ATA part starts at off.
 * skb is read where it lies (skb_header_pointer(), skb_copy_bits()):
 * nothing is allocated on the way from the wire to the request.  The
 * frames it lets go out are put on q and the requests it completes on
 * done, for the caller to send and end once it has handled every answer
 * of the batch the NIC delivered (inside an RCU read section, which
 * keeps the ports' NICs alive until then).
 */
void sanblk_aoe_rx_ata(struct aoe_dev *a, struct net_device *nd,
		       const u8 *src, const struct sanblk_aoe_hdr *h,
		       struct sk_buff *skb, unsigned int off,
		       struct sk_buff_head *q, struct list_head *done)
{
	u8 abuf[SANBLK_AOE_ATA_LEN];
	struct sanblk_aoe_ata ata;
	unsigned int len;
	const u8 *hp;
	blk_status_t st = BLK_STS_OK;
	struct aoe_frame *f;
	struct aoe_port *p;
	char why[96];
	int n, pi;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "rx_ata outside RCU");
	if (h->tag & AOE_TAG_QUERY)
		return;
	spin_lock_bh(&a->lock);
	/*
	 * Only a known port's target answers: a frame from another MAC, or
	 * on a NIC that is not one of the disk's paths, is forged or lost
	 * its way, whatever its tag.
	 */
	nd = sanblk_aoe_rx_nic(a, nd);
	pi = nd ? sanblk_aoe_port_find(a, nd, src) : -1;
	if (pi < 0 || a->ports[pi].rejected)
		goto out_unlock;
	/* any answer, even a late one, shows the port is alive */
	a->ports[pi].waiting = false;
	f = &a->frames[AOE_TAG_IDX(h->tag)];
	if (f->kind == AOE_F_FREE || f->tag != h->tag)
		goto out_unlock;	/* late duplicate */
	/* a port not yet verified answers its own IDENTIFY, nothing else */
	if (!a->ports[pi].verified &&
	    (f->kind != AOE_F_IDENTIFY || f->port != pi))
		goto out_unlock;

	if (f->port >= 0) {
		p = &a->ports[f->port];
		if (!f->retries && f->port == pi)
			sanblk_aoe_rtt_sample(p, ktime_us_delta(ktime_get(), f->sent));
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
		sanblk_aoe_identified(a, pi, a->id_buf, len);
	} else if (f->kind == AOE_F_RW && !f->write) {
		u32 want = f->nsect * SANBLK_SECTOR;

		if (len < want) {
			st = BLK_STS_IOERR;
			snprintf(why, sizeof(why), "read answer of %u bytes, %u expected",
				 len, want);
			goto out_err;
		}
		sanblk_aoe_copy_rq(f->rq, f->off, skb, off, want, true);
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
	aoe_frame_done(a, f, st, done);
	aoe_pump(a, q, done);
out_unlock:
	spin_unlock_bh(&a->lock);
}

/*
 * Whether write frame f is sent again on its own port.  A target serves
 * a port's frames in order, so a copy of the write still queued there
 * is written before anything sent after the retransmission; sent on
 * another port, the old copy could land after newer data.  A write
 * therefore leaves its port only once the port is dead (silent for its
 * silence limit, 4 s at least) or too small for it.
 */
static bool aoe_write_stays(struct aoe_dev *a, struct aoe_frame *f)
{
	struct aoe_port *p;

	if (f->kind != AOE_F_RW || !f->write || f->port < 0)
		return false;
	p = &a->ports[f->port];
	return aoe_port_ok(p) && p->spf >= f->nsect;
}

void sanblk_aoe_timer_fn(struct timer_list *t)
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
	if (time_after(now, t->expires + msecs_to_jiffies(AOE_STALL_MS)))
		sanblk_aoe_stood_still(a, now, now - t->expires);
	died = sanblk_aoe_check_ports(a, now);
	list_for_each_entry_safe(f, tmp, &a->active, node) {
		int pi, old = f->port;

		if (f->kind != AOE_F_IDENTIFY && !a->identified)
			continue;	/* waits for the path to return */
		tick = true;
		if (time_before(now, f->deadline))
			continue;
		if (f->unsent && old >= 0 &&
		    (f->kind == AOE_F_IDENTIFY ? aoe_port_live(&a->ports[old]) :
		     aoe_port_ok(&a->ports[old])) &&
		    a->ports[old].spf >= f->nsect) {
			/* never went out: no loss, no retransmission */
			if (sanblk_aoe_frame_xmit(a, f, old, &q)) {
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
			p->cut_until = now + sanblk_aoe_rto(p, 0);
		}
		if (f->kind == AOE_F_IDENTIFY) {
			/* it verifies its port: never sent through another */
			if (f->retries + 1 >= AOE_IDENT_TRIES || old < 0 ||
			    !aoe_port_live(&a->ports[old])) {
				a->identifying = false;
				sanblk_aoe_frame_put(a, f);
				continue;
			}
			pi = old;
		} else if (aoe_write_stays(a, f)) {
			pi = old;
		} else {
			pi = sanblk_aoe_pick_port(a, f->nsect, true, old);
		}
		if (pi < 0 && f->kind == AOE_F_RW)
			pi = sanblk_aoe_split_frame(a, f, old);
		if (pi < 0) {
			f->deadline = now + AOE_TICK;
			continue;
		}
		if (!f->unsent) {
			f->retries++;
			atomic64_inc(&a->d->retransmits);
		}
		if (sanblk_aoe_frame_xmit(a, f, pi, &q)) {
			/* frees other frames of the request: stop walking */
			aoe_frame_done(a, f, BLK_STS_IOERR, &done);
			break;
		}
	}
	if (a->identified && !sanblk_aoe_have_port(a))
		sanblk_aoe_path_lost(a, died ? "the target went silent" :
				     "no usable port");
	if (!a->stopping && tick)
		mod_timer(&a->timer, now + AOE_TICK);
	sanblk_aoe_unlock_xmit(a, &q);
	sanblk_aoe_end_requests(&done);
}

/*
 * Forget rq: free its frames (their answers, should any come, no longer
 * match a tag) and take it off the queue.  False when its completion was
 * already decided.
 */
bool sanblk_aoe_cancel_rq(struct sanblk_dev *d, struct request *rq)
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

blk_status_t sanblk_aoe_queue_rq(struct sanblk_dev *d, struct request *rq)
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
	sanblk_aoe_unlock_xmit(a, &q);
	sanblk_aoe_end_requests(&done);
	return BLK_STS_OK;
}
