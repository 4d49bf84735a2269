// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/firmware/sanbft/: tables/<name>/ for every table found, good or
 * bad, and entry<N>/ (with nic/ and target/) for every boot entry of the
 * good ones.  A value the table leaves unset reads as an empty file; a
 * field the transport does not have is not there at all.  CHAP names and
 * secrets are readable by root only.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "internal.h"

static struct kobject *sanbft_kobj;		/* /sys/firmware/sanbft */
static struct kobject *sanbft_tables_kobj;	/* .../tables */

/* ---- tables/<name>/ ---- */

struct sanbft_table_attr {
	struct attribute attr;
	ssize_t (*show)(const struct sanbft_table *t, char *buf);
	bool needs_ok;		/* a field of the table's own header */
};

static ssize_t signature_show(const struct sanbft_table *t, char *buf)
{
	return sysfs_emit(buf, "%s\n", t->signature);
}

static ssize_t source_show(const struct sanbft_table *t, char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  t->found_in == SANBFT_IN_ACPI ? "acpi" : "lowmem");
}

static ssize_t address_show(const struct sanbft_table *t, char *buf)
{
	if (!t->have_addr)
		return 0;
	return sysfs_emit(buf, "0x%llx\n", (unsigned long long)t->addr);
}

static ssize_t length_show(const struct sanbft_table *t, char *buf)
{
	return sysfs_emit(buf, "%u\n", t->info.length);
}

static ssize_t revision_show(const struct sanbft_table *t, char *buf)
{
	return sysfs_emit(buf, "%u\n", t->info.revision);
}

static ssize_t oem_id_show(const struct sanbft_table *t, char *buf)
{
	return sysfs_emit(buf, "%s\n", t->info.oem_id);
}

static ssize_t oem_table_id_show(const struct sanbft_table *t, char *buf)
{
	return sysfs_emit(buf, "%s\n", t->info.oem_table_id);
}

static ssize_t status_show(const struct sanbft_table *t, char *buf)
{
	return sysfs_emit(buf, "%s\n", t->status);
}

#define SANBFT_TABLE_ATTR(_name, _ok)					\
	static struct sanbft_table_attr sanbft_table_##_name = {	\
		.attr = { .name = #_name, .mode = 0444 },		\
		.show = _name##_show,					\
		.needs_ok = _ok,					\
	}

SANBFT_TABLE_ATTR(signature, false);
SANBFT_TABLE_ATTR(source, false);
SANBFT_TABLE_ATTR(address, false);
SANBFT_TABLE_ATTR(length, true);
SANBFT_TABLE_ATTR(revision, true);
SANBFT_TABLE_ATTR(oem_id, true);
SANBFT_TABLE_ATTR(oem_table_id, true);
SANBFT_TABLE_ATTR(status, false);

static struct attribute *sanbft_table_attrs[] = {
	&sanbft_table_signature.attr,
	&sanbft_table_source.attr,
	&sanbft_table_address.attr,
	&sanbft_table_length.attr,
	&sanbft_table_revision.attr,
	&sanbft_table_oem_id.attr,
	&sanbft_table_oem_table_id.attr,
	&sanbft_table_status.attr,
	NULL,
};

static umode_t sanbft_table_visible(struct kobject *kobj,
				    struct attribute *attr, int n)
{
	struct sanbft_table *t = container_of(kobj, struct sanbft_table, kobj);
	struct sanbft_table_attr *a =
		container_of(attr, struct sanbft_table_attr, attr);

	return a->needs_ok && !t->ok ? 0 : attr->mode;
}

static const struct attribute_group sanbft_table_group = {
	.attrs = sanbft_table_attrs,
	.is_visible = sanbft_table_visible,
};

static const struct attribute_group *sanbft_table_groups[] = {
	&sanbft_table_group,
	NULL,
};

static ssize_t sanbft_table_attr_show(struct kobject *kobj,
				      struct attribute *attr, char *buf)
{
	struct sanbft_table *t = container_of(kobj, struct sanbft_table, kobj);
	struct sanbft_table_attr *a =
		container_of(attr, struct sanbft_table_attr, attr);

	return a->show(t, buf);
}

static const struct sysfs_ops sanbft_table_sysfs_ops = {
	.show = sanbft_table_attr_show,
};

static void sanbft_table_release(struct kobject *kobj)
{
	struct sanbft_table *t = container_of(kobj, struct sanbft_table, kobj);

	kfree(t->raw);
	kfree(t);
}

