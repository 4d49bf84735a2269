/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CHAP with MD5 for iSCSI login (RFC 1994, RFC 7143 12.1.3): the values
 * of CHAP_I, CHAP_C and CHAP_R in their text forms, the response to a
 * target's challenge, and the check of the target's response to ours
 * (mutual CHAP).  MD5 and random bytes come from the caller: the kernel
 * glue uses the crypto API and get_random_bytes(), the tests a reference
 * MD5.  Nothing here puts a secret or a response into an error text.
 *
 * Pure code: compiled into sanblk.ko and into the userspace unit tests and
 * fuzzers; includes only sanblk_pure.h.
 */
#ifndef SANBLK_ISCSI_CHAP_H
#define SANBLK_ISCSI_CHAP_H

#include "sanblk_pure.h"

#define SANBLK_ISCSI_CHAP_MD5		5	/* CHAP_A: the only one offered */
#define SANBLK_ISCSI_CHAP_DIGEST	16	/* MD5 output, CHAP_R */
#define SANBLK_ISCSI_CHAP_CHAL_MAX	1024	/* binary challenge bytes */
/*
 * Our challenge for mutual CHAP: 16 random bytes, as long as the MD5
 * output; more adds nothing against an attacker who cannot predict them.
 */
#define SANBLK_ISCSI_CHAP_CHAL_LEN	16
/* Longest secret accepted in the configuration. */
#define SANBLK_ISCSI_CHAP_SECRET_MAX	255

struct sanblk_iscsi_chap_ops {
	/* out = MD5(id || secret || challenge); 0 or -errno */
	int (*md5)(void *ctx, u8 id, const u8 *secret, size_t slen,
		   const u8 *chal, size_t clen, u8 out[16]);
	void (*random)(void *ctx, u8 *buf, size_t len);
	void *ctx;
};

/*
 * A binary value: "0x"/"0X" hex (an odd number of digits has an implied
 * leading 0) or "0b"/"0B" base64.  Returns the number of bytes (at least
 * one) written to out, -EINVAL for a malformed value, -E2BIG for one
 * longer than max bytes.
 */
int sanblk_iscsi_chap_decode(const char *val, size_t vlen, u8 *out,
			     size_t max);

/* CHAP_I: decimal or 0x-hex, 0..255; the identifier or -EINVAL. */
int sanblk_iscsi_chap_decode_id(const char *val, size_t vlen);

/* "0x" and lowercase hex with its NUL; the string length or -ENOSPC. */
int sanblk_iscsi_chap_encode(const u8 *in, size_t n, char *out, size_t len);

/* Compares all n bytes whatever they hold: no early exit. */
bool sanblk_iscsi_chap_equal(const u8 *a, const u8 *b, size_t n);

/*
 * The login's CHAP settings, checked once: a secret needs a user name,
 * mutual CHAP needs one-way CHAP, and the two secrets must differ (RFC
 * 7143 12.1.3).  0 or -EINVAL with a sentence in err that names no
 * secret.
 */
int sanblk_iscsi_chap_check_cfg(const char *user, const char *secret,
				const char *ruser, const char *rsecret,
				char *err, size_t errlen);

/*
 * Our CHAP_R for the target's identifier and challenge (decoded).  mine
 * is our own challenge when mutual CHAP is on (NULL otherwise): a target
 * that sends it back is refused (-EACCES), as is an empty or over-long
 * challenge (-EPROTO).  r gets "0x..." with its NUL.
 */
int sanblk_iscsi_chap_respond(const struct sanblk_iscsi_chap_ops *ops,
			      const char *secret, u8 id, const u8 *chal,
			      size_t clen, const u8 *mine, char *r,
			      size_t rlen);

/*
 * The target's CHAP_R to our identifier and challenge: 0 when it is
 * MD5(id || rsecret || chal), -EACCES when not, -EPROTO when it is not a
 * 16-byte value.
 */
int sanblk_iscsi_chap_verify(const struct sanblk_iscsi_chap_ops *ops,
			     u8 id, const char *rsecret, const u8 *chal,
			     size_t clen, const char *rval, size_t rlen);

#endif /* SANBLK_ISCSI_CHAP_H */
