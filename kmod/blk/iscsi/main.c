// SPDX-License-Identifier: GPL-2.0-only
/*
 * The iSCSI transport: SCSI over TCP (RFC 7143), one session per
 * connection, every connection a blk-mq hardware queue.  Attach and
 * detach, and the ops the core calls; see iscsi.h for how the parts fit.
 */
#include <crypto/hash.h>
#include <linux/module.h>
#include <linux/random.h>

#include "iscsi.h"

struct workqueue_struct *sanblk_iscsi_wq;

static unsigned int iscsi_conns = 1;
module_param(iscsi_conns, uint, 0444);
MODULE_PARM_DESC(iscsi_conns, "iSCSI connections (sessions) per disk, 1-16, each a hardware queue (default 1; a target's conns= overrides it)");

/* CHAP's MD5 comes from the kernel's crypto API. */
static int sanblk_iscsi_md5(void *ctx, u8 ident, const u8 *secret,
			    size_t slen, const u8 *chal, size_t clen,
			    u8 out[16])
{
	struct iscsi_dev *id = ctx;
	SHASH_DESC_ON_STACK(desc, id->md5);
	int ret;

	desc->tfm = id->md5;
	ret = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, &ident, 1) ?:
	      crypto_shash_update(desc, secret, slen) ?:
	      crypto_shash_update(desc, chal, clen) ?:
	      crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return ret;
}

static void sanblk_iscsi_random(void *ctx, u8 *buf, size_t len)
{
	get_random_bytes(buf, len);
}

int sanblk_iscsi_conn_init(struct iscsi_path *p, int i)
{
	struct iscsi_dev *id = p->id;
	struct iscsi_conn *c = &p->conns[i];

	c->id = id;
	c->path = p;
	c->idx = p->idx * id->nconns + i;
	c->hwq = id->nr_hw_queues == id->nconns ? i : 0;
	spin_lock_init(&c->lock);
	INIT_LIST_HEAD(&c->sendq);
	INIT_LIST_HEAD(&c->dataq);
	INIT_LIST_HEAD(&c->sentq);
	INIT_WORK(&c->io_work, sanblk_iscsi_io_work);
	atomic64_set(&c->cmds, 0);
	atomic64_set(&c->bytes_in, 0);
	atomic64_set(&c->bytes_out, 0);
	/* ISID "random" format (RFC 7143 10.12.5): kept across reconnects */
	c->isid[0] = 0x80;
	get_random_bytes(c->isid + 1, 3);
	c->isid[5] = c->idx;
	c->rx = kzalloc(sizeof(*c->rx), GFP_KERNEL);
	return c->rx ? 0 : -ENOMEM;
}

/* CHAP's MD5 for disk d, or an ERR_PTR that the log explains. */
struct crypto_shash *sanblk_iscsi_md5_alloc(struct sanblk_dev *d)
{
	struct crypto_shash *md5 = crypto_alloc_shash("md5", 0, 0);

	if (IS_ERR(md5))
		pr_err("%s: CHAP needs MD5, which the kernel does not have (%ld)\n",
		       d->name, PTR_ERR(md5));
	return md5;
}

static void sanblk_iscsi_free(struct iscsi_dev *id)
{
	int i;

	for (i = 0; i < ISCSI_CONNS_MAX; i++)
		kfree(id->conns[i].rx);
	for (i = 0; i < ISCSI_PATHS_MAX; i++)
		memzero_explicit(&id->paths[i].tgt, sizeof(id->paths[i].tgt));
	if (id->md5)
		crypto_free_shash(id->md5);
	kfree(id);
}

