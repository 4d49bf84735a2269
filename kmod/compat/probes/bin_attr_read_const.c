// SPDX-License-Identifier: GPL-2.0-only
/* Newer kernels pass the bin_attribute to ->read() as const. */
#include <linux/module.h>
#include <linux/sysfs.h>

static ssize_t probe_read(struct file *f, struct kobject *k,
			  const struct bin_attribute *a, char *buf,
			  loff_t off, size_t len)
{
	return 0;
}

struct bin_attribute probe_attr = { .read = probe_read };
MODULE_LICENSE("GPL");