const struct kobj_type sanbft_table_ktype = {
	.release = sanbft_table_release,
	.sysfs_ops = &sanbft_table_sysfs_ops,
	.default_groups = sanbft_table_groups,
};

/* tables/<name>/raw: the bytes as found, for diagnosis and fixtures. */
static ssize_t sanbft_raw_read(struct file *file, struct kobject *kobj,
			       sanblk_bin_attr_const struct bin_attribute *attr,
			       char *buf, loff_t off, size_t count)
{
	struct sanbft_table *t = container_of(kobj, struct sanbft_table, kobj);

	return memory_read_from_buffer(buf, count, &off, t->raw, t->raw_len);
}

static int sanbft_table_add(struct sanbft_table *t)
{
	int ret;

	ret = kobject_add(&t->kobj, sanbft_tables_kobj, "%s", t->name);
	if (ret)
		return ret;
	sysfs_bin_attr_init(&t->raw_attr);
	t->raw_attr.attr.name = "raw";
	t->raw_attr.attr.mode = 0400;
	t->raw_attr.size = t->raw_len;
	t->raw_attr.read = sanbft_raw_read;
	return sysfs_create_bin_file(&t->kobj, &t->raw_attr);
}

/* ---- entry<N>/, entry<N>/nic/, entry<N>/target/ ---- */

/* Which entries have a field. */
#define SANBFT_F_AOE	0x1
#define SANBFT_F_ISCSI	0x2
#define SANBFT_F_NIC	0x4	/* iSCSI: only when the NIC structure exists */
#define SANBFT_F_ALL	(SANBFT_F_AOE | SANBFT_F_ISCSI)

struct sanbft_node_attr {
	struct attribute attr;
	ssize_t (*show)(const struct sanbft_node *n, char *buf);
	unsigned int has;
};

static ssize_t sanbft_emit_str(char *buf, const char *s)
{
	return s[0] ? sysfs_emit(buf, "%s\n", s) : 0;
}

static ssize_t sanbft_emit_ip(char *buf, const struct sanbft_ip *ip)
{
	char text[48];

	if (!ip->family || sanbft_format_ip(ip, text, sizeof(text)) < 0)
		return 0;
	return sysfs_emit(buf, "%s\n", text);
}

static ssize_t entry_transport_show(const struct sanbft_node *n, char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  n->e.transport == SANBFT_TRANSPORT_AOE ? "aoe" : "iscsi");
}

static ssize_t entry_source_show(const struct sanbft_node *n, char *buf)
{
	return sysfs_emit(buf, "%s\n", n->table->where);
}

static ssize_t entry_table_show(const struct sanbft_node *n, char *buf)
{
	return sysfs_emit(buf, "%s\n", n->table->name);
}

static ssize_t entry_valid_show(const struct sanbft_node *n, char *buf)
{
	return sysfs_emit(buf, "%d\n", n->e.valid);
}

static ssize_t entry_boot_selected_show(const struct sanbft_node *n,
					char *buf)
{
	return sysfs_emit(buf, "%d\n", n->e.boot_selected);
}

static ssize_t entry_root_path_show(const struct sanbft_node *n, char *buf)
{
	return sanbft_emit_str(buf, n->root_path);
}

static ssize_t entry_initiator_name_show(const struct sanbft_node *n,
					 char *buf)
{
	return sanbft_emit_str(buf, n->e.initiator_name);
}

static ssize_t nic_index_show(const struct sanbft_node *n, char *buf)
{
	return sysfs_emit(buf, "%u\n", n->e.nic.index);
}

static ssize_t nic_flags_show(const struct sanbft_node *n, char *buf)
{
	return sysfs_emit(buf, "0x%x\n", n->e.nic.flags);
}

static ssize_t nic_mac_show(const struct sanbft_node *n, char *buf)
{
	char mac[18];

	sanbft_format_mac(n->e.nic.mac, mac, sizeof(mac));
	return sysfs_emit(buf, "%s\n", mac);
}

static ssize_t nic_ip_show(const struct sanbft_node *n, char *buf)
{
	return sanbft_emit_ip(buf, &n->e.nic.ip);
}

static ssize_t nic_prefix_show(const struct sanbft_node *n, char *buf)
{
	if (!n->e.nic.ip.family)
		return 0;
	return sysfs_emit(buf, "%u\n", n->e.nic.prefix);
}

static ssize_t nic_gateway_show(const struct sanbft_node *n, char *buf)
{
	return sanbft_emit_ip(buf, &n->e.nic.gateway);
}

