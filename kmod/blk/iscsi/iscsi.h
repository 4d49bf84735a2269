/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The iSCSI transport's internals, shared by its files:
 *
 *	conn.c		kernel TCP sockets: connect, callbacks, shutdown,
 *			and whole PDUs sent and read synchronously (login,
 *			identification)
 *	session.c	bringing a path's connections up (login, redirect,
 *			identification)
 *	path.c		the paths of a disk: joined, chosen for each
 *			request, taken down (failover or recovery), and
 *			noticed down with their NIC
 *	ident.c		what the LUN is: INQUIRY, VPD, READ CAPACITY
 *	io.c		requests: SCSI commands, Data-In, R2T, status
 *	tmf.c		unanswered commands: ABORT TASK, LUN RESET
 *	rx.c, tx.c	the feature phase's byte streams, as io_work
 *			reads and writes them
 *	discover.c	what a portal offers, after "target not found"
 *	nic.c		the NIC: found by MAC or name, configured from
 *			ip=/gw=/vlan= (or the iBFT) when it has no address
 *	sysfs.c		the per-disk attributes of the transport
 *	main.c		attach/detach and the ops the core calls
 *	pdu.c, keys.c, login.c, chap.c, scsi.c	pure code (also in
 *			userspace tests and fuzzers)
 *
 * One disk has one or more connections, each its own session (own ISID)
 * to the same target and LUN, each serving one blk-mq hardware queue
 * (with fewer CPUs than connections, one queue whose requests go to the
 * connections by tag):
 * Linux targets rarely offer several connections per session, and
 * separate sessions keep every connection's CmdSN window its own.  A
 * request's ITT is its tag on that queue plus a generation, so an answer
 * to an older incarnation of the tag is recognized and dropped.
 *
 * A disk has one or more paths: ways to its LUN through another portal
 * or NIC (two iBFT NIC/target pairs, or a second target string naming
 * the same target and LUN).  Each path has its own connections, the same
 * number on every path; requests go to the paths that are up, in turn.
 * A path's connections come up together and go down together: losing
 * any is losing the path.  While another path is up, the lost path's
 * commands move to it at once (failover) and the disk stays live; losing
 * the last path is recovery: the core takes every request back and holds
 * it.  Either way the path's session_work waits DefaultTime2Wait, logs
 * every connection in again (same ISID, TSIH 0: the target drops the old
 * session's tasks) and identifies the LUN again: the core compares it
 * when it is the only path, path.c when it joins paths that are up.
 *
 * Locking: conn->lock (BH) protects a connection's send list, its
 * commands' states and its sequence numbers; a command moving to another
 * path's connection is moved with both locks held (the lost one's first:
 * only one path is taken down at a time, under id->mutex).  io_work, one per
 * connection on a WQ_MEM_RECLAIM workqueue, is the only reader and writer
 * of the socket in the feature phase; session_work is the only one
 * before it, with the callbacks not yet installed.
 */
#ifndef SANBLK_ISCSI_H
#define SANBLK_ISCSI_H

#include <linux/crc32c.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/sock.h>
#include <scsi/scsi_proto.h>

#include "../sanblk.h"
#include "pdu.h"
#include "keys.h"
#include "login.h"
#include "scsi.h"

#define ISCSI_CONNS_MAX		SANBLK_HW_QUEUES_MAX	/* of all paths */
#define ISCSI_PATHS_MAX		4
#define ISCSI_QUEUE_DEPTH	64	/* commands per connection */
#define ISCSI_MAX_SECTORS	2048	/* 1 MiB per request */
#define ISCSI_RECV_DSL		262144	/* our MaxRecvDataSegmentLength */
#define ISCSI_CONNECT_MS	5000	/* TCP connect, each try */
#define ISCSI_LOGIN_MS		10000	/* each PDU of the login */
#define ISCSI_RETRY_MIN_MS	250	/* between tries, doubling */
#define ISCSI_RETRY_MAX_MS	5000
#define ISCSI_TIME2WAIT_MAX	5	/* seconds: cap on DefaultTime2Wait */
#define ISCSI_NOP_IDLE_MS	5000	/* a NOP-Out after this much silence */
#define ISCSI_NOP_TIMEOUT_MS	15000	/* dead after this much more */
#define ISCSI_NOP_STALL_MS	10000	/* nop_work this late: we stood still */
#define ISCSI_CMD_RETRIES	20	/* UNIT ATTENTION, NOT READY, BUSY */
#define ISCSI_CTL_DATA		8192	/* data of PDUs not read into requests */
#define ISCSI_OLD_CHALS		8	/* mutual CHAP challenges remembered */
/* A command's ITT: tag and a 15-bit generation; the top bit is ours. */
#define ISCSI_ITT(gen, tag)	(((gen) & 0x7fff) << 16 | (tag))
#define ISCSI_ITT_TAG(itt)	((itt) & 0xffff)
#define ISCSI_ITT_PING		0x80000000u	/* our NOP-Out */
#define ISCSI_ITT_SYNC		0x80000001u	/* identification commands */
#define ISCSI_ITT_TMF		0x80000002u	/* task management */
#define ISCSI_ITT_LOGOUT	0x80000003u	/* the Logout a target asked for */
#define ISCSI_LOGOUT_MS		5000	/* for its answer, after its deadline */
#define ISCSI_ABORT_AFTER_MS	20000	/* unanswered: ABORT TASK */
#define ISCSI_TMF_TIMEOUT_MS	10000	/* no task management answer */