static int sanblk_iscsi_attach(struct sanblk_dev *d)
{
	const struct sanblk_target *t = &d->tgt;
	struct iscsi_dev *id;
	int ret;

	id = kzalloc(sizeof(*id), GFP_KERNEL);
	if (!id)
		return -ENOMEM;
	id->d = d;
	id->nconns = clamp(t->conns ?: iscsi_conns, 1U, (unsigned int)ISCSI_CONNS_MAX);
	mutex_init(&id->mutex);
	spin_lock_init(&id->fail_lock);
	INIT_DELAYED_WORK(&id->nop_work, sanblk_iscsi_nop_work);
	memcpy(id->lun, t->lun, sizeof(id->lun));
	/* a hardware queue no CPU maps to would never carry a request */
	id->nr_hw_queues = id->nconns <= num_online_cpus() ? id->nconns : 1;
	ret = sanblk_iscsi_path_init(id, 0, t);
	if (!ret && t->user[0]) {
		id->md5 = sanblk_iscsi_md5_alloc(d);
		ret = PTR_ERR_OR_ZERO(id->md5);
		if (ret)
			id->md5 = NULL;
	}
	if (ret) {
		sanblk_iscsi_free(id);
		return ret;
	}
	id->npaths = 1;
	id->chap_ops.md5 = sanblk_iscsi_md5;
	id->chap_ops.random = sanblk_iscsi_random;
	id->chap_ops.ctx = id;
	WRITE_ONCE(d->tp, id);
	sanblk_iscsi_dev_list(id, true);
	queue_delayed_work(sanblk_iscsi_wq, &id->paths[0].session_work, 0);
	return 0;
}

static void sanblk_iscsi_detach(struct sanblk_dev *d)
{
	struct iscsi_dev *id = d->tp;
	int i;

	sanblk_iscsi_dev_list(id, false);
	mutex_lock(&id->mutex);
	WRITE_ONCE(id->stopping, true);
	mutex_unlock(&id->mutex);
	for (i = 0; i < id->npaths; i++) {
		cancel_delayed_work_sync(&id->paths[i].session_work);
		cancel_work_sync(&id->paths[i].fail_work);
	}
	cancel_delayed_work_sync(&id->nop_work);
	mutex_lock(&id->mutex);
	for (i = 0; i < id->npaths; i++)
		sanblk_iscsi_stop_conns(&id->paths[i]);
	mutex_unlock(&id->mutex);
	/* io_work may have reported a break before it stopped */
	for (i = 0; i < id->npaths; i++)
		cancel_work_sync(&id->paths[i].fail_work);
	d->tp = NULL;
	sanblk_iscsi_free(id);
}

/* Send what waits on p's connections. */
void sanblk_iscsi_resume_path(struct iscsi_path *p)
{
	int i;

	for (i = 0; i < p->id->nconns; i++)
		queue_work(sanblk_iscsi_wq, &p->conns[i].io_work);
}

/* The core accepted the identification: send what waits. */
static void sanblk_iscsi_resume(struct sanblk_dev *d)
{
	struct iscsi_dev *id = d->tp;
	int i;

	for (i = 0; i < sanblk_iscsi_npaths(id); i++)
		if (READ_ONCE(id->paths[i].up))
			sanblk_iscsi_resume_path(&id->paths[i]);
}

static struct sanblk_transport sanblk_iscsi_transport = {
	.name = "iscsi",
	.kind = SANBLK_TRANSPORT_ISCSI,
	.cmd_size = sizeof(struct iscsi_cmd),
	.attr_group = &sanblk_iscsi_attr_group,
	.attach = sanblk_iscsi_attach,
	.detach = sanblk_iscsi_detach,
	.resume = sanblk_iscsi_resume,
	.queue_rq = sanblk_iscsi_queue_rq,
	.cancel_rq = sanblk_iscsi_cancel_rq,
	.timeout = sanblk_iscsi_timeout,
	.add_path = sanblk_iscsi_add_path,
};

int sanblk_iscsi_init(void)
{
	int ret;

	sanblk_iscsi_wq = alloc_workqueue("sanblk_iscsi",
					  WQ_MEM_RECLAIM | WQ_HIGHPRI, 0);
	if (!sanblk_iscsi_wq)
		return -ENOMEM;
	ret = sanblk_iscsi_paths_init();
	if (ret)
		goto out_wq;
	ret = sanblk_register_transport(&sanblk_iscsi_transport);
	if (ret)
		goto out_paths;
	return 0;
out_paths:
	sanblk_iscsi_paths_exit();
out_wq:
	destroy_workqueue(sanblk_iscsi_wq);
	return ret;
}

void sanblk_iscsi_exit(void)
{
	sanblk_unregister_transport(&sanblk_iscsi_transport);
	sanblk_iscsi_paths_exit();
	destroy_workqueue(sanblk_iscsi_wq);
}