/* One server per line, the primary first; unset ones left out. */
static ssize_t nic_dns_show(const struct sanbft_node *n, char *buf)
{
	char text[48];
	ssize_t len = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(n->e.nic.dns); i++) {
		if (!n->e.nic.dns[i].family ||
		    sanbft_format_ip(&n->e.nic.dns[i], text, sizeof(text)) < 0)
			continue;
		len += sysfs_emit_at(buf, len, "%s\n", text);
	}
	return len;
}

static ssize_t nic_dhcp_server_show(const struct sanbft_node *n, char *buf)
{
	return sanbft_emit_ip(buf, &n->e.nic.dhcp);
}

static ssize_t nic_vlan_show(const struct sanbft_node *n, char *buf)
{
	if (!n->e.nic.vlan)
		return 0;
	return sysfs_emit(buf, "%u\n", n->e.nic.vlan);
}

static ssize_t nic_pci_bdf_show(const struct sanbft_node *n, char *buf)
{
	u16 bdf = n->e.nic.pci_bdf;

	if (!bdf)
		return 0;
	return sysfs_emit(buf, "%02x:%02x.%x\n", bdf >> 8, (bdf >> 3) & 0x1f,
			  bdf & 0x7);
}

static ssize_t nic_hostname_show(const struct sanbft_node *n, char *buf)
{
	return sanbft_emit_str(buf, n->e.nic.hostname);
}

static ssize_t nic_origin_show(const struct sanbft_node *n, char *buf)
{
	return sysfs_emit(buf, "%u\n", n->e.nic.origin);
}

static ssize_t nic_netdev_show(const struct sanbft_node *n, char *buf)
{
	return sanbft_netdev_show(&n->e.nic, buf);
}

static ssize_t target_index_show(const struct sanbft_node *n, char *buf)
{
	return sysfs_emit(buf, "%u\n", n->e.target.index);
}

static ssize_t target_flags_show(const struct sanbft_node *n, char *buf)
{
	return sysfs_emit(buf, "0x%x\n", n->e.target.flags);
}

static ssize_t target_ip_show(const struct sanbft_node *n, char *buf)
{
	return sanbft_emit_ip(buf, &n->e.target.ip);
}

static ssize_t target_port_show(const struct sanbft_node *n, char *buf)
{
	if (!n->e.target.port)
		return 0;
	return sysfs_emit(buf, "%u\n", n->e.target.port);
}

static ssize_t target_lun_show(const struct sanbft_node *n, char *buf)
{
	char lun[40];

	if (sanbft_format_lun(n->e.target.lun, lun, sizeof(lun)) < 0)
		return 0;
	return sysfs_emit(buf, "%s\n", lun);
}

static ssize_t target_name_show(const struct sanbft_node *n, char *buf)
{
	return sanbft_emit_str(buf, n->e.target.name);
}

static ssize_t target_chap_type_show(const struct sanbft_node *n, char *buf)
{
	return sysfs_emit(buf, "%u\n", n->e.target.chap_type);
}

static ssize_t target_nic_index_show(const struct sanbft_node *n, char *buf)
{
	return sysfs_emit(buf, "%u\n", n->e.target.nic_index);
}

static ssize_t target_chap_name_show(const struct sanbft_node *n, char *buf)
{
	return sanbft_emit_str(buf, n->e.target.chap_name);
}

static ssize_t target_chap_secret_show(const struct sanbft_node *n,
				       char *buf)
{
	return sanbft_emit_str(buf, n->e.target.chap_secret);
}

static ssize_t target_rchap_name_show(const struct sanbft_node *n, char *buf)
{
	return sanbft_emit_str(buf, n->e.target.rchap_name);
}

static ssize_t target_rchap_secret_show(const struct sanbft_node *n,
					char *buf)
{
	return sanbft_emit_str(buf, n->e.target.rchap_secret);
}

static ssize_t target_shelf_show(const struct sanbft_node *n, char *buf)
{
	return sysfs_emit(buf, "%u\n", n->e.shelf);
}

static ssize_t target_slot_show(const struct sanbft_node *n, char *buf)
{
	return sysfs_emit(buf, "%u\n", n->e.slot);
}

#define SANBFT_NODE_ATTR(_grp, _name, _mode, _has)			\
	static struct sanbft_node_attr sanbft_##_grp##_##_name = {	\
		.attr = { .name = #_name, .mode = _mode },		\
		.show = _grp##_##_name##_show,				\
		.has = _has,						\
	}