enum iscsi_tmf_state {
	ISCSI_TMF_NONE,
	ISCSI_TMF_DUE,		/* tx.c sends it next */
	ISCSI_TMF_SENT,		/* awaiting the response */
};

/* The task management request of a connection (tmf.c), under its lock. */
struct iscsi_tmf {
	enum iscsi_tmf_state state;
	u8 func;
	u32 ref_itt;
	u32 ref_cmdsn;
	unsigned long sent_at;		/* jiffies */
	unsigned int count;		/* sent since attach */
};

enum iscsi_conn_state {
	ISCSI_CONN_DOWN,	/* no socket, or one being torn down */
	ISCSI_CONN_LOGIN,	/* socket up, session_work owns it */
	ISCSI_CONN_UP,		/* feature phase, io_work owns it */
};

/* Where a command is (under conn->lock). */
enum iscsi_cmd_state {
	ISCSI_CMD_IDLE,		/* not ours: never given, done or taken back */
	ISCSI_CMD_QUEUED,	/* on the send list, command PDU not sent */
	ISCSI_CMD_SENT,		/* command PDU out, awaiting data or status */
};

/* The per-request part of the blk-mq pdu. */
struct iscsi_cmd {
	struct iscsi_conn *conn;
	struct list_head node;		/* on conn->sendq */
	enum iscsi_cmd_state state;
	u32 itt;
	u32 cmdsn;
	unsigned long sent_at;		/* jiffies: command PDU out */
	u8 cdb[16];
	u8 cdb_len;
	bool write;
	u32 len;			/* Expected Data Transfer Length */
	/* Data-Out still to send: [out_off, out_end) with out_ttt */
	u32 out_off;
	u32 out_end;
	u32 out_ttt;
	u32 out_datasn;
	/* an R2T that came while unsolicited data was still going out */
	u32 r2t_off;
	u32 r2t_len;
	u32 r2t_ttt;
	unsigned int retries;
	bool cancelling;		/* the core takes it back: it stays */
	u32 in_done;			/* Data-In bytes received */
	/* answered while tx was still sending its data: ended by tx */
	bool deferred;
	u8 status;
	u32 residual;
	struct sanblk_scsi_sense sense;
	/* data not in the request: UNMAP's parameters, WRITE SAME's zeroes */
	struct bio_vec payload;		/* bv_len 0: the request's pages */
	u8 unmap_param[SANBLK_SCSI_UNMAP_PARAM_LEN];
};

/*
 * A position in a request's data, one page segment at a time: its bios,
 * or (bio NULL) a payload of the command's own, the rest of it in sv.
 */
struct iscsi_cursor {
	struct bio *bio;
	struct bvec_iter bi;
	struct bio_vec sv;
};

static inline void iscsi_cursor_payload(struct iscsi_cursor *cu,
					const struct bio_vec *payload, u32 off)
{
	cu->bio = NULL;
	cu->sv = *payload;
	cu->sv.bv_offset += off;
	cu->sv.bv_len -= off;
}

static inline void iscsi_cursor_seek(struct iscsi_cursor *cu,
				     struct request *rq, u32 off)
{
	struct bio *bio = rq->bio;

	while (bio && off >= bio->bi_iter.bi_size) {
		off -= bio->bi_iter.bi_size;
		bio = bio->bi_next;
	}
	cu->bio = bio;
	if (bio) {
		cu->bi = bio->bi_iter;
		bio_advance_iter(bio, &cu->bi, off);
	}
}

