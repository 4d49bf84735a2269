/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reference MD5 (RFC 1321) for the tests only: the module uses the
 * kernel's crypto API.  md5_ref_chap() has the signature of
 * sanblk_iscsi_chap_ops.md5, and md5_ref_random() hands out the bytes a
 * test put in its context, so a test knows every challenge in advance.
 */
#ifndef SANBLK_MD5_REF_H
#define SANBLK_MD5_REF_H

#include <stdint.h>
#include <string.h>

struct md5_ref {
	uint32_t h[4];
	uint64_t len;
	uint8_t buf[64];
};

static const uint32_t md5_ref_k[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
	0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
	0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
	0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
	0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
	0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

static const uint8_t md5_ref_r[16] = { 7, 12, 17, 22, 5, 9, 14, 20,
				       4, 11, 16, 23, 6, 10, 15, 21 };

static void md5_ref_block(struct md5_ref *m, const uint8_t *p)
{
	uint32_t a = m->h[0], b = m->h[1], c = m->h[2], d = m->h[3];
	uint32_t w[16], f, t;
	int i, g;

	for (i = 0; i < 16; i++)
		w[i] = p[4 * i] | p[4 * i + 1] << 8 | p[4 * i + 2] << 16 |
		       (uint32_t)p[4 * i + 3] << 24;
	for (i = 0; i < 64; i++) {
		if (i < 16) {
			f = (b & c) | (~b & d);
			g = i;
		} else if (i < 32) {
			f = (d & b) | (~d & c);
			g = (5 * i + 1) & 15;
		} else if (i < 48) {
			f = b ^ c ^ d;
			g = (3 * i + 5) & 15;
		} else {
			f = c ^ (b | ~d);
			g = (7 * i) & 15;
		}
		t = d;
		d = c;
		c = b;
		f += a + md5_ref_k[i] + w[g];
		b += f << md5_ref_r[(i / 16) * 4 + (i & 3)] |
		     f >> (32 - md5_ref_r[(i / 16) * 4 + (i & 3)]);
		a = t;
	}
	m->h[0] += a;
	m->h[1] += b;
	m->h[2] += c;
	m->h[3] += d;
}

static void md5_ref_init(struct md5_ref *m)
{
	static const uint32_t iv[4] = { 0x67452301, 0xefcdab89, 0x98badcfe,
					0x10325476 };

	memcpy(m->h, iv, sizeof(iv));
	m->len = 0;
}

static void md5_ref_update(struct md5_ref *m, const void *data, size_t n)
{
	const uint8_t *p = data;

	while (n--) {
		m->buf[m->len++ & 63] = *p++;
		if (!(m->len & 63))
			md5_ref_block(m, m->buf);
	}
}

static void md5_ref_final(struct md5_ref *m, uint8_t out[16])
{
	uint64_t bits = m->len * 8;
	uint8_t one = 0x80, zero = 0;
	int i;

	md5_ref_update(m, &one, 1);
	while ((m->len & 63) != 56)
		md5_ref_update(m, &zero, 1);
	for (i = 0; i < 8; i++) {
		uint8_t b = (uint8_t)(bits >> (8 * i));

		md5_ref_update(m, &b, 1);
	}
	for (i = 0; i < 16; i++)
		out[i] = (uint8_t)(m->h[i / 4] >> (8 * (i % 4)));
}

static inline void md5_ref(const void *data, size_t n, uint8_t out[16])
{
	struct md5_ref m;

	md5_ref_init(&m);
	md5_ref_update(&m, data, n);
	md5_ref_final(&m, out);
}

/* The bytes md5_ref_random() hands out, from the start each time. */
struct md5_ref_ctx {
	uint8_t rnd[32];
	int md5_err;		/* what md5_ref_chap() returns, 0 normally */
};

static inline int md5_ref_chap(void *ctx, u8 id, const u8 *secret,
			       size_t slen, const u8 *chal, size_t clen,
			       u8 out[16])
{
	struct md5_ref_ctx *c = ctx;
	struct md5_ref m;

	if (c && c->md5_err)
		return c->md5_err;
	md5_ref_init(&m);
	md5_ref_update(&m, &id, 1);
	md5_ref_update(&m, secret, slen);
	md5_ref_update(&m, chal, clen);
	md5_ref_final(&m, out);
	return 0;
}

static inline void md5_ref_random(void *ctx, u8 *buf, size_t len)
{
	struct md5_ref_ctx *c = ctx;
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = c->rnd[i % sizeof(c->rnd)];
}

#endif /* SANBLK_MD5_REF_H */
