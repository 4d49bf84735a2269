// SPDX-License-Identifier: GPL-2.0-only
/*
 * The feature phase's receive side: tcp_read_sock() hands us the socket's
 * queued bytes skb by skb (in the socket's data_ready, else in io_work),
 * and one PDU at a time is taken in, in three parts: the header (BHS,
 * AHS, header digest), the data segment (straight into the request's
 * pages for Data-In, else into a small buffer) and the tail (padding,
 * data digest).  Nothing the target sends sizes anything before it is
 * checked: the data segment against our MaxRecvDataSegmentLength and
 * then against the command it answers.
 */
#include <linux/highmem.h>

#include "iscsi.h"

static void sanblk_iscsi_rx_reset(struct iscsi_rx *rx)
{
	rx->hdr_have = 0;
	rx->hdr_need = SANBLK_ISCSI_BHS_LEN;
	rx->data_have = 0;
	rx->tail_have = 0;
	rx->tail_need = 0;
	rx->rq = NULL;
	rx->crc = ~0u;
}

/* The header is in: check it and decide where its data goes. */
static int sanblk_iscsi_rx_header(struct iscsi_conn *c, struct iscsi_rx *rx)
{
	u32 hlen = SANBLK_ISCSI_BHS_LEN + rx->pl.ahs;
	u32 off;

	if (c->fr.header_digest &&
	    sanblk_get_le32(rx->hdr + hlen) != ~crc32c(~0u, rx->hdr, hlen))
		return -EBADMSG;
	if (rx->bhs.opcode == SANBLK_ISCSI_OP_DATA_IN) {
		rx->rq = sanblk_iscsi_rx_data_rq(c, &rx->bhs, &off);
		if (!rx->rq)
			return -EPROTO;
		iscsi_cursor_seek(&rx->cu, rx->rq, off);
	} else if (rx->pl.data > sizeof(rx->ctl)) {
		return -EMSGSIZE;
	}
	rx->tail_need = rx->pl.pad;
	if (c->fr.data_digest && rx->pl.data)
		rx->tail_need += SANBLK_ISCSI_DIGEST_LEN;
	return 0;
}

static int sanblk_iscsi_rx_hdr(struct iscsi_conn *c, struct iscsi_rx *rx,
			       struct sk_buff *skb, unsigned int off,
			       size_t len)
{
	u32 n = min_t(size_t, len, rx->hdr_need - rx->hdr_have);
	int ret;

	if (skb_copy_bits(skb, off, rx->hdr + rx->hdr_have, n))
		return -EFAULT;
	rx->hdr_have += n;
	if (rx->hdr_have == SANBLK_ISCSI_BHS_LEN &&
	    rx->hdr_need == SANBLK_ISCSI_BHS_LEN) {
		ret = sanblk_iscsi_get_bhs(rx->hdr, SANBLK_ISCSI_BHS_LEN,
					   &rx->bhs);
		if (ret < 0 || !sanblk_iscsi_target_opcode(rx->bhs.opcode))
			return -EPROTO;
		ret = sanblk_iscsi_pdu_len(&rx->bhs, &c->fr, &rx->pl);
		if (ret)
			return ret;
		rx->hdr_need += rx->pl.ahs;
		if (c->fr.header_digest)
			rx->hdr_need += SANBLK_ISCSI_DIGEST_LEN;
	}
	if (rx->hdr_have == rx->hdr_need) {
		ret = sanblk_iscsi_rx_header(c, rx);
		if (ret)
			return ret;
	}
	return n;
}

static int sanblk_iscsi_rx_data(struct iscsi_conn *c, struct iscsi_rx *rx,
				struct sk_buff *skb, unsigned int off,
				size_t len)
{
	u32 n = min_t(size_t, len, rx->pl.data - rx->data_have);
	bool digest = c->fr.data_digest;
	u32 done = 0;

	if (!rx->rq) {
		if (skb_copy_bits(skb, off, rx->ctl + rx->data_have, n))
			return -EFAULT;
		if (digest)
			rx->crc = crc32c(rx->crc, rx->ctl + rx->data_have, n);
		rx->data_have += n;
		return n;
	}
	while (done < n) {
		struct bio_vec bv = iscsi_cursor_bvec(&rx->cu, n - done);
		u8 *p = kmap_local_page(bv.bv_page) + bv.bv_offset;
		int ret = skb_copy_bits(skb, off + done, p, bv.bv_len);

		if (!ret && digest)
			rx->crc = crc32c(rx->crc, p, bv.bv_len);
		kunmap_local(p);
		if (ret)
			return -EFAULT;
		iscsi_cursor_advance(&rx->cu, bv.bv_len);
		done += bv.bv_len;
	}
	rx->data_have += n;
	return n;
}

static int sanblk_iscsi_rx_tail(struct iscsi_conn *c, struct iscsi_rx *rx,
				struct sk_buff *skb, unsigned int off,
				size_t len)
{
	u32 n = min_t(size_t, len, rx->tail_need - rx->tail_have);

	if (skb_copy_bits(skb, off, rx->tail + rx->tail_have, n))
		return -EFAULT;
	rx->tail_have += n;
	return n;
}

