// SPDX-License-Identifier: GPL-2.0-only
/*
 * sanblk: in-kernel SAN initiator exposing /dev/sanblkN.
 *
 * Ways in: the target= parameter (modprobe or kernel command line), the
 * boot entries the firmware left (through sanbft.ko) when no target= is
 * given, and /sys/bus/sanblk/{add,remove} at any time (the rbd pattern).
 */
#include <linux/etherdevice.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/reboot.h>
#include <linux/slab.h>

#include "blk_compat.h"
#include "sanblk.h"
#include "sanbft.h"
#include "target_bft.h"

#define SANBLK_MAX_PARAM_TARGETS	16

/*
 * target=: each occurrence (on the kernel command line as sanblk.target=,
 * or repeated on the modprobe line) adds one disk.  A custom setter
 * because a charp would keep only the last one.
 */
static char *param_targets[SANBLK_MAX_PARAM_TARGETS];
static unsigned int n_param_targets;

static unsigned int n_param_refused;

/*
 * Never fails: a failed parameter fails the whole module load, and the
 * kernel's message quotes the value, credentials and all.  The ones past
 * the limit are refused one by one, by number.
 */
static int target_param_set(const char *val, const struct kernel_param *kp)
{
	char *s;

	if (n_param_targets >= SANBLK_MAX_PARAM_TARGETS) {
		pr_err("target= #%u refused: at most %d target= values are taken (add more disks through /sys/bus/sanblk/add)\n",
		       SANBLK_MAX_PARAM_TARGETS + ++n_param_refused,
		       SANBLK_MAX_PARAM_TARGETS);
		return 0;
	}
	s = kstrdup(val, GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	param_targets[n_param_targets++] = s;
	return 0;
}

static const struct kernel_param_ops target_param_ops = {
	.set = target_param_set,
};

/* Not readable: the strings may hold CHAP secrets. */
module_param_cb(target, &target_param_ops, NULL, 0);
MODULE_PARM_DESC(target,
		 "Disk to attach (repeatable): aoe:e<shelf>.<slot>[,opts] or iscsi:...; default: the firmware's boot entries");

/*
 * wait=: an initramfs that mounts root right after modprobe needs the
 * disks to exist when modprobe returns; 0 returns at once.
 */
static unsigned int wait_secs;
module_param_named(wait, wait_secs, uint, 0444);
MODULE_PARM_DESC(wait, "Seconds module load waits for the disks to appear (default 0)");

static DEFINE_IDA(sanblk_ida);
static DEFINE_MUTEX(sanblk_devs_mutex);
static LIST_HEAD(sanblk_devs);
struct workqueue_struct *sanblk_wq;

/* ---- devices ---- */

static void sanblk_dev_release(struct device *dev)
{
	struct sanblk_dev *d = to_sanblk_dev(dev);

	ida_free(&sanblk_ida, d->id);
	memzero_explicit(&d->tgt, sizeof(d->tgt));
	kfree(d);
}

static void sanblk_root_release(struct device *dev)
{
}

/* Parent of every sanblk device: /sys/devices/sanblk/. */
static struct device sanblk_root = {
	.init_name	= "sanblk",
	.release	= sanblk_root_release,
};

static ssize_t add_store(sanblk_bus_const struct bus_type *bus,
			 const char *buf, size_t count);
static ssize_t remove_store(sanblk_bus_const struct bus_type *bus,
			    const char *buf, size_t count);
static BUS_ATTR_WO(add);
static BUS_ATTR_WO(remove);

static struct attribute *sanblk_bus_attrs[] = {
	&bus_attr_add.attr,
	&bus_attr_remove.attr,
	NULL,
};
ATTRIBUTE_GROUPS(sanblk_bus);

static struct bus_type sanblk_bus = {
	.name		= "sanblk",
	.bus_groups	= sanblk_bus_groups,
};

/*
 * t reaches the target and LUN of o another way: one more path of o, or
 * -EEXIST when o has that path.
 */
static int sanblk_dev_join(struct sanblk_dev *o, const struct sanblk_target *t,
			   const char *canon, const char *origin)
{
	int ret = o->ops->add_path(o, t);

	if (ret == -EEXIST)
		pr_err("%s: already attached as %s\n", canon, o->name);
	else if (ret < 0)
		pr_err("%s: cannot be a path of %s: %d\n", canon, o->name, ret);
	else
		pr_info("%s: %s: path %d: %s from %s\n", o->name, o->ops->name,
			ret, canon, origin);
	return ret < 0 ? ret : 0;
}

/*
 * Create a disk for target t (credentials and all) and start finding it;
 * a target string reaching the LUN of a disk another way joins it as a
 * path instead.
 * origin says where it came from, for the log.  A chap= file is read into
 * t first: the caller wipes t.
 */
static int sanblk_dev_create(struct sanblk_target *t,
			     unsigned int default_timeout, const char *origin,
			     struct sanblk_dev **out)
{
	const struct sanblk_transport *ops = sanblk_find_transport(t->transport);
	char canon[SANBLK_TARGET_MAX];
	struct sanblk_dev *d, *o;
	int ret;

	sanblk_target_format(t, false, canon, sizeof(canon));
	if (!ops) {
		pr_err("%s: the %s transport is not available yet\n", canon,
		       t->transport == SANBLK_TRANSPORT_ISCSI ? "iscsi" : "?");
		return -EPROTONOSUPPORT;
	}
	ret = sanblk_chap_file_load(t);
	if (ret)
		return ret;

	mutex_lock(&sanblk_devs_mutex);
	list_for_each_entry(o, &sanblk_devs, node) {
		if (o->ops->add_path && sanblk_target_same_lun(&o->tgt, t)) {
			ret = sanblk_dev_join(o, t, canon, origin);
			if (!ret && out)
				*out = o;
			goto err_unlock;
		}
		if (sanblk_target_same(&o->tgt, t)) {
			pr_err("%s: already attached as %s\n", canon, o->name);
			ret = -EEXIST;
			goto err_unlock;
		}
	}

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d) {
		ret = -ENOMEM;
		goto err_unlock;
	}
	d->id = ida_alloc_max(&sanblk_ida, (1 << (MINORBITS - 4)) - 1,
			      GFP_KERNEL);
	if (d->id < 0) {
		ret = d->id;
		kfree(d);
		goto err_unlock;
	}
	d->tgt = *t;
	d->ops = ops;
	d->timeout = t->has_timeout ? t->timeout : default_timeout;
	snprintf(d->name, sizeof(d->name), "sanblk%d", d->id);
	sanblk_disk_init(d);

	device_initialize(&d->dev);
	d->dev.bus = &sanblk_bus;
	d->dev.parent = &sanblk_root;
	d->groups[0] = &sanblk_dev_group;
	d->groups[1] = ops->attr_group;
	d->dev.groups = d->groups;
	d->dev.release = sanblk_dev_release;
	dev_set_name(&d->dev, "%d", d->id);
	ret = device_add(&d->dev);
	if (ret)
		goto err_put_dev;

	/* events may come at once: the core must be ready for them */
	mutex_lock(&d->lock);
	d->attached = true;
	mutex_unlock(&d->lock);
	sanblk_change_state(d, SANBLK_STATE_DISCOVERING);
	ret = ops->attach(d);
	if (ret)
		goto err_detached;
	list_add_tail(&d->node, &sanblk_devs);
	mutex_unlock(&sanblk_devs_mutex);

	if (d->timeout)
		pr_info("%s: %s from %s, I/O timeout %u s\n", d->name, canon,
			origin, d->timeout);
	else
		pr_info("%s: %s from %s, I/O waits for the target forever\n",
			d->name, canon, origin);
	if (out)
		*out = d;
	return 0;

err_detached:
	mutex_lock(&d->lock);
	d->attached = false;
	mutex_unlock(&d->lock);
	sanblk_change_state(d, SANBLK_STATE_DELETING);
	sanblk_change_state(d, SANBLK_STATE_DEAD);
	sanblk_state_stop(d);
	cancel_work_sync(&d->capacity_work);
	cancel_work_sync(&d->sync_work);
	device_del(&d->dev);
err_put_dev:
	put_device(&d->dev);
err_unlock:
	mutex_unlock(&sanblk_devs_mutex);
	return ret;
}

