// SPDX-License-Identifier: GPL-2.0-only
/*
 * chap=<path>: an iSCSI target's CHAP credentials read from a file when
 * its disk is created, so that no secret needs to be on the kernel command
 * line (/proc/cmdline is readable by every user).  The file must be a
 * regular file owned by root that neither its group nor others may read or
 * write; its contents are parsed by target_cred.c.  What was read is wiped
 * after use and never logged.
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uidgid.h>

#include "sanblk.h"

/* What makes a mode too open for a secret, or NULL. */
static const char *chap_file_exposure(umode_t mode)
{
	if (mode & 0004)
		return "readable by others";
	if (mode & 0002)
		return "writable by others";
	if (mode & 0040)
		return "readable by its group";
	if (mode & 0020)
		return "writable by its group";
	return NULL;
}

static int chap_file_check(const char *path, const struct inode *inode)
{
	const char *why;

	if (!S_ISREG(inode->i_mode)) {
		pr_err("chap file %s is not a regular file\n", path);
		return -EINVAL;
	}
	if (!uid_eq(inode->i_uid, GLOBAL_ROOT_UID)) {
		pr_err("chap file %s is owned by uid %u, not root: chown root it\n",
		       path, from_kuid(&init_user_ns, inode->i_uid));
		return -EPERM;
	}
	why = chap_file_exposure(inode->i_mode);
	if (why) {
		pr_err("chap file %s is %s (mode %04o): chmod 600 it\n", path,
		       why, inode->i_mode & 07777);
		return -EPERM;
	}
	return 0;
}

/* Up to len bytes from the start of f; each round reads at least one. */
static ssize_t chap_file_read(struct file *f, char *buf, size_t len)
{
	loff_t pos = 0;
	size_t n = 0;

	while (n < len) {
		ssize_t r = kernel_read(f, buf + n, len - n, &pos);

		if (r < 0)
			return r;
		if (!r)
			break;
		n += r;
	}
	return n;
}

int sanblk_chap_file_load(struct sanblk_target *t)
{
	const char *path = t->chap_file;
	size_t len = SANBLK_CHAP_FILE_MAX + 1;	/* one more: too long */
	char err[SANBLK_ERR_MAX];
	struct file *f;
	ssize_t n;
	char *buf;
	int ret;

	if (!path[0])
		return 0;
	if (t->user[0]) {
		pr_err("chap file %s: inline credentials (user:secret@) given too; keep one\n",
		       path);
		return -EINVAL;
	}
	f = filp_open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK, 0);
	if (IS_ERR(f)) {
		pr_err("chap file %s cannot be opened (%pe)\n", path, f);
		return PTR_ERR(f);
	}
	ret = chap_file_check(path, file_inode(f));
	if (ret)
		goto out_close;
	buf = kmalloc(len, GFP_KERNEL);
	if (!buf) {
		ret = -ENOMEM;
		goto out_close;
	}
	n = chap_file_read(f, buf, len);
	if (n < 0) {
		pr_err("chap file %s cannot be read (%pe)\n", path,
		       ERR_PTR(n));
		ret = n;
	} else {
		ret = sanblk_target_read_creds(t, buf, n, err, sizeof(err));
		if (ret)
			pr_err("chap file %s: %s\n", path, err);
	}
	kfree_sensitive(buf);
out_close:
	filp_close(f, NULL);
	return ret;
}
