// SPDX-License-Identifier: GPL-2.0-only
/*
 * CHAP values, responses and checks.  Pure code (see chap.h).
 */
#include "chap.h"

static int sanblk_iscsi_b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Hex digits; an odd count is read as if it had a leading 0. */
static int sanblk_iscsi_unhex(const char *s, size_t n, u8 *out, size_t max)
{
	size_t i, o = 0;
	int d;

	if ((n + 1) / 2 > max)
		return -E2BIG;
	if (n & 1)
		out[0] = 0;
	for (i = 0; i < n; i++) {
		d = sanblk_hexval(s[i]);
		if (d < 0)
			return -EINVAL;
		o = (i + (n & 1)) / 2;
		if ((i + (n & 1)) & 1)
			out[o] |= (u8)d;
		else
			out[o] = (u8)(d << 4);
	}
	return (int)((n + 1) / 2);
}

/* RFC 4648 base64: '=' padding only at the end, at most two of it. */
static int sanblk_iscsi_unb64(const char *s, size_t n, u8 *out, size_t max)
{
	size_t i, o = 0, pad = 0;
	u32 acc = 0;
	int d, bits = 0;

	while (pad < 2 && n > pad && s[n - pad - 1] == '=')
		pad++;
	if (pad && (n & 3))
		return -EINVAL;
	n -= pad;
	if ((n & 3) == 1)
		return -EINVAL;		/* six bits make no byte */
	if (n * 3 / 4 > max)
		return -E2BIG;
	for (i = 0; i < n; i++) {
		d = sanblk_iscsi_b64val(s[i]);
		if (d < 0)
			return -EINVAL;
		acc = (acc << 6) | (u32)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (u8)(acc >> bits);
		}
	}
	return (int)o;
}

int sanblk_iscsi_chap_decode(const char *val, size_t vlen, u8 *out,
			     size_t max)
{
	int n;

	if (vlen < 3 || val[0] != '0')
		return -EINVAL;
	if ((val[1] | 0x20) == 'x')
		n = sanblk_iscsi_unhex(val + 2, vlen - 2, out, max);
	else if ((val[1] | 0x20) == 'b')
		n = sanblk_iscsi_unb64(val + 2, vlen - 2, out, max);
	else
		return -EINVAL;
	return n ? n : -EINVAL;
}

int sanblk_iscsi_chap_decode_id(const char *val, size_t vlen)
{
	unsigned int base = 10, v = 0;
	size_t i = 0;
	int d;

	if (vlen > 2 && val[0] == '0' && (val[1] | 0x20) == 'x') {
		base = 16;
		i = 2;
	}
	if (i == vlen || vlen - i > 3)
		return -EINVAL;
	for (; i < vlen; i++) {
		d = sanblk_hexval(val[i]);
		if (d < 0 || (unsigned int)d >= base)
			return -EINVAL;
		v = v * base + (unsigned int)d;
	}
	return v > 255 ? -EINVAL : (int)v;
}

int sanblk_iscsi_chap_encode(const u8 *in, size_t n, char *out, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	if (len < 2 * n + 3)
		return -ENOSPC;
	out[0] = '0';
	out[1] = 'x';
	for (i = 0; i < n; i++) {
		out[2 + 2 * i] = digits[in[i] >> 4];
		out[3 + 2 * i] = digits[in[i] & 15];
	}
	out[2 + 2 * n] = '\0';
	return (int)(2 + 2 * n);
}

bool sanblk_iscsi_chap_equal(const u8 *a, const u8 *b, size_t n)
{
	u8 diff = 0;
	size_t i;

	for (i = 0; i < n; i++)
		diff |= a[i] ^ b[i];
	return !diff;
}

static bool sanblk_iscsi_set(const char *s)
{
	return s && *s;
}

int sanblk_iscsi_chap_check_cfg(const char *user, const char *secret,
				const char *ruser, const char *rsecret,
				char *err, size_t errlen)
{
	const char *why = NULL;

	if (sanblk_iscsi_set(secret) && !sanblk_iscsi_set(user))
		why = "a CHAP secret needs a CHAP user name";
	else if (sanblk_iscsi_set(user) && !sanblk_iscsi_set(secret))
		why = "the CHAP user name has no secret";
	else if (sanblk_iscsi_set(rsecret) && !sanblk_iscsi_set(secret))
		why = "mutual CHAP needs one-way CHAP (user name and secret) too";
	else if (sanblk_iscsi_set(ruser) && !sanblk_iscsi_set(rsecret))
		why = "the mutual CHAP user name has no secret";
	else if ((secret && strlen(secret) > SANBLK_ISCSI_CHAP_SECRET_MAX) ||
		 (rsecret && strlen(rsecret) > SANBLK_ISCSI_CHAP_SECRET_MAX))
		why = "a CHAP secret is longer than 255 bytes";
	else if (sanblk_iscsi_set(rsecret) && !strcmp(secret, rsecret))
		why = "the mutual CHAP secret must differ from the initiator's (RFC 7143 12.1.3)";
	if (!why)
		return 0;
	snprintf(err, errlen, "%s", why);
	return -EINVAL;
}

int sanblk_iscsi_chap_respond(const struct sanblk_iscsi_chap_ops *ops,
			      const char *secret, u8 id, const u8 *chal,
			      size_t clen, const u8 *mine, char *r,
			      size_t rlen)
{
	u8 md[SANBLK_ISCSI_CHAP_DIGEST];
	int err;

	if (!clen || clen > SANBLK_ISCSI_CHAP_CHAL_MAX)
		return -EPROTO;
	if (mine && clen == SANBLK_ISCSI_CHAP_CHAL_LEN &&
	    sanblk_iscsi_chap_equal(chal, mine, clen))
		return -EACCES;
	err = ops->md5(ops->ctx, id, (const u8 *)secret, strlen(secret),
		       chal, clen, md);
	if (!err)
		err = sanblk_iscsi_chap_encode(md, sizeof(md), r, rlen);
	return err < 0 ? err : 0;
}

int sanblk_iscsi_chap_verify(const struct sanblk_iscsi_chap_ops *ops,
			     u8 id, const char *rsecret, const u8 *chal,
			     size_t clen, const char *rval, size_t rlen)
{
	u8 got[SANBLK_ISCSI_CHAP_DIGEST], want[SANBLK_ISCSI_CHAP_DIGEST];
	int err;

	if (sanblk_iscsi_chap_decode(rval, rlen, got, sizeof(got)) !=
	    SANBLK_ISCSI_CHAP_DIGEST)
		return -EPROTO;
	err = ops->md5(ops->ctx, id, (const u8 *)rsecret, strlen(rsecret),
		       chal, clen, want);
	if (!err && !sanblk_iscsi_chap_equal(got, want, sizeof(want)))
		err = -EACCES;
	return err;
}