/*
 * Take d off the list, so that nobody else finds it, unless it is open
 * and not forced.  Called with sanblk_devs_mutex held; the removal
 * itself (I/O, bounded) comes after it is dropped.
 */
static int sanblk_dev_unlist(struct sanblk_dev *d, bool force)
{
	struct gendisk *disk = READ_ONCE(d->disk);

	lockdep_assert_held(&sanblk_devs_mutex);
	if (disk && disk_openers(disk)) {
		if (!force) {
			pr_err("%s: in use (open %u times); write '%s force' to remove it anyway\n",
			       d->name, disk_openers(disk), d->name);
			return -EBUSY;
		}
		pr_warn("%s: removing while open\n", d->name);
	}
	list_del(&d->node);
	return 0;
}

/* Remove a disk taken off the list; no global lock held. */
static void sanblk_dev_destroy(struct sanblk_dev *d)
{
	sanblk_disk_remove(d);
	pr_info("%s: removed\n", d->name);
	device_unregister(&d->dev);
}

static ssize_t add_store(sanblk_bus_const struct bus_type *bus,
			 const char *buf, size_t count)
{
	struct sanblk_target *t;
	char err[SANBLK_ERR_MAX];
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (!try_module_get(THIS_MODULE))
		return -ENODEV;
	t = kmalloc(sizeof(*t), GFP_KERNEL);
	if (!t) {
		ret = -ENOMEM;
		goto out_put;
	}
	ret = sanblk_target_parse(buf, t, err, sizeof(err));
	if (ret)
		pr_err("add: %s\n", err);
	else
		ret = sanblk_dev_create(t, SANBLK_ADHOC_TIMEOUT, "sysfs", NULL);
	kfree_sensitive(t);
out_put:
	module_put(THIS_MODULE);
	return ret ? ret : count;
}

