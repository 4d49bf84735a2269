// SPDX-License-Identifier: GPL-2.0-only
/*
 * The core's per-disk attributes, /sys/bus/sanblk/devices/<id>/; each
 * transport adds a group of its own (SANBLK_TATTR_RO).
 */
#include <linux/device.h>
#include <linux/sysfs.h>

#include "sanblk.h"

static ssize_t transport_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", to_sanblk_dev(dev)->ops->name);
}
static DEVICE_ATTR_RO(transport);

static ssize_t target_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	int n = sanblk_target_format(&to_sanblk_dev(dev)->tgt, true, buf,
				     PAGE_SIZE - 1);

	if (n < 0)
		return n;
	return sysfs_emit_at(buf, min_t(int, n, PAGE_SIZE - 2), "\n") +
	       min_t(int, n, PAGE_SIZE - 2);
}
static DEVICE_ATTR_RO(target);

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  sanblk_state_name(sanblk_dev_state(to_sanblk_dev(dev))));
}
static DEVICE_ATTR_RO(state);

static ssize_t disk_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", to_sanblk_dev(dev)->name);
}
static DEVICE_ATTR_RO(disk);

static ssize_t retransmits_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lld\n",
			  atomic64_read(&to_sanblk_dev(dev)->retransmits));
}
static DEVICE_ATTR_RO(retransmits);

static ssize_t errors_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%lld\n",
			  atomic64_read(&to_sanblk_dev(dev)->errors));
}
static DEVICE_ATTR_RO(errors);

/* Requests the disk takes at once now (0 before it exists). */
static ssize_t queue_depth_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(to_sanblk_dev(dev)->depth));
}
static DEVICE_ATTR_RO(queue_depth);

static ssize_t timeout_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(to_sanblk_dev(dev)->timeout));
}

static ssize_t timeout_store(struct device *dev, struct device_attribute *attr,
			     const char *buf, size_t count)
{
	struct sanblk_dev *d = to_sanblk_dev(dev);
	unsigned int t;
	int ret;

	ret = kstrtouint(buf, 10, &t);
	if (ret)
		return ret;
	if (t > SANBLK_TIMEOUT_MAX)
		return -ERANGE;
	mutex_lock(&d->lock);
	WRITE_ONCE(d->timeout, t);
	sanblk_disk_apply_timeout(d);
	mutex_unlock(&d->lock);
	return count;
}
static DEVICE_ATTR_RW(timeout);

#define SANBLK_INFO_ATTR(_name, _fmt, _field)				\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	struct sanblk_dev *d = to_sanblk_dev(dev);			\
	ssize_t n;							\
									\
	mutex_lock(&d->lock);						\
	n = sysfs_emit(buf, _fmt "\n", d->info._field);			\
	mutex_unlock(&d->lock);						\
	return n;							\
}									\
static DEVICE_ATTR_RO(_name)

SANBLK_INFO_ATTR(size, "%llu", sectors);
SANBLK_INFO_ATTR(model, "%s", model);
SANBLK_INFO_ATTR(serial, "%s", serial);

static struct attribute *sanblk_dev_attrs[] = {
	&dev_attr_transport.attr,
	&dev_attr_target.attr,
	&dev_attr_state.attr,
	&dev_attr_disk.attr,
	&dev_attr_retransmits.attr,
	&dev_attr_errors.attr,
	&dev_attr_timeout.attr,
	&dev_attr_queue_depth.attr,
	&dev_attr_size.attr,
	&dev_attr_model.attr,
	&dev_attr_serial.attr,
	NULL,
};

const struct attribute_group sanblk_dev_group = {
	.attrs = sanblk_dev_attrs,
};

ssize_t sanblk_tattr_show(struct device *dev, char *buf,
			  ssize_t (*fn)(struct sanblk_dev *d, char *buf))
{
	struct sanblk_dev *d = to_sanblk_dev(dev);
	ssize_t n = -ENODEV;

	/* the transport publishes d->tp when its state is whole */
	mutex_lock(&d->lock);
	if (d->attached && READ_ONCE(d->tp))
		n = fn(d, buf);
	mutex_unlock(&d->lock);
	return n;
}
