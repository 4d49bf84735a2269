// SPDX-License-Identifier: GPL-2.0-only
/* Newer kernels pass the bus_type to bus attribute methods as const. */
#include <linux/module.h>
#include <linux/device.h>

static ssize_t probe_store(const struct bus_type *bus, const char *buf,
			   size_t count)
{
	return count;
}

struct bus_attribute probe_attr = { .store = probe_store };
MODULE_LICENSE("GPL");