/* "<id>", "sanblk<id>" or "/dev/sanblk<id>", optionally followed by " force". */
static ssize_t remove_store(sanblk_bus_const struct bus_type *bus,
			    const char *buf, size_t count)
{
	char name[DISK_NAME_LEN + 8], opt[8] = "";
	struct sanblk_dev *d;
	const char *p;
	int ret = -ENOENT, n;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	n = sscanf(buf, "%31s %7s", name, opt);
	if (n < 1 || (n == 2 && strcmp(opt, "force"))) {
		pr_err("remove: expected '<id|sanblkN> [force]'\n");
		return -EINVAL;
	}
	p = name;
	if (!strncmp(p, "/dev/", 5))
		p += 5;
	mutex_lock(&sanblk_devs_mutex);
	list_for_each_entry(d, &sanblk_devs, node) {
		if (!strcmp(p, d->name) || !strcmp(p, dev_name(&d->dev))) {
			ret = sanblk_dev_unlist(d, n == 2);
			break;
		}
	}
	mutex_unlock(&sanblk_devs_mutex);
	if (!ret)
		sanblk_dev_destroy(d);
	if (ret == -ENOENT)
		pr_err("remove: no disk '%s'\n", name);
	return ret ? ret : count;
}

/* ---- ways in at load time ---- */

static int sanblk_add_param_targets(void)
{
	struct sanblk_target *t;
	char err[SANBLK_ERR_MAX];
	unsigned int i;
	int added = 0;

	t = kmalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	for (i = 0; i < n_param_targets; i++) {
		if (sanblk_target_parse(param_targets[i], t, err, sizeof(err))) {
			pr_err("target= #%u: %s\n", i + 1, err);
			continue;
		}
		if (t->user[0])
			pr_warn("target= #%u holds CHAP credentials: on the kernel command line they are readable by every user in /proc/cmdline; use chap=FILE, the iBFT, or /sys/bus/sanblk/add\n",
				i + 1);
		if (!sanblk_dev_create(t, 0, "target=", NULL))
			added++;
	}
	kfree_sensitive(t);
	/* needed no more: keep no copy of a secret */
	for (i = 0; i < n_param_targets; i++) {
		kfree_sensitive(param_targets[i]);
		param_targets[i] = NULL;
	}
	return added;
}

static int sanblk_add_firmware_targets(void)
{
	struct sanblk_target *t;
	struct sanbft_entry *e;
	unsigned int i, n = sanbft_entry_count();
	char src[80], err[SANBLK_ERR_MAX];
	int added = 0;

	t = kmalloc(sizeof(*t), GFP_KERNEL);
	e = kmalloc(sizeof(*e), GFP_KERNEL);
	if (!t || !e)
		goto out_free;
	for (i = 0; i < n; i++) {
		if (sanbft_entry_get(i, e, src, sizeof(src)))
			continue;
		if (!e->valid || !e->boot_selected)
			continue;
		if (sanblk_target_from_bft(e, t, err, sizeof(err)))
			pr_err("firmware entry %u (%s): %s\n", i, src, err);
		else if (!sanblk_dev_create(t, 0, src, NULL))
			added++;
	}
out_free:
	kfree_sensitive(e);
	kfree_sensitive(t);
	return added;
}