/* The segment at the cursor, at most max bytes of it. */
static inline struct bio_vec iscsi_cursor_bvec(struct iscsi_cursor *cu,
					       u32 max)
{
	struct bio_vec bv = cu->bio ? bio_iter_iovec(cu->bio, cu->bi) : cu->sv;

	bv.bv_len = min(bv.bv_len, max);
	return bv;
}

static inline void iscsi_cursor_advance(struct iscsi_cursor *cu, u32 n)
{
	if (!cu->bio) {
		cu->sv.bv_offset += n;
		cu->sv.bv_len -= n;
		return;
	}
	bio_advance_iter_single(cu->bio, &cu->bi, n);
	if (!cu->bi.bi_size) {
		cu->bio = cu->bio->bi_next;
		if (cu->bio)
			cu->bi = cu->bio->bi_iter;
	}
}

/* A connection's receive state: the PDU being read, byte by byte. */
struct iscsi_rx {
	u8 hdr[SANBLK_ISCSI_BHS_LEN + SANBLK_ISCSI_AHS_MAX +
	       SANBLK_ISCSI_DIGEST_LEN];
	u32 hdr_have, hdr_need;		/* BHS, then AHS and header digest */
	struct sanblk_iscsi_bhs bhs;
	struct sanblk_iscsi_pdu_len pl;
	/* data: into rq at rq_off (Data-In), or into ctl */
	struct request *rq;
	struct iscsi_cursor cu;
	u32 data_have;			/* of pl.data */
	int err;			/* what stopped read_sock */
	u32 tail_have, tail_need;	/* padding and data digest */
	u8 tail[8];
	u32 crc;			/* data digest so far */
	u8 ctl[ISCSI_CTL_DATA];
};

/* A connection's send state: the PDU being written. */
struct iscsi_tx {
	u8 hdr[SANBLK_ISCSI_BHS_LEN + SANBLK_ISCSI_DIGEST_LEN];
	u32 hdr_len, hdr_sent;
	struct request *rq;		/* data from rq at cu, or none */
	struct iscsi_cursor cu;
	u32 data_len, data_sent;
	u8 tail[8];
	u32 tail_len, tail_sent;
	u32 crc;
	bool busy;			/* a PDU is being written */
};

struct iscsi_conn {
	struct iscsi_dev *id;
	struct iscsi_path *path;
	int idx;			/* in id->conns */
	int hwq;			/* the hardware queue whose tags it uses */
	struct socket *sock;
	spinlock_t lock;		/* the lists, the states and the SNs below */
	enum iscsi_conn_state state;
	struct list_head sendq;		/* commands whose PDU is due */
	struct list_head dataq;		/* sent, with Data-Out due */
	struct list_head sentq;		/* sent, awaiting data or status */
	struct work_struct io_work;
	bool failed;			/* io_work saw it break; under lock */
	/* sequence numbers; under lock */
	u32 cmdsn;
	u32 exp_statsn;
	u32 max_cmdsn;
	u32 exp_cmdsn;
	/* a NOP-Out is due: answer to the target's TTT, or a ping */
	bool nop_due;
	u32 nop_ttt;
	u8 nop_lun[8];
	bool ping_out;			/* our ping is due or awaits its NOP-In */
	bool ping_sent;
	struct iscsi_tmf tmf;
	/* the target asked for a Logout: due, sent, answered by then */
	bool logout_due;
	bool logout_sent;
	unsigned long logout_by;
	unsigned long last_rx;		/* jiffies */
	struct sanblk_iscsi_params params;
	struct sanblk_iscsi_framing fr;
	u8 isid[6];
	u16 tsih;
	u32 gen;			/* ITT generation */
	void (*saved_data_ready)(struct sock *sk);
	void (*saved_write_space)(struct sock *sk);
	void (*saved_state_change)(struct sock *sk);
	struct iscsi_rx *rx;
	struct iscsi_tx tx;
	u8 ping_data[8];
	char local[48];			/* address:port of our end */
	char nic[IFNAMSIZ];		/* where its route leaves; under lock */
	int ifindex;			/* of that interface; READ_ONCE */
	atomic64_t cmds;		/* commands sent */
	atomic64_t bytes_in, bytes_out;
};

/* What the LUN is, as one identification found it. */
struct iscsi_lun {
	struct sanblk_disk_info info;
	struct sanblk_scsi_caching caching;
	struct sanblk_scsi_limits limits;
	struct sanblk_scsi_provisioning lbp;
	struct sanblk_scsi_provision_plan plan;	/* discards, zeroes */
	u32 block_size;
	u8 block_shift;			/* log2(block_size) - 9 */
};