SANBFT_NODE_ATTR(entry, transport, 0444, SANBFT_F_ALL);
SANBFT_NODE_ATTR(entry, source, 0444, SANBFT_F_ALL);
SANBFT_NODE_ATTR(entry, table, 0444, SANBFT_F_ALL);
SANBFT_NODE_ATTR(entry, valid, 0444, SANBFT_F_ALL);
SANBFT_NODE_ATTR(entry, boot_selected, 0444, SANBFT_F_ALL);
SANBFT_NODE_ATTR(entry, root_path, 0444, SANBFT_F_ALL);
SANBFT_NODE_ATTR(entry, initiator_name, 0444, SANBFT_F_ISCSI);

static struct attribute *sanbft_entry_attrs[] = {
	&sanbft_entry_transport.attr,
	&sanbft_entry_source.attr,
	&sanbft_entry_table.attr,
	&sanbft_entry_valid.attr,
	&sanbft_entry_boot_selected.attr,
	&sanbft_entry_root_path.attr,
	&sanbft_entry_initiator_name.attr,
	NULL,
};

#define SANBFT_F_INIC	(SANBFT_F_ISCSI | SANBFT_F_NIC)
SANBFT_NODE_ATTR(nic, index, 0444, SANBFT_F_INIC);
SANBFT_NODE_ATTR(nic, flags, 0444, SANBFT_F_INIC);
SANBFT_NODE_ATTR(nic, mac, 0444, SANBFT_F_AOE | SANBFT_F_INIC);
SANBFT_NODE_ATTR(nic, ip, 0444, SANBFT_F_INIC);
SANBFT_NODE_ATTR(nic, prefix, 0444, SANBFT_F_INIC);
SANBFT_NODE_ATTR(nic, gateway, 0444, SANBFT_F_INIC);
SANBFT_NODE_ATTR(nic, dns, 0444, SANBFT_F_INIC);
SANBFT_NODE_ATTR(nic, dhcp_server, 0444, SANBFT_F_INIC);
SANBFT_NODE_ATTR(nic, vlan, 0444, SANBFT_F_INIC);
SANBFT_NODE_ATTR(nic, pci_bdf, 0444, SANBFT_F_INIC);
SANBFT_NODE_ATTR(nic, hostname, 0444, SANBFT_F_INIC);
SANBFT_NODE_ATTR(nic, origin, 0444, SANBFT_F_INIC);
SANBFT_NODE_ATTR(nic, netdev, 0444, SANBFT_F_AOE | SANBFT_F_INIC);

static struct attribute *sanbft_nic_attrs[] = {
	&sanbft_nic_index.attr,
	&sanbft_nic_flags.attr,
	&sanbft_nic_mac.attr,
	&sanbft_nic_ip.attr,
	&sanbft_nic_prefix.attr,
	&sanbft_nic_gateway.attr,
	&sanbft_nic_dns.attr,
	&sanbft_nic_dhcp_server.attr,
	&sanbft_nic_vlan.attr,
	&sanbft_nic_pci_bdf.attr,
	&sanbft_nic_hostname.attr,
	&sanbft_nic_origin.attr,
	&sanbft_nic_netdev.attr,
	NULL,
};

SANBFT_NODE_ATTR(target, index, 0444, SANBFT_F_ISCSI);
SANBFT_NODE_ATTR(target, flags, 0444, SANBFT_F_ISCSI);
SANBFT_NODE_ATTR(target, ip, 0444, SANBFT_F_ISCSI);
SANBFT_NODE_ATTR(target, port, 0444, SANBFT_F_ISCSI);
SANBFT_NODE_ATTR(target, lun, 0444, SANBFT_F_ISCSI);
SANBFT_NODE_ATTR(target, name, 0444, SANBFT_F_ISCSI);
SANBFT_NODE_ATTR(target, chap_type, 0444, SANBFT_F_ISCSI);
SANBFT_NODE_ATTR(target, nic_index, 0444, SANBFT_F_ISCSI);
SANBFT_NODE_ATTR(target, chap_name, 0400, SANBFT_F_ISCSI);
SANBFT_NODE_ATTR(target, chap_secret, 0400, SANBFT_F_ISCSI);
SANBFT_NODE_ATTR(target, rchap_name, 0400, SANBFT_F_ISCSI);
SANBFT_NODE_ATTR(target, rchap_secret, 0400, SANBFT_F_ISCSI);
SANBFT_NODE_ATTR(target, shelf, 0444, SANBFT_F_AOE);
SANBFT_NODE_ATTR(target, slot, 0444, SANBFT_F_AOE);

