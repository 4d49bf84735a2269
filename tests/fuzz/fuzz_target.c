// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/target.c kmod/blk/target_opt.c kmod/blk/target_value.c kmod/blk/target_cred.c kmod/common/text.c
/*
 * Target string parser: any input parses or fails cleanly; an accepted
 * target formats canonically, re-parses to the same disk, and its error
 * and canonical text never depend on the credentials.  The bytes after a
 * NUL, if any, are a chap= file's contents: read into an accepted target
 * without credentials, they give credentials or an error and none.
 */
#include <assert.h>
#include <stdlib.h>
#include "target.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void chap_contents(const struct sanblk_target *t, const char *buf,
			  size_t n, const char *canon)
{
	static struct sanblk_target u;
	static char canon2[SANBLK_TARGET_MAX + 512];
	char err[SANBLK_ERR_MAX];

	if (t->user[0])
		return;
	u = *t;
	if (sanblk_target_read_creds(&u, buf, n, err, sizeof(err))) {
		assert(err[0] && strlen(err) < sizeof(err));
		assert(!u.user[0] && !u.pass[0] && !u.ruser[0] && !u.rpass[0]);
		return;
	}
	assert(!err[0] && u.user[0] && u.pass[0] && !!u.ruser[0] == !!u.rpass[0]);
	assert(strlen(u.pass) < SANBLK_SECRET_MAX && !strchr(u.pass, '\n'));
	sanblk_target_format(&u, true, canon2, sizeof(canon2));
	assert(!strcmp(canon, canon2));
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static struct sanblk_target t, u;
	char err[SANBLK_ERR_MAX], canon[SANBLK_TARGET_MAX + 512];
	static char canon2[SANBLK_TARGET_MAX + 512];
	char *s = malloc(size + 1);
	int n;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (sanblk_target_parse(s, &t, err, sizeof(err))) {
		assert(err[0] && strlen(err) < sizeof(err));
		assert(t.transport == SANBLK_TRANSPORT_NONE && !t.pass[0]);
		free(s);
		return 0;
	}
	assert(!err[0]);
	n = sanblk_target_format(&t, true, canon, sizeof(canon));
	assert(n > 0 && (size_t)n < sizeof(canon));
	/* the canonical text does not depend on the credentials at all */
	u = t;
	memset(u.user, 0, sizeof(u.user));
	memset(u.pass, 0, sizeof(u.pass));
	memset(u.ruser, 0, sizeof(u.ruser));
	memset(u.rpass, 0, sizeof(u.rpass));
	assert(sanblk_target_format(&u, true, canon2, sizeof(canon2)) == n);
	assert(!strcmp(canon, canon2));
	if (strlen(s) < size)
		chap_contents(&t, s + strlen(s) + 1, size - strlen(s) - 1, canon);
	if ((size_t)n <= SANBLK_TARGET_MAX) {
		assert(!sanblk_target_parse(canon, &u, err, sizeof(err)));
		assert(sanblk_target_same(&t, &u));
		assert(u.ro == t.ro && u.has_timeout == t.has_timeout &&
		       u.timeout == t.timeout && u.prefix == t.prefix);
	}
	free(s);
	return 0;
}
