// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel TCP sockets for the iSCSI transport.  They are made safe to use
 * under memory pressure as nvme-tcp's are: the socket may dip into the
 * reserves (sk_set_memalloc), allocates without recursing into I/O, and
 * is written from a WQ_MEM_RECLAIM workqueue only.  Before the feature
 * phase, session_work reads and writes whole PDUs synchronously, with a
 * timeout on each; afterwards io_work writes, the socket's data_ready
 * reads (io_work too, for what comes while it holds the socket), and the
 * callbacks below wake io_work.
 */
#include <linux/inet.h>
#include <linux/tcp.h>
#include <net/tcp.h>

#include "iscsi.h"

int sanblk_iscsi_portal(const struct sanblk_target *t,
			struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (t->server.family == 4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(t->port);
		memcpy(&sin->sin_addr, t->server.addr, 4);
		return 0;
	}
	if (t->server.family == 6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(t->port);
		memcpy(&sin6->sin6_addr, t->server.addr, 16);
		return 0;
	}
	return -EAFNOSUPPORT;
}

static void sanblk_iscsi_data_ready(struct sock *sk)
{
	struct iscsi_conn *c;

	read_lock_bh(&sk->sk_callback_lock);
	c = sk->sk_user_data;
	if (c && sanblk_iscsi_conn_live(c))
		sanblk_iscsi_rx_ready(c, sk);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void sanblk_iscsi_write_space(struct sock *sk)
{
	struct iscsi_conn *c;

	read_lock_bh(&sk->sk_callback_lock);
	c = sk->sk_user_data;
	if (c && sk_stream_is_writeable(sk)) {
		clear_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		if (READ_ONCE(c->state) == ISCSI_CONN_UP)
			queue_work(sanblk_iscsi_wq, &c->io_work);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

static void sanblk_iscsi_state_change(struct sock *sk)
{
	struct iscsi_conn *c;

	read_lock_bh(&sk->sk_callback_lock);
	c = sk->sk_user_data;
	if (c) {
		switch (sk->sk_state) {
		case TCP_CLOSE:
		case TCP_CLOSE_WAIT:
		case TCP_LAST_ACK:
		case TCP_FIN_WAIT1:
		case TCP_FIN_WAIT2:
			/* after our Logout, the close is its answer too */
			sanblk_iscsi_conn_failed(c, READ_ONCE(c->logout_sent) ?
						 "logged out, as the target asked" :
						 "the target closed the connection");
			break;
		default:
			break;
		}
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

/* The feature phase begins: io_work owns the socket from now on. */
void sanblk_iscsi_sock_start(struct iscsi_conn *c)
{
	struct sock *sk = c->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = c;
	c->saved_data_ready = sk->sk_data_ready;
	c->saved_write_space = sk->sk_write_space;
	c->saved_state_change = sk->sk_state_change;
	sk->sk_data_ready = sanblk_iscsi_data_ready;
	sk->sk_write_space = sanblk_iscsi_write_space;
	sk->sk_state_change = sanblk_iscsi_state_change;
	write_unlock_bh(&sk->sk_callback_lock);
}

/* Shut the socket and release it; io_work must not run any more. */
void sanblk_iscsi_sock_close(struct iscsi_conn *c)
{
	struct socket *sock = c->sock;
	struct sock *sk;

	if (!sock)
		return;
	sk = sock->sk;
	write_lock_bh(&sk->sk_callback_lock);
	if (sk->sk_user_data) {
		sk->sk_user_data = NULL;
		sk->sk_data_ready = c->saved_data_ready;
		sk->sk_write_space = c->saved_write_space;
		sk->sk_state_change = c->saved_state_change;
	}
	write_unlock_bh(&sk->sk_callback_lock);
	kernel_sock_shutdown(sock, SHUT_RDWR);
	sock_release(sock);
	c->sock = NULL;
}

static void sanblk_iscsi_sock_opts(struct socket *sock)
{
	struct sock *sk = sock->sk;

	tcp_sock_set_nodelay(sk);
	/*
	 * Closed with a reset: what was still queued is dropped, not sent
	 * by the orphaned socket when the link comes back -- by then the
	 * commands in it have gone out again, maybe on another path.
	 */
	sock_no_linger(sk);
	/* a connection carrying swap or the root file system */
	sk_set_memalloc(sk);
	sk->sk_allocation = GFP_NOIO;
	lock_sock(sk);
	sk->sk_sndtimeo = msecs_to_jiffies(ISCSI_CONNECT_MS);
	sk->sk_rcvtimeo = msecs_to_jiffies(ISCSI_LOGIN_MS);
	release_sock(sk);
}

static int sanblk_iscsi_sa_len(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
	       sizeof(struct sockaddr_in);
}

/* For sysfs: our address and port, and the interface the route uses. */
static void sanblk_iscsi_note_ends(struct iscsi_conn *c)
{
	struct dst_entry *dst = sk_dst_get(c->sock->sk);
	struct sockaddr_storage me;

	if (kernel_getsockname(c->sock, (struct sockaddr *)&me) >= 0)
		snprintf(c->local, sizeof(c->local), "%pISpc", &me);
	spin_lock_bh(&c->lock);
	strscpy(c->nic, dst ? dst->dev->name : "", sizeof(c->nic));
	WRITE_ONCE(c->ifindex, dst ? dst->dev->ifindex : 0);
	spin_unlock_bh(&c->lock);
	dst_release(dst);
}

/* Connect c to the portal, from the NIC's address when from has one. */
int sanblk_iscsi_connect(struct iscsi_conn *c,
			 const struct sockaddr_storage *to,
			 const struct sockaddr_storage *from,
			 char *err, size_t errlen)
{
	struct socket *sock;
	int ret;

	ret = sock_create_kern(&init_net, to->ss_family, SOCK_STREAM,
			       IPPROTO_TCP, &sock);
	if (ret) {
		snprintf(err, errlen, "cannot create a TCP socket (%d)", ret);
		return ret;
	}
	sanblk_iscsi_sock_opts(sock);
	if (from->ss_family == to->ss_family) {
		ret = kernel_bind(sock, (struct sockaddr *)from,
				  sanblk_iscsi_sa_len(from));
		if (ret) {
			snprintf(err, errlen, "cannot bind to the NIC's address %pISc (%d)",
				 from, ret);
			sock_release(sock);
			return ret;
		}
	}
	ret = kernel_connect(sock, (struct sockaddr *)to,
			     sanblk_iscsi_sa_len(to), 0);
	if (ret) {
		snprintf(err, errlen, "cannot connect to %pISpc: %s", to,
			 ret == -ECONNREFUSED ? "refused (is the target running, on that port?)" :
			 ret == -ETIMEDOUT || ret == -EINPROGRESS || ret == -EAGAIN ?
			 "no answer" : ret == -ENETUNREACH || ret == -EHOSTUNREACH ?
			 "no route (is the NIC up, with an address?)" : "failed");
		sock_release(sock);
		return ret;
	}
	c->sock = sock;
	sanblk_iscsi_note_ends(c);
	return 0;
}

static int sanblk_iscsi_xfer(struct iscsi_conn *c, u8 *buf, size_t len,
			     bool send)
{
	size_t done = 0;
	unsigned int noreclaim = memalloc_noreclaim_save();
	int ret = 0;

	while (done < len) {
		struct kvec iov = { .iov_base = buf + done, .iov_len = len - done };
		struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };

		if (send)
			ret = kernel_sendmsg(c->sock, &msg, &iov, 1, iov.iov_len);
		else
			ret = kernel_recvmsg(c->sock, &msg, &iov, 1, iov.iov_len,
					     MSG_WAITALL);
		if (ret == 0)
			ret = -ECONNRESET;
		if (ret < 0)
			break;
		done += ret;
		ret = 0;
	}
	memalloc_noreclaim_restore(noreclaim);
	return ret;
}

int sanblk_iscsi_send_sync(struct iscsi_conn *c, const u8 *buf, size_t len)
{
	return sanblk_iscsi_xfer(c, (u8 *)buf, len, true);
}

static u32 sanblk_iscsi_crc(const u8 *p, size_t len)
{
	return ~crc32c(~0u, p, len);
}

/*
 * One whole PDU, synchronously: its BHS into *h and its data segment
 * (up to size bytes; a longer one is a protocol error here) into data.
 * Digests are checked when the connection has them.
 */
int sanblk_iscsi_recv_sync(struct iscsi_conn *c, struct sanblk_iscsi_bhs *h,
			   u8 *data, size_t size, u32 *dlen)
{
	u8 *hdr = c->rx->hdr;
	struct sanblk_iscsi_pdu_len pl;
	u32 hlen, rest;
	u8 tail[8];
	int ret;

	ret = sanblk_iscsi_xfer(c, hdr, SANBLK_ISCSI_BHS_LEN, false);
	if (ret)
		return ret;
	ret = sanblk_iscsi_get_bhs(hdr, SANBLK_ISCSI_BHS_LEN, h);
	if (ret < 0)
		return ret;
	ret = sanblk_iscsi_pdu_len(h, &c->fr, &pl);
	if (ret)
		return ret;
	if (pl.data > size)
		return -EMSGSIZE;
	hlen = SANBLK_ISCSI_BHS_LEN + pl.ahs;
	rest = pl.ahs + (c->fr.header_digest ? SANBLK_ISCSI_DIGEST_LEN : 0);
	ret = sanblk_iscsi_xfer(c, hdr + SANBLK_ISCSI_BHS_LEN, rest, false);
	if (ret)
		return ret;
	if (c->fr.header_digest &&
	    sanblk_get_le32(hdr + hlen) != sanblk_iscsi_crc(hdr, hlen))
		return -EBADMSG;
	ret = sanblk_iscsi_xfer(c, data, pl.data, false);
	if (ret)
		return ret;
	rest = pl.pad + (c->fr.data_digest && pl.data ? SANBLK_ISCSI_DIGEST_LEN : 0);
	ret = sanblk_iscsi_xfer(c, tail, rest, false);
	if (ret)
		return ret;
	if (c->fr.data_digest && pl.data) {
		u32 crc = crc32c(~0u, data, pl.data);

		crc = ~crc32c(crc, tail, pl.pad);
		if (sanblk_get_le32(tail + pl.pad) != crc)
			return -EBADMSG;
	}
	*dlen = pl.data;
	return 0;
}
