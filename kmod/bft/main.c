// SPDX-License-Identifier: GPL-2.0-only
/*
 * sanbft: the boot firmware tables (iBFT, aBFT) left behind by iPXE, an
 * iSCSI option ROM or UEFI, shown under /sys/firmware/sanbft/ and offered
 * to sanblk.ko as boot entries.
 *
 * At load time every table is found (ACPI first, then legacy BIOS low
 * memory), copied, checked by the pure parsers of bft_parse.h and turned
 * into boot entries.  A bad table is reported in one line and contributes
 * nothing but its tables/ directory.  Nothing changes after load.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/string_helpers.h>

#include "internal.h"

static LIST_HEAD(sanbft_tables);
static struct sanbft_node **sanbft_nodes;
static unsigned int sanbft_n_nodes;

void sanbft_table_found(struct list_head *tables,
			enum sanbft_found_in found_in, const char *signature,
			bool have_addr, phys_addr_t addr, u8 *raw,
			size_t raw_len)
{
	char where[SANBFT_WHERE_MAX];
	struct sanbft_table *t;
	int n;

	n = scnprintf(where, sizeof(where), "%s in %s", signature,
		      found_in == SANBFT_IN_ACPI ? "ACPI" : "low memory");
	if (have_addr)
		scnprintf(where + n, sizeof(where) - n, " at 0x%llx",
			  (unsigned long long)addr);

	t = raw ? kzalloc(sizeof(*t), GFP_KERNEL) : NULL;
	if (!t) {
		kfree(raw);
		pr_warn("%s: out of memory, table ignored\n", where);
		return;
	}
	kobject_init(&t->kobj, &sanbft_table_ktype);
	INIT_LIST_HEAD(&t->node);
	t->found_in = found_in;
	t->have_addr = have_addr;
	t->addr = addr;
	t->raw = raw;
	t->raw_len = raw_len;
	strscpy(t->signature, signature, sizeof(t->signature));
	strscpy(t->where, where, sizeof(t->where));
	list_add_tail(&t->node, tables);
}

void sanbft_table_put(struct sanbft_table *t)
{
	kobject_put(&t->kobj);
}

bool sanbft_table_known(struct list_head *tables, phys_addr_t addr)
{
	struct sanbft_table *t;

	list_for_each_entry(t, tables, node)
		if (t->have_addr && t->addr == addr)
			return true;
	return false;
}

static void sanbft_parse(struct sanbft_table *t)
{
	int ret;

	if (!strcmp(t->signature, "aBFT")) {
		ret = sanbft_abft_parse(t->raw, t->raw_len, &t->abft,
					t->status, sizeof(t->status));
		if (!ret)
			t->info = t->abft.info;
	} else {
		ret = sanbft_ibft_parse(t->raw, t->raw_len, &t->ibft,
					t->status, sizeof(t->status));
		if (!ret)
			t->info = t->ibft.info;
	}
	t->ok = !ret;
	if (t->ok)
		strscpy(t->status, "ok", sizeof(t->status));
	else if (!t->status[0])
		strscpy(t->status, "malformed", sizeof(t->status));
}

/* tables/ names: the signature in lower case, numbered per name. */
static void sanbft_name_tables(void)
{
	struct sanbft_table *t, *u;
	unsigned int n;
	char base[5];

	list_for_each_entry(t, &sanbft_tables, node) {
		string_lower(base, t->signature);
		n = 0;
		list_for_each_entry(u, &sanbft_tables, node) {
			if (u == t)
				break;
			if (!strcasecmp(u->signature, t->signature))
				n++;
		}
		scnprintf(t->name, sizeof(t->name), "%s%u", base, n);
	}
}

static unsigned int sanbft_table_entries(const struct sanbft_table *t)
{
	if (!t->ok)
		return 0;
	if (!strcmp(t->signature, "aBFT"))
		return 1;
	return t->ibft.n_targets;
}

static int sanbft_table_entry(const struct sanbft_table *t, unsigned int i,
			      struct sanbft_entry *e)
{
	if (!strcmp(t->signature, "aBFT")) {
		sanbft_abft_entry(&t->abft, e);
		return 0;
	}
	return sanbft_ibft_entry(&t->ibft, i, e);
}

static struct sanbft_node *sanbft_node_new(struct sanbft_table *t,
					   unsigned int i, unsigned int index)
{
	struct sanbft_node *n;
	int ret;

	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return ERR_PTR(-ENOMEM);
	ret = sanbft_table_entry(t, i, &n->e);
	if (ret) {
		kfree(n);
		return ERR_PTR(ret);
	}
	if (sanbft_root_path(&n->e, n->root_path, sizeof(n->root_path)) < 0)
		n->root_path[0] = '\0';
	n->index = index;
	kobject_get(&t->kobj);
	n->table = t;
	kobject_init(&n->kobj, &sanbft_node_ktype);
	return n;
}

