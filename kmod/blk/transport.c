// SPDX-License-Identifier: GPL-2.0-only
/*
 * The transports sanblk knows: each registers itself by name; the core
 * finds the one a target string names.
 */
#include <linux/mutex.h>

#include "sanblk.h"

static DEFINE_MUTEX(sanblk_transports_mutex);
static LIST_HEAD(sanblk_transports);

int sanblk_register_transport(struct sanblk_transport *t)
{
	const struct sanblk_transport *o;
	int ret = 0;

	mutex_lock(&sanblk_transports_mutex);
	list_for_each_entry(o, &sanblk_transports, node) {
		if (o->kind == t->kind || !strcmp(o->name, t->name)) {
			ret = -EEXIST;
			goto out_unlock;
		}
	}
	list_add_tail(&t->node, &sanblk_transports);
out_unlock:
	mutex_unlock(&sanblk_transports_mutex);
	return ret;
}

void sanblk_unregister_transport(struct sanblk_transport *t)
{
	mutex_lock(&sanblk_transports_mutex);
	list_del(&t->node);
	mutex_unlock(&sanblk_transports_mutex);
}

/*
 * The transport for kind, or NULL.  Transports are built in: one found
 * stays until the module goes, after every disk.
 */
const struct sanblk_transport *
sanblk_find_transport(enum sanblk_transport_kind kind)
{
	const struct sanblk_transport *t, *found = NULL;

	mutex_lock(&sanblk_transports_mutex);
	list_for_each_entry(t, &sanblk_transports, node) {
		if (t->kind == kind) {
			found = t;
			break;
		}
	}
	mutex_unlock(&sanblk_transports_mutex);
	return found;
}

static const struct {
	int (*init)(void);
	void (*exit)(void);
} sanblk_builtin[] = {
	{ sanblk_aoe_init, sanblk_aoe_exit },
	{ sanblk_iscsi_init, sanblk_iscsi_exit },
};

int sanblk_transports_init(void)
{
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(sanblk_builtin); i++) {
		ret = sanblk_builtin[i].init();
		if (ret)
			goto err_exit;
	}
	return 0;

err_exit:
	while (--i >= 0)
		sanblk_builtin[i].exit();
	return ret;
}

void sanblk_transports_exit(void)
{
	int i;

	for (i = ARRAY_SIZE(sanblk_builtin) - 1; i >= 0; i--)
		sanblk_builtin[i].exit();
}
