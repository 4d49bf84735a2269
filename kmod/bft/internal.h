/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the parts of sanbft.ko share: the tables found (main.c keeps them,
 * acpi.c and x86.c find them, sysfs.c shows them) and the boot entries
 * built from the good ones.  Everything is set up at module load and never
 * changes afterwards.
 */
#ifndef SANBFT_INTERNAL_H
#define SANBFT_INTERNAL_H

#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/sysfs.h>
#include <linux/types.h>

#include "sanbft.h"

#define SANBFT_WHERE_MAX	48	/* "iBFT in low memory at 0x9e620" */

enum sanbft_found_in {
	SANBFT_IN_ACPI,
	SANBFT_IN_LOWMEM,
};

/*
 * One table as found: a private copy of its bytes (raw) and, once parsed,
 * either the decoded table (ok) or the defect (status).  Freed by the
 * release of its kobject, which is initialised when the table is created.
 */
struct sanbft_table {
	struct list_head node;
	struct kobject kobj;		/* tables/<name>/ */
	struct bin_attribute raw_attr;	/* tables/<name>/raw */
	enum sanbft_found_in found_in;
	bool have_addr;
	phys_addr_t addr;
	u8 *raw;
	size_t raw_len;
	char signature[5];
	char name[16];			/* "ibft0", "abft0" */
	char where[SANBFT_WHERE_MAX];	/* "aBFT in low memory at 0x9e6a0" */
	bool ok;
	char status[SANBFT_ERR_MAX];	/* "ok" or the defect */
	struct sanbft_table_info info;	/* valid when ok */
	union {
		struct sanbft_ibft ibft;
		struct sanbft_abft abft;
	};
};

/* One boot entry: entry<index>/. Freed by the release of its kobject. */
struct sanbft_node {
	struct kobject kobj;
	unsigned int index;
	struct sanbft_table *table;	/* holds a reference */
	struct sanbft_entry e;
	char root_path[SANBFT_ROOT_PATH_MAX];
};

/* main.c */
/*
 * Queue the table found at found_in/addr; takes ownership of raw, which may
 * be NULL when copying the table failed (the table is then logged as
 * ignored for want of memory).
 */
void sanbft_table_found(struct list_head *tables,
			enum sanbft_found_in found_in, const char *signature,
			bool have_addr, phys_addr_t addr, u8 *raw,
			size_t raw_len);
void sanbft_table_put(struct sanbft_table *t);
bool sanbft_table_known(struct list_head *tables, phys_addr_t addr);

/* acpi.c */
void sanbft_find_acpi(struct list_head *tables);

/* x86.c: legacy BIOS low memory, physical addresses of ACPI tables */
#ifdef CONFIG_X86
void sanbft_find_lowmem(struct list_head *tables);
bool sanbft_virt_to_phys(const void *p, phys_addr_t *addr);
#else
static inline void sanbft_find_lowmem(struct list_head *tables)
{
}

static inline bool sanbft_virt_to_phys(const void *p, phys_addr_t *addr)
{
	return false;
}
#endif

/* sysfs.c */
extern const struct kobj_type sanbft_table_ktype;
extern const struct kobj_type sanbft_node_ktype;
int sanbft_sysfs_init(struct list_head *tables, struct sanbft_node **nodes,
		      unsigned int n_nodes);
void sanbft_sysfs_exit(void);

/* netdev.c */
ssize_t sanbft_netdev_show(const struct sanbft_nic *nic, char *buf);

#endif /* SANBFT_INTERNAL_H */