static struct attribute *sanbft_target_attrs[] = {
	&sanbft_target_index.attr,
	&sanbft_target_flags.attr,
	&sanbft_target_ip.attr,
	&sanbft_target_port.attr,
	&sanbft_target_lun.attr,
	&sanbft_target_name.attr,
	&sanbft_target_chap_type.attr,
	&sanbft_target_nic_index.attr,
	&sanbft_target_chap_name.attr,
	&sanbft_target_chap_secret.attr,
	&sanbft_target_rchap_name.attr,
	&sanbft_target_rchap_secret.attr,
	&sanbft_target_shelf.attr,
	&sanbft_target_slot.attr,
	NULL,
};

static umode_t sanbft_node_visible(struct kobject *kobj,
				   struct attribute *attr, int i)
{
	struct sanbft_node *n = container_of(kobj, struct sanbft_node, kobj);
	struct sanbft_node_attr *a =
		container_of(attr, struct sanbft_node_attr, attr);

	if (n->e.transport == SANBFT_TRANSPORT_AOE)
		return a->has & SANBFT_F_AOE ? attr->mode : 0;
	if (!(a->has & SANBFT_F_ISCSI))
		return 0;
	if ((a->has & SANBFT_F_NIC) && !n->e.has_nic)
		return 0;
	return attr->mode;
}

static const struct attribute_group sanbft_entry_group = {
	.attrs = sanbft_entry_attrs,
	.is_visible = sanbft_node_visible,
};

static const struct attribute_group sanbft_nic_group = {
	.name = "nic",
	.attrs = sanbft_nic_attrs,
	.is_visible = sanbft_node_visible,
};

static const struct attribute_group sanbft_target_group = {
	.name = "target",
	.attrs = sanbft_target_attrs,
	.is_visible = sanbft_node_visible,
};

static const struct attribute_group *sanbft_node_groups[] = {
	&sanbft_entry_group,
	&sanbft_nic_group,
	&sanbft_target_group,
	NULL,
};

static ssize_t sanbft_node_attr_show(struct kobject *kobj,
				     struct attribute *attr, char *buf)
{
	struct sanbft_node *n = container_of(kobj, struct sanbft_node, kobj);
	struct sanbft_node_attr *a =
		container_of(attr, struct sanbft_node_attr, attr);

	return a->show(n, buf);
}

static const struct sysfs_ops sanbft_node_sysfs_ops = {
	.show = sanbft_node_attr_show,
};

static void sanbft_node_release(struct kobject *kobj)
{
	struct sanbft_node *n = container_of(kobj, struct sanbft_node, kobj);

	sanbft_table_put(n->table);
	kfree(n);
}

const struct kobj_type sanbft_node_ktype = {
	.release = sanbft_node_release,
	.sysfs_ops = &sanbft_node_sysfs_ops,
	.default_groups = sanbft_node_groups,
};

/*
 * Create /sys/firmware/sanbft/ and add the (already initialised) table and
 * entry kobjects under it.  On failure, what was added stays until its
 * owner puts it; the two directories go with their last child.
 */
int sanbft_sysfs_init(struct list_head *tables, struct sanbft_node **nodes,
		      unsigned int n_nodes)
{
	struct sanbft_table *t;
	unsigned int i;
	int ret;

	sanbft_kobj = kobject_create_and_add("sanbft", firmware_kobj);
	if (!sanbft_kobj)
		return -ENOMEM;
	sanbft_tables_kobj = kobject_create_and_add("tables", sanbft_kobj);
	if (!sanbft_tables_kobj) {
		ret = -ENOMEM;
		goto err_put_root;
	}
	list_for_each_entry(t, tables, node) {
		ret = sanbft_table_add(t);
		if (ret)
			goto err_put_tables_dir;
	}
	for (i = 0; i < n_nodes; i++) {
		ret = kobject_add(&nodes[i]->kobj, sanbft_kobj, "entry%u",
				  nodes[i]->index);
		if (ret)
			goto err_put_tables_dir;
	}
	return 0;

err_put_tables_dir:
	kobject_put(sanbft_tables_kobj);
	sanbft_tables_kobj = NULL;
err_put_root:
	kobject_put(sanbft_kobj);
	sanbft_kobj = NULL;
	return ret;
}

/* After every table and entry kobject has been put. */
void sanbft_sysfs_exit(void)
{
	kobject_put(sanbft_tables_kobj);
	kobject_put(sanbft_kobj);
}
