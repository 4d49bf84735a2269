// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/target.c kmod/blk/target_opt.c kmod/blk/target_value.c kmod/common/text.c
/*
 * Target string parser: any input parses or fails cleanly; an accepted
 * target formats canonically, re-parses to the same disk, and its error
 * and canonical text never depend on the credentials.
 */
#include <assert.h>
#include <stdlib.h>
#include "target.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

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
	if ((size_t)n <= SANBLK_TARGET_MAX) {
		assert(!sanblk_target_parse(canon, &u, err, sizeof(err)));
		assert(sanblk_target_same(&t, &u));
		assert(u.ro == t.ro && u.has_timeout == t.has_timeout &&
		       u.timeout == t.timeout && u.prefix == t.prefix);
	}
	free(s);
	return 0;
}