static void sanblk_wait_ready(unsigned int secs)
{
	unsigned long end = jiffies + secs * HZ;
	struct sanblk_dev *d;

	mutex_lock(&sanblk_devs_mutex);
	list_for_each_entry(d, &sanblk_devs, node) {
		long left = (long)(end - jiffies);

		if (left <= 0 ||
		    !wait_for_completion_timeout(&d->ready, left))
			pr_warn("%s: not ready after wait=%u s; it appears when the target answers\n",
				d->name, secs);
	}
	mutex_unlock(&sanblk_devs_mutex);
}

/* ---- reboot: write back every target's cache ---- */

static int sanblk_reboot(struct notifier_block *nb, unsigned long action,
			 void *data)
{
	struct sanblk_dev *d;

	mutex_lock(&sanblk_devs_mutex);
	list_for_each_entry(d, &sanblk_devs, node) {
		int ret;

		if (!READ_ONCE(d->info.write_cache) || !READ_ONCE(d->path_up))
			continue;
		ret = sanblk_disk_flush(d, SANBLK_SHUTDOWN_FLUSH);
		if (ret)
			pr_warn("%s: cache flush at shutdown failed: %d\n",
				d->name, ret);
		else
			pr_info("%s: cache flushed for shutdown\n", d->name);
	}
	mutex_unlock(&sanblk_devs_mutex);
	return NOTIFY_DONE;
}

static struct notifier_block sanblk_reboot_nb = {
	.notifier_call = sanblk_reboot,
};

static int __init sanblk_init(void)
{
	int ret;

	/* I/O completion and reconnect run on it: it must make progress in reclaim */
	sanblk_wq = alloc_workqueue("sanblk", WQ_MEM_RECLAIM, 0);
	if (!sanblk_wq)
		return -ENOMEM;
	ret = sanblk_blkdev_register();
	if (ret)
		goto err_destroy_wq;
	ret = device_register(&sanblk_root);
	if (ret)
		goto err_put_root;
	ret = bus_register(&sanblk_bus);
	if (ret)
		goto err_unregister_root;
	ret = sanblk_transports_init();
	if (ret)
		goto err_unregister_bus;
	ret = register_reboot_notifier(&sanblk_reboot_nb);
	if (ret)
		goto err_transports_exit;

	if (n_param_targets)
		sanblk_add_param_targets();
	else
		sanblk_add_firmware_targets();
	if (wait_secs)
		sanblk_wait_ready(wait_secs);
	pr_info("version %s loaded\n", SANBLK_VERSION);
	return 0;

err_transports_exit:
	sanblk_transports_exit();
err_unregister_bus:
	bus_unregister(&sanblk_bus);
err_unregister_root:
	device_unregister(&sanblk_root);
	goto err_unregister_blkdev;
err_put_root:
	put_device(&sanblk_root);
err_unregister_blkdev:
	sanblk_blkdev_unregister();
err_destroy_wq:
	destroy_workqueue(sanblk_wq);
	return ret;
}

static void __exit sanblk_exit(void)
{
	struct sanblk_dev *d;
	unsigned int i;

	unregister_reboot_notifier(&sanblk_reboot_nb);
	for (;;) {
		mutex_lock(&sanblk_devs_mutex);
		d = list_first_entry_or_null(&sanblk_devs, struct sanblk_dev,
					     node);
		if (d)
			sanblk_dev_unlist(d, true);
		mutex_unlock(&sanblk_devs_mutex);
		if (!d)
			break;
		sanblk_dev_destroy(d);
	}
	sanblk_transports_exit();
	bus_unregister(&sanblk_bus);
	device_unregister(&sanblk_root);
	sanblk_blkdev_unregister();
	destroy_workqueue(sanblk_wq);
	for (i = 0; i < n_param_targets; i++)
		kfree_sensitive(param_targets[i]);
	ida_destroy(&sanblk_ida);
}

module_init(sanblk_init);
module_exit(sanblk_exit);

MODULE_DESCRIPTION("SAN boot block device (AoE, iSCSI initiator)");
MODULE_LICENSE("GPL");
MODULE_VERSION(SANBLK_VERSION);
