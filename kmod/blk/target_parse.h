/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the four parts of the target-string parser share; nothing outside
 * them includes this.  target.c reads the grammar (transport, AoE and
 * iSCSI address parts) and formats, target_opt.c reads the key=value
 * options, target_value.c reads the values both are made of (numbers,
 * addresses, LUNs, names), target_cred.c the CHAP credentials.
 *
 * Pure code, like target.h: the input is never copied to find its pieces,
 * so every piece is a span into it, and every read is bounded by a span's
 * length.
 */
#ifndef SANBLK_TARGET_PARSE_H
#define SANBLK_TARGET_PARSE_H

#include "target.h"

/* A piece of the input: never NUL-terminated, always bounded. */
struct span {
	const char *p;
	size_t n;
};

/* How much of a bad value is quoted back in an error message. */
#define QUOTE_MAX	64

/*
 * Write one message line into err (when the caller gave room for one) and
 * yield -EINVAL; every parsing function has err and errlen in scope.
 */
#define FAIL(...) ({						\
	if (err && errlen)					\
		snprintf(err, errlen, __VA_ARGS__);		\
	-EINVAL;						\
})

/* Length of a span as quoted in a message ("%.*s"). */
static inline int ql(struct span sp)
{
	return sp.n < QUOTE_MAX ? (int)sp.n : QUOTE_MAX;
}

static inline struct span span_of(const char *p, const char *end)
{
	struct span sp = { p, (size_t)(end - p) };

	return sp;
}

static inline bool span_eq(struct span sp, const char *lit)
{
	size_t n = strlen(lit);

	return sp.n == n && !memcmp(sp.p, lit, n);
}

static inline const char *span_chr(struct span sp, char c)
{
	return sp.n ? memchr(sp.p, c, sp.n) : NULL;
}

static inline const char *span_rchr(struct span sp, char c)
{
	size_t i;

	for (i = sp.n; i > 0; i--)
		if (sp.p[i - 1] == c)
			return sp.p + i - 1;
	return NULL;
}

/* dst must have room for sp.n + 1 bytes; the callers check the length. */
static inline void span_copy(char *dst, struct span sp)
{
	memcpy(dst, sp.p, sp.n);
	dst[sp.n] = '\0';
}

/*
 * The values (target_value.c), each described where it is defined.  They
 * return 0 or -EINVAL (sanblk_parse_dec() also -ERANGE) and write no
 * message: the caller knows which field it was and says so.
 */
int sanblk_parse_dec(struct span sp, u64 max, u64 *out);
int sanblk_parse_ipv4(struct span sp, u8 out[4]);
int sanblk_parse_ipv6(struct span sp, u8 out[16]);
int sanblk_parse_addr(struct span sp, struct sanblk_addr *a);
int sanblk_parse_lun(struct span sp, u8 lun[8]);
bool sanblk_is_token(struct span sp);
bool sanblk_is_ifname(struct span sp);

/*
 * user:secret[:ruser:rsecret] into t (target_cred.c); pfx starts every
 * message.  On failure none of the four fields keeps anything.
 */
int sanblk_parse_creds(struct span sp, struct sanblk_target *t,
		       const char *pfx, char *err, size_t errlen);

/* The options after the first ',' (target_opt.c); t->transport is set. */
int sanblk_parse_options(struct span sp, struct sanblk_target *t,
			 char *err, size_t errlen);

#endif /* SANBLK_TARGET_PARSE_H */
