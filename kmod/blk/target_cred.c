// SPDX-License-Identifier: GPL-2.0-only
/*
 * CHAP credentials, user:secret[:ruser:rsecret], wherever they come from:
 * before the '@' of a target string, or the one line of a chap= file.
 * Nothing of them is ever quoted back, and a rejected one leaves nothing
 * behind.
 * Pure code: no allocation, every read bounded by the span.
 */
#include "target_parse.h"

static void creds_wipe(struct sanblk_target *t)
{
	memset(t->user, 0, sizeof(t->user));
	memset(t->pass, 0, sizeof(t->pass));
	memset(t->ruser, 0, sizeof(t->ruser));
	memset(t->rpass, 0, sizeof(t->rpass));
}

/* pfx starts every message: "iscsi: " in a target string, "" in a file. */
int sanblk_parse_creds(struct span sp, struct sanblk_target *t,
		       const char *pfx, char *err, size_t errlen)
{
	char *dst[4] = { t->user, t->pass, t->ruser, t->rpass };
	static const char * const what[4] = {
		"CHAP user name", "CHAP secret",
		"reverse CHAP user name", "reverse CHAP secret",
	};
	const char *p = sp.p, *end = sp.p + sp.n;
	int i, n = 0;

	for (i = 0; i < 4; i++) {
		const char *q = p;

		while (q < end && *q != ':')
			q++;
		if (q == p) {
			creds_wipe(t);
			return FAIL("%sempty %s", pfx, what[i]);
		}
		if (q - p >= SANBLK_SECRET_MAX) {
			creds_wipe(t);
			return FAIL("%s%s longer than %d bytes", pfx, what[i],
				    SANBLK_SECRET_MAX - 1);
		}
		span_copy(dst[i], span_of(p, q));
		n++;
		if (q == end)
			break;
		p = q + 1;
		if (i == 3)
			n = 5;		/* more than four fields */
	}
	if (n != 2 && n != 4) {
		creds_wipe(t);
		return FAIL("%scredentials must be user:secret or user:secret:ruser:rsecret",
			    pfx);
	}
	return 0;
}

int sanblk_target_read_creds(struct sanblk_target *t, const char *buf,
			     size_t n, char *err, size_t errlen)
{
	size_t i;

	if (err && errlen)
		err[0] = '\0';
	if (t->user[0])
		return FAIL("inline credentials (user:secret@) given too; keep one");
	if (n > SANBLK_CHAP_FILE_MAX)
		return FAIL("longer than %d bytes", SANBLK_CHAP_FILE_MAX);
	if (n && buf[n - 1] == '\n')
		n--;
	if (!n)
		return FAIL("empty; expected user:secret or user:secret:ruser:rsecret");
	for (i = 0; i < n; i++) {
		if (buf[i] == '\n')
			return FAIL("more than one line");
		if ((unsigned char)buf[i] < ' ' || buf[i] == 0x7f)
			return FAIL("a control character; expected one line of printable text");
	}
	return sanblk_parse_creds(span_of(buf, buf + n), t, "", err, errlen);
}