/* One way to the LUN: a portal, through a NIC, with its connections. */
struct iscsi_path {
	struct iscsi_dev *id;
	int idx;
	/* the target string it came from: portal, NIC, CHAP */
	struct sanblk_target tgt;
	struct iscsi_conn *conns;	/* id->nconns of id->conns */
	struct delayed_work session_work;
	struct work_struct fail_work;
	char fail_why[SANBLK_ERR_MAX];	/* under id->fail_lock */
	char last_error[SANBLK_ERR_MAX];	/* under id->fail_lock */
	/* connections in the feature phase; written under id->mutex */
	bool up;
	unsigned int retry_ms;
	unsigned int tries;
	struct sockaddr_storage portal;	/* after a redirect: where it points */
	struct sockaddr_storage src;	/* the NIC's address, or family 0 */
	char nic[IFNAMSIZ];		/* the NIC's name at the last login */
	u8 nic_mac[ETH_ALEN];		/* the NIC, once known */
	bool nic_mac_set;
	/* "has an address already" said, or sanblk gave it the address */
	bool nic_noted;
	bool moved;			/* redirected permanently */
	bool seen;			/* has been up */
};

struct iscsi_dev {
	struct sanblk_dev *d;
	int nconns;			/* per path */
	int nr_hw_queues;		/* nconns, or 1 with fewer CPUs */
	int npaths;			/* READ_ONCE; grows under mutex */
	struct iscsi_path paths[ISCSI_PATHS_MAX];
	struct iscsi_conn conns[ISCSI_CONNS_MAX];
	atomic_t next_path;		/* requests go to the paths in turn */
	struct list_head node;		/* on iscsi_devs (path.c) */
	struct delayed_work nop_work;
	unsigned long nop_ran;		/* jiffies nop_work ran or was queued */
	spinlock_t fail_lock;		/* fail_why, last_error, conns' failed */
	struct sanblk_iscsi_chap_ops chap_ops;
	struct crypto_shash *md5;	/* CHAP, when configured */
	struct mutex mutex;		/* session_work vs. detach, sysfs */
	bool stopping;
	/* our last mutual CHAP challenges, refused if reflected; mutex */
	u8 old_chal[ISCSI_OLD_CHALS][SANBLK_ISCSI_CHAP_CHAL_LEN];
	int old_chals, old_chal_next;
	char last_error[SANBLK_ERR_MAX];	/* the latest of any path */
	u8 lun[8];
	struct iscsi_lun lu;		/* the disk's, as the core accepted it */
};

extern struct workqueue_struct *sanblk_iscsi_wq;

/*
 * The paths set up so far: a path is whole before the count that covers
 * it is published (smp_store_release() in sanblk_iscsi_add_path()).
 */
static inline int sanblk_iscsi_npaths(struct iscsi_dev *id)
{
	/* pairs with the smp_store_release() of sanblk_iscsi_add_path() */
	return smp_load_acquire(&id->npaths);
}

/* c carries the feature phase and has not broken (no lock needed). */
static inline bool sanblk_iscsi_conn_live(struct iscsi_conn *c)
{
	return READ_ONCE(c->state) == ISCSI_CONN_UP && !READ_ONCE(c->failed);
}

/* conn.c */
int sanblk_iscsi_connect(struct iscsi_conn *c, const struct sockaddr_storage *to,
			 const struct sockaddr_storage *from,
			 char *err, size_t errlen);
void sanblk_iscsi_sock_start(struct iscsi_conn *c);
void sanblk_iscsi_sock_close(struct iscsi_conn *c);
int sanblk_iscsi_send_sync(struct iscsi_conn *c, const u8 *buf, size_t len);
int sanblk_iscsi_recv_sync(struct iscsi_conn *c, struct sanblk_iscsi_bhs *h,
			   u8 *data, size_t size, u32 *dlen);
int sanblk_iscsi_portal(const struct sanblk_target *t,
			struct sockaddr_storage *ss);

/* nic.c */
int sanblk_iscsi_nic_prepare(struct iscsi_path *p, char *err, size_t errlen);

/* main.c */
struct crypto_shash *sanblk_iscsi_md5_alloc(struct sanblk_dev *d);
int sanblk_iscsi_conn_init(struct iscsi_path *p, int i);
void sanblk_iscsi_resume_path(struct iscsi_path *p);

