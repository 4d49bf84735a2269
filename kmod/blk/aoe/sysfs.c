// SPDX-License-Identifier: GPL-2.0-only
/*
 * The transport's per-disk attributes: each port's value, space-separated.
 */
#include "aoe.h"

static const char *aoe_port_state(struct aoe_port *p)
{
	if (p->rejected)
		return "rejected";
	if (aoe_port_live(p) && !p->verified)
		return "verifying";
	return aoe_port_ok(p) ? "up" : "down";
}

enum aoe_attr {
	AOE_ATTR_NIC,
	AOE_ATTR_TARGET_MAC,
	AOE_ATTR_PATH_STATE,
	AOE_ATTR_PATH_COMMANDS,
	AOE_ATTR_FRAME_SECTORS,
};

static ssize_t aoe_show_ports(struct sanblk_dev *d, enum aoe_attr attr,
			      char *buf)
{
	struct aoe_dev *a = d->tp;
	int i, len = 0;

	spin_lock_bh(&a->lock);
	for (i = 0; i < AOE_NPORTS; i++) {
		struct aoe_port *p = &a->ports[i];
		const char *sep = len ? " " : "";

		if (!p->used || p->dying)
			continue;
		switch (attr) {
		case AOE_ATTR_NIC:
			len += sysfs_emit_at(buf, len, "%s%s", sep,
					     p->nd->name);
			break;
		case AOE_ATTR_TARGET_MAC:
			len += sysfs_emit_at(buf, len, "%s%pM", sep, p->mac);
			break;
		case AOE_ATTR_PATH_STATE:
			len += sysfs_emit_at(buf, len, "%s%s", sep,
					     aoe_port_state(p));
			break;
		case AOE_ATTR_PATH_COMMANDS:
			len += sysfs_emit_at(buf, len, "%s%llu", sep, p->sent);
			break;
		case AOE_ATTR_FRAME_SECTORS:
			len += sysfs_emit_at(buf, len, "%s%u", sep,
					     min(p->spf, a->frame_cap));
			break;
		}
	}
	spin_unlock_bh(&a->lock);
	return len + sysfs_emit_at(buf, len, "\n");
}

#define AOE_PORT_ATTR(_name, _a)					\
static ssize_t _name##_tshow(struct sanblk_dev *d, char *buf)		\
{									\
	return aoe_show_ports(d, _a, buf);				\
}									\
SANBLK_TATTR_RO(_name)

AOE_PORT_ATTR(nic, AOE_ATTR_NIC);
AOE_PORT_ATTR(target_mac, AOE_ATTR_TARGET_MAC);
AOE_PORT_ATTR(path_state, AOE_ATTR_PATH_STATE);
AOE_PORT_ATTR(path_commands, AOE_ATTR_PATH_COMMANDS);
AOE_PORT_ATTR(frame_sectors, AOE_ATTR_FRAME_SECTORS);

/* The smallest smoothed round-trip time over the ports, in us. */
static ssize_t rtt_us_tshow(struct sanblk_dev *d, char *buf)
{
	struct aoe_dev *a = d->tp;
	long rtt = 0;
	int i;

	spin_lock_bh(&a->lock);
	for (i = 0; i < AOE_NPORTS; i++) {
		struct aoe_port *p = &a->ports[i];

		if (p->used && !p->dying && p->srtt_us &&
		    (!rtt || p->srtt_us < rtt))
			rtt = p->srtt_us;
	}
	spin_unlock_bh(&a->lock);
	return sysfs_emit(buf, "%ld\n", rtt);
}
SANBLK_TATTR_RO(rtt_us);

static ssize_t inflight_tshow(struct sanblk_dev *d, char *buf)
{
	struct aoe_dev *a = d->tp;
	unsigned int n;

	spin_lock_bh(&a->lock);
	n = AOE_NFRAMES - a->nfree;
	spin_unlock_bh(&a->lock);
	return sysfs_emit(buf, "%u\n", n);
}
SANBLK_TATTR_RO(inflight);

static struct attribute *aoe_attrs[] = {
	&dev_attr_nic.attr,
	&dev_attr_target_mac.attr,
	&dev_attr_rtt_us.attr,
	&dev_attr_inflight.attr,
	&dev_attr_path_state.attr,
	&dev_attr_path_commands.attr,
	&dev_attr_frame_sectors.attr,
	NULL,
};

const struct attribute_group sanblk_aoe_attr_group = {
	.attrs = aoe_attrs,
};