/* "<root path> on <mac>" for the log line; never credentials. */
static void sanbft_describe(const struct sanbft_node *n, char *buf,
			    size_t len)
{
	char mac[18];

	if (n->e.has_nic || n->e.transport == SANBFT_TRANSPORT_AOE) {
		sanbft_format_mac(n->e.nic.mac, mac, sizeof(mac));
		scnprintf(buf, len, "%s on %s",
			  n->root_path[0] ? n->root_path : "(no target)", mac);
	} else {
		scnprintf(buf, len, "%s on NIC %u (not in the table)",
			  n->root_path[0] ? n->root_path : "(no target)",
			  n->e.target.nic_index);
	}
}

/*
 * Turn the good tables into boot entries, in table order (ACPI first), and
 * log one line per table: what it holds, or its defect.
 */
static int sanbft_build_entries(void)
{
	struct sanbft_table *t;
	unsigned int total = 0, i, first;
	char line[256], one[SANBFT_ROOT_PATH_MAX + 40];
	struct sanbft_node *n;
	size_t used;

	list_for_each_entry(t, &sanbft_tables, node)
		total += sanbft_table_entries(t);
	if (total) {
		sanbft_nodes = kcalloc(total, sizeof(*sanbft_nodes),
				       GFP_KERNEL);
		if (!sanbft_nodes)
			return -ENOMEM;
	}

	list_for_each_entry(t, &sanbft_tables, node) {
		if (!t->ok) {
			pr_warn("%s: %s\n", t->where, t->status);
			continue;
		}
		line[0] = '\0';
		used = 0;
		first = sanbft_n_nodes;
		for (i = 0; i < sanbft_table_entries(t); i++) {
			n = sanbft_node_new(t, i, sanbft_n_nodes);
			if (IS_ERR(n)) {
				if (PTR_ERR(n) == -ENOMEM)
					return -ENOMEM;
				pr_warn("%s: target %u: cannot decode (%ld)\n",
					t->where, i, PTR_ERR(n));
				continue;
			}
			sanbft_nodes[sanbft_n_nodes++] = n;
			sanbft_describe(n, one, sizeof(one));
			used += scnprintf(line + used, sizeof(line) - used,
					  "%s%s", used ? ", " : "", one);
		}
		if (sanbft_n_nodes == first)
			pr_info("%s: no boot target\n", t->where);
		else
			pr_info("%s: %s\n", t->where, line);
	}
	return 0;
}

static void sanbft_free_entries(void)
{
	while (sanbft_n_nodes)
		kobject_put(&sanbft_nodes[--sanbft_n_nodes]->kobj);
	kfree(sanbft_nodes);
	sanbft_nodes = NULL;
}

static void sanbft_free_tables(void)
{
	struct sanbft_table *t, *tmp;

	list_for_each_entry_safe(t, tmp, &sanbft_tables, node) {
		list_del(&t->node);
		sanbft_table_put(t);
	}
}

unsigned int sanbft_entry_count(void)
{
	return sanbft_n_nodes;
}
EXPORT_SYMBOL_GPL(sanbft_entry_count);

int sanbft_entry_get(unsigned int i, struct sanbft_entry *e, char *src,
		     size_t srclen)
{
	if (i >= sanbft_n_nodes)
		return -ENOENT;
	*e = sanbft_nodes[i]->e;
	if (src && srclen)
		strscpy(src, sanbft_nodes[i]->table->where, srclen);
	return 0;
}
EXPORT_SYMBOL_GPL(sanbft_entry_get);

static int __init sanbft_init(void)
{
	struct sanbft_table *t;
	int ret;

	sanbft_find_acpi(&sanbft_tables);
	sanbft_find_lowmem(&sanbft_tables);
	if (list_empty(&sanbft_tables))
		pr_info("no boot firmware table (iBFT, aBFT) found\n");

	list_for_each_entry(t, &sanbft_tables, node)
		sanbft_parse(t);
	sanbft_name_tables();

	ret = sanbft_build_entries();
	if (ret)
		goto err_free_entries;

	ret = sanbft_sysfs_init(&sanbft_tables, sanbft_nodes, sanbft_n_nodes);
	if (ret)
		goto err_free_entries;
	return 0;

err_free_entries:
	sanbft_free_entries();
	sanbft_free_tables();
	return ret;
}

static void __exit sanbft_exit(void)
{
	sanbft_free_entries();
	sanbft_free_tables();
	sanbft_sysfs_exit();
}

module_init(sanbft_init);
module_exit(sanbft_exit);

MODULE_DESCRIPTION("Boot firmware tables (iBFT, aBFT) for SAN boot");
MODULE_LICENSE("GPL");
MODULE_VERSION(SANBLK_VERSION);