/* session.c */
void sanblk_iscsi_make_cfg(struct iscsi_conn *c,
			   struct sanblk_iscsi_login_cfg *cfg,
			   u8 old[][SANBLK_ISCSI_CHAP_CHAL_LEN]);
int sanblk_iscsi_login_steps(struct iscsi_conn *c, struct sanblk_iscsi_login *l,
			     u8 *buf, char *err, size_t errlen);
void sanblk_iscsi_session_work(struct work_struct *work);
void sanblk_iscsi_nop_work(struct work_struct *work);
void sanblk_iscsi_stop_conns(struct iscsi_path *p);

/* path.c */
bool sanblk_iscsi_any_up(struct iscsi_dev *id);
struct iscsi_conn *sanblk_iscsi_path_queue(struct iscsi_dev *id,
					   struct request *rq,
					   struct iscsi_cmd *cmd, bool *up);
void sanblk_iscsi_path_fail(struct iscsi_path *p, const char *why);
void sanblk_iscsi_fail_all(struct iscsi_dev *id, const char *why);
void sanblk_iscsi_adopt(struct iscsi_path *p);
void sanblk_iscsi_fail_work(struct work_struct *work);
void sanblk_iscsi_conn_failed(struct iscsi_conn *c, const char *why);
int sanblk_iscsi_path_init(struct iscsi_dev *id, int idx,
			   const struct sanblk_target *t);
int sanblk_iscsi_add_path(struct sanblk_dev *d, const struct sanblk_target *t);
void sanblk_iscsi_dev_list(struct iscsi_dev *id, bool add);
int sanblk_iscsi_paths_init(void);
void sanblk_iscsi_paths_exit(void);

/* discover.c */
void sanblk_iscsi_offers(struct iscsi_conn *c, char *err, size_t errlen);

/* ident.c */
int sanblk_iscsi_exec_sync(struct iscsi_conn *c, const u8 *cdb, int cdb_len,
			   u8 *buf, u32 len, u32 *got,
			   struct sanblk_scsi_sense *sense);
int sanblk_iscsi_identify(struct iscsi_path *p, struct iscsi_lun *lu,
			  char *err, size_t errlen);

/* io.c */
blk_status_t sanblk_iscsi_queue_rq(struct sanblk_dev *d, struct request *rq);
bool sanblk_iscsi_cancel_rq(struct sanblk_dev *d, struct request *rq);
void sanblk_iscsi_rx_pdu(struct iscsi_conn *c, struct iscsi_rx *rx);
struct request *sanblk_iscsi_rx_data_rq(struct iscsi_conn *c,
					const struct sanblk_iscsi_bhs *h,
					u32 *off);
void sanblk_iscsi_data_done(struct iscsi_conn *c, struct request *rq,
			    const struct sanblk_iscsi_bhs *h, u32 len);
void sanblk_iscsi_requeue_all(struct iscsi_conn *c);
struct iscsi_cmd *sanblk_iscsi_find(struct iscsi_conn *c, u32 itt);
void sanblk_iscsi_resend(struct iscsi_conn *c, struct iscsi_cmd *cmd);
void sanblk_iscsi_tx_release(struct iscsi_conn *c);
void sanblk_iscsi_update_sn(struct iscsi_conn *c,
			    const struct sanblk_iscsi_bhs *h);

/* tmf.c */
enum blk_eh_timer_return sanblk_iscsi_timeout(struct sanblk_dev *d,
					      struct request *rq);
void sanblk_iscsi_tmf_pdu(struct iscsi_conn *c, struct sanblk_iscsi_bhs *h);
void sanblk_iscsi_rx_tmf(struct iscsi_conn *c, const struct sanblk_iscsi_bhs *h);
bool sanblk_iscsi_tmf_overdue(struct iscsi_conn *c);
void sanblk_iscsi_logout_pdu(struct iscsi_conn *c, struct sanblk_iscsi_bhs *h);

/* rx.c, tx.c */
int sanblk_iscsi_rx(struct iscsi_conn *c);
void sanblk_iscsi_rx_ready(struct iscsi_conn *c, struct sock *sk);
int sanblk_iscsi_tx(struct iscsi_conn *c);
bool sanblk_iscsi_tx_wanted(struct iscsi_conn *c);
void sanblk_iscsi_io_work(struct work_struct *work);

/* sysfs.c */
extern const struct attribute_group sanblk_iscsi_attr_group;

#endif /* SANBLK_ISCSI_H */