/* Everything of the PDU is in: check the data digest and act on it. */
static int sanblk_iscsi_rx_done(struct iscsi_conn *c, struct iscsi_rx *rx)
{
	if (c->fr.data_digest && rx->pl.data) {
		u32 crc = ~crc32c(rx->crc, rx->tail, rx->pl.pad);

		if (sanblk_get_le32(rx->tail + rx->pl.pad) != crc)
			return -EBADMSG;
	}
	sanblk_iscsi_rx_pdu(c, rx);
	sanblk_iscsi_rx_reset(rx);
	return 0;
}

static int sanblk_iscsi_rx_step(struct iscsi_conn *c, struct iscsi_rx *rx,
				struct sk_buff *skb, unsigned int off,
				size_t len)
{
	int n = 0, ret;

	if (rx->hdr_have < rx->hdr_need)
		n = sanblk_iscsi_rx_hdr(c, rx, skb, off, len);
	else if (rx->data_have < rx->pl.data)
		n = sanblk_iscsi_rx_data(c, rx, skb, off, len);
	else if (rx->tail_have < rx->tail_need)
		n = sanblk_iscsi_rx_tail(c, rx, skb, off, len);
	if (n < 0)
		return n;
	if (rx->hdr_have == rx->hdr_need && rx->data_have == rx->pl.data &&
	    rx->tail_have == rx->tail_need) {
		ret = sanblk_iscsi_rx_done(c, rx);
		if (ret)
			return ret;
	}
	return n;
}

static int sanblk_iscsi_recv_skb(read_descriptor_t *desc, struct sk_buff *skb,
				 unsigned int off, size_t len)
{
	struct iscsi_conn *c = desc->arg.data;
	struct iscsi_rx *rx = c->rx;
	size_t left = len;

	while (left) {
		int n = sanblk_iscsi_rx_step(c, rx, skb, off, left);

		if (n < 0) {
			rx->err = n;
			desc->count = 0;
			return len - left;
		}
		off += n;
		left -= n;
	}
	return len;
}

/* Read what sk has; the caller holds sk's lock (or owns it). */
static int sanblk_iscsi_read(struct iscsi_conn *c, struct sock *sk)
{
	read_descriptor_t desc = { .arg.data = c, .count = 1 };
	int n;

	if (!c->rx->hdr_need)
		sanblk_iscsi_rx_reset(c->rx);
	c->rx->err = 0;
	n = sk->sk_socket->ops->read_sock(sk, &desc, sanblk_iscsi_recv_skb);
	if (c->rx->err)
		return c->rx->err;
	return n < 0 ? n : n > 0;
}

/* What the socket has: > 0 when something was read, < 0 when it broke. */
int sanblk_iscsi_rx(struct iscsi_conn *c)
{
	struct sock *sk = c->sock->sk;
	int n;

	lock_sock(sk);
	n = sanblk_iscsi_read(c, sk);
	release_sock(sk);
	return n;
}

static const char *sanblk_iscsi_why(int err)
{
	if (err == -EBADMSG)
		return "a digest did not match";
	if (err == -EPROTO || err == -EMSGSIZE)
		return "the target broke the protocol";
	return "the connection broke";
}

/*
 * sk has data: its data_ready, called with sk locked, in softirq or by
 * the socket's owner as it releases it.  The answers are taken in here,
 * as iscsi_tcp does, and commands end without a round through the
 * workqueue; io_work runs when something must be sent in return (an
 * R2T's data, the echo of a NOP-In, commands the window now lets go).
 */
void sanblk_iscsi_rx_ready(struct iscsi_conn *c, struct sock *sk)
{
	int n = sanblk_iscsi_read(c, sk);

	if (n < 0)
		sanblk_iscsi_conn_failed(c, sanblk_iscsi_why(n));
	else if (n > 0 && sanblk_iscsi_tx_wanted(c))
		queue_work(sanblk_iscsi_wq, &c->io_work);
}

void sanblk_iscsi_io_work(struct work_struct *work)
{
	struct iscsi_conn *c = container_of(work, struct iscsi_conn, io_work);
	unsigned long deadline = jiffies + msecs_to_jiffies(1);
	unsigned int noreclaim = memalloc_noreclaim_save();
	bool more = false;
	int r, t;

	do {
		if (!sanblk_iscsi_conn_live(c))
			break;
		t = sanblk_iscsi_tx(c);
		r = t < 0 ? 0 : sanblk_iscsi_rx(c);
		if (t < 0 || r < 0) {
			sanblk_iscsi_conn_failed(c, sanblk_iscsi_why(t < 0 ? t : r));
			break;
		}
		more = r > 0 || t > 0;
	} while (more && time_before(jiffies, deadline));
	memalloc_noreclaim_restore(noreclaim);
	if (more && sanblk_iscsi_conn_live(c))
		queue_work(sanblk_iscsi_wq, &c->io_work);
}
