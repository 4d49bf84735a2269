// SPDX-License-Identifier: GPL-2.0-only
/*
 * The debug tier's canary: each bug the debug kernel is there to catch,
 * made on purpose when the module loads, so that a tier whose kernel or
 * checks stopped catching one fails instead of passing quietly.
 *
 *   bugs=leak     an allocation nobody points to any more (kmemleak)
 *   bugs=lockdep  two mutexes taken in both orders (lockdep's circular
 *                 locking dependency)
 *   bugs=sleep    a GFP_KERNEL allocation under a spinlock (might_sleep)
 *   bugs=hung     insmod blocked uninterruptibly for hang= seconds (the
 *                 hung-task detector; the guest shortens its timeout)
 *   bugs=kasan    a read of a freed object (KASAN use-after-free; with
 *                 panic_on_warn the kernel panics)
 *
 * Several may be given, comma-separated.  The bugs are out of line, not
 * in canary_init(): init text is freed after loading, and reports would
 * show its frames as bare addresses.  Nothing here is worth copying.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

static char *bugs = "";
module_param(bugs, charp, 0444);
MODULE_PARM_DESC(bugs, "comma-separated: leak,lockdep,sleep,hung,kasan");

static unsigned int hang = 8;
module_param(hang, uint, 0444);
MODULE_PARM_DESC(hang, "seconds insmod blocks for bugs=hung");

static void *canary_ptr;
static DEFINE_MUTEX(canary_a);
static DEFINE_MUTEX(canary_b);
static DEFINE_SPINLOCK(canary_lock);

static bool canary_wants(const char *bug)
{
	size_t len = strlen(bug);
	const char *p = bugs;

	while ((p = strstr(p, bug))) {
		if ((p == bugs || p[-1] == ',') && (!p[len] || p[len] == ','))
			return true;
		p += len;
	}
	return false;
}

static noinline void canary_leak(void)
{
	WRITE_ONCE(canary_ptr, kstrdup("sanblk canary leak", GFP_KERNEL));
	WRITE_ONCE(canary_ptr, NULL);
}

static noinline void canary_lockdep(void)
{
	mutex_lock(&canary_a);
	mutex_lock(&canary_b);
	mutex_unlock(&canary_b);
	mutex_unlock(&canary_a);

	mutex_lock(&canary_b);
	mutex_lock(&canary_a);
	mutex_unlock(&canary_a);
	mutex_unlock(&canary_b);
}

static noinline void canary_sleep(void)
{
	void *p;

	spin_lock(&canary_lock);
	p = kmalloc(32, GFP_KERNEL);
	spin_unlock(&canary_lock);
	kfree(p);
}

static noinline void canary_hung(void)
{
	schedule_timeout_uninterruptible(hang * HZ);
}

static noinline void canary_kasan(void)
{
	char *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return;
	kfree(p);
	pr_info("read after free: %d\n", READ_ONCE(p[8]));
}

static int __init canary_init(void)
{
	pr_info("making bugs '%s' on purpose\n", bugs);
	if (canary_wants("leak"))
		canary_leak();
	if (canary_wants("lockdep"))
		canary_lockdep();
	if (canary_wants("sleep"))
		canary_sleep();
	if (canary_wants("hung"))
		canary_hung();
	if (canary_wants("kasan"))
		canary_kasan();
	return 0;
}

static void __exit canary_exit(void)
{
}

module_init(canary_init);
module_exit(canary_exit);
MODULE_DESCRIPTION("sanblk debug tier: the bugs its kernel must catch");
MODULE_LICENSE("GPL");
