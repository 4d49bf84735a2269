// SPDX-License-Identifier: GPL-2.0-only
/*
 * The transport's per-disk attributes: where the disk is reached (each
 * path), each connection's state and counts, and what the login
 * negotiated.  No credential is ever shown.
 */
#include "iscsi.h"

static const char *const iscsi_conn_state_names[] = {
	[ISCSI_CONN_DOWN] = "down",
	[ISCSI_CONN_LOGIN] = "login",
	[ISCSI_CONN_UP] = "up",
};

static ssize_t portal_tshow(struct sanblk_dev *d, char *buf)
{
	struct iscsi_dev *id = d->tp;

	return sysfs_emit(buf, "%pISpc\n", &id->paths[0].portal);
}
SANBLK_TATTR_RO(portal);

/* Every connection of every path. */
static int iscsi_nconns(struct iscsi_dev *id)
{
	return sanblk_iscsi_npaths(id) * id->nconns;
}

/* One line per path: index, state, portal, NIC, why it is not up. */
static ssize_t paths_tshow(struct sanblk_dev *d, char *buf)
{
	struct iscsi_dev *id = d->tp;
	char err[SANBLK_ERR_MAX];
	int i, n = sanblk_iscsi_npaths(id), len = 0;

	for (i = 0; i < n; i++) {
		struct iscsi_path *p = &id->paths[i];
		bool up = READ_ONCE(p->up);

		spin_lock_bh(&id->fail_lock);
		strscpy(err, p->last_error, sizeof(err));
		spin_unlock_bh(&id->fail_lock);
		len += sysfs_emit_at(buf, len, "%d %s portal=%pISpc nic=%s error=%s\n",
				     i, up ? "up" : "down", &p->portal,
				     p->tgt.nic_name[0] ? p->tgt.nic_name :
				     p->tgt.has_nic_mac ? "mac" : "-",
				     !up && err[0] ? err : "none");
	}
	return len;
}
SANBLK_TATTR_RO(paths);

static ssize_t conns_tshow(struct sanblk_dev *d, char *buf)
{
	struct iscsi_dev *id = d->tp;

	return sysfs_emit(buf, "%d\n", id->nconns);
}
SANBLK_TATTR_RO(conns);

static void iscsi_conn_nic(struct iscsi_conn *c, char *nic)
{
	spin_lock_bh(&c->lock);
	strscpy(nic, c->state == ISCSI_CONN_DOWN ? "" : c->nic, IFNAMSIZ);
	spin_unlock_bh(&c->lock);
}

/* The interfaces the connections that are not down leave through. */
static ssize_t nic_tshow(struct sanblk_dev *d, char *buf)
{
	struct iscsi_dev *id = d->tp;
	char nic[IFNAMSIZ], last[IFNAMSIZ] = "";
	int i, len = 0;

	for (i = 0; i < iscsi_nconns(id); i++) {
		iscsi_conn_nic(&id->conns[i], nic);
		if (!nic[0] || !strcmp(nic, last))
			continue;
		len += sysfs_emit_at(buf, len, "%s%s", len ? " " : "", nic);
		strscpy(last, nic, sizeof(last));
	}
	return len + sysfs_emit_at(buf, len, "\n");
}
SANBLK_TATTR_RO(nic);

/* One line per connection: index, state, local address, counts, NIC. */
static ssize_t connections_tshow(struct sanblk_dev *d, char *buf)
{
	struct iscsi_dev *id = d->tp;
	char nic[IFNAMSIZ];
	int i, len = 0;

	for (i = 0; i < iscsi_nconns(id); i++) {
		struct iscsi_conn *c = &id->conns[i];
		enum iscsi_conn_state s = READ_ONCE(c->state);

		iscsi_conn_nic(c, nic);
		len += sysfs_emit_at(buf, len,
				     "%d %s local=%s tsih=%u cmds=%lld read=%lld written=%lld nic=%s tmf=%u path=%d\n",
				     i, iscsi_conn_state_names[s],
				     c->local[0] ? c->local : "-", c->tsih,
				     atomic64_read(&c->cmds),
				     atomic64_read(&c->bytes_in),
				     atomic64_read(&c->bytes_out),
				     nic[0] ? nic : "-", READ_ONCE(c->tmf.count),
				     c->path->idx);
	}
	return len;
}
SANBLK_TATTR_RO(connections);

/* What the first connection up settled (all log in alike). */
static ssize_t negotiated_tshow(struct sanblk_dev *d, char *buf)
{
	struct iscsi_dev *id = d->tp;
	const struct sanblk_iscsi_params *p = NULL;
	static const char *const yn[] = { "No", "Yes" };
	int i, n = sanblk_iscsi_npaths(id);

	for (i = n - 1; i >= 0; i--)
		if (READ_ONCE(id->paths[i].up))
			p = &id->paths[i].conns[0].params;
	if (!p)
		return sysfs_emit(buf, "none\n");
	return sysfs_emit(buf,
			  "HeaderDigest=%s DataDigest=%s MaxRecvDataSegmentLength=%u MaxXmitDataSegmentLength=%u MaxBurstLength=%u FirstBurstLength=%u InitialR2T=%s ImmediateData=%s MaxOutstandingR2T=%u DefaultTime2Wait=%u DefaultTime2Retain=%u ErrorRecoveryLevel=%u TargetPortalGroupTag=%u\n",
			  p->header_digest ? "CRC32C" : "None",
			  p->data_digest ? "CRC32C" : "None",
			  p->max_recv_dsl, p->max_xmit_dsl, p->max_burst,
			  p->first_burst, yn[!!p->initial_r2t],
			  yn[!!p->immediate_data], p->max_outstanding_r2t,
			  p->time2wait, p->time2retain, p->erl, p->tpgt);
}
SANBLK_TATTR_RO(negotiated);

static ssize_t last_error_tshow(struct sanblk_dev *d, char *buf)
{
	struct iscsi_dev *id = d->tp;
	char err[SANBLK_ERR_MAX];

	spin_lock_bh(&id->fail_lock);
	strscpy(err, id->last_error, sizeof(err));
	spin_unlock_bh(&id->fail_lock);
	return sysfs_emit(buf, "%s\n", err[0] ? err : "none");
}
SANBLK_TATTR_RO(last_error);

static struct attribute *iscsi_attrs[] = {
	&dev_attr_nic.attr,
	&dev_attr_portal.attr,
	&dev_attr_paths.attr,
	&dev_attr_conns.attr,
	&dev_attr_connections.attr,
	&dev_attr_negotiated.attr,
	&dev_attr_last_error.attr,
	NULL,
};

const struct attribute_group sanblk_iscsi_attr_group = {
	.attrs = iscsi_attrs,
};
