/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What login.c, login_keys.c and login_chap.c share; not for other users.
 * Pure code (see login.h).
 */
#ifndef SANBLK_ISCSI_LOGIN_INT_H
#define SANBLK_ISCSI_LOGIN_INT_H

#include "login.h"

enum {
	SANBLK_ISCSI_LS_NONE,		/* not set up, or a bad configuration */
	SANBLK_ISCSI_LS_SEND,		/* a request is due: build */
	SANBLK_ISCSI_LS_WAIT,		/* a response is due: recv */
	SANBLK_ISCSI_LS_DONE,
	SANBLK_ISCSI_LS_REDIRECT,
	SANBLK_ISCSI_LS_FAILED,
};

enum {
	SANBLK_ISCSI_CHAP_METHOD,	/* sent AuthMethod=CHAP */
	SANBLK_ISCSI_CHAP_ALGO,		/* sent CHAP_A */
	SANBLK_ISCSI_CHAP_RESPONSE,	/* sent CHAP_N/CHAP_R */
};

/* Every key the login knows by name; a bit each in l->sent and l->recv. */
enum {
	K_INITIATOR_NAME, K_TARGET_NAME, K_SESSION_TYPE, K_INITIATOR_ALIAS,
	K_AUTH_METHOD, K_CHAP_A, K_CHAP_I, K_CHAP_C, K_CHAP_N, K_CHAP_R,
	K_TPGT, K_TARGET_ALIAS, K_TARGET_ADDRESS,
	K_OP,			/* the operational keys of keys.c follow */
};

extern const char *const sanblk_iscsi_login_keys[];

#define KBIT(k)		(1u << (k))
#define KNAME(k)	sanblk_iscsi_login_keys[k]

static inline bool sanblk_iscsi_login_val_is(const struct sanblk_iscsi_kv *kv,
					     const char *s)
{
	return strlen(s) == kv->vlen && !memcmp(kv->val, s, kv->vlen);
}

static inline bool sanblk_iscsi_login_has(const char *s)
{
	return s && *s;
}

/* Ends the login with err and a sentence in l->err; returns err. */
__printf(3, 4) int sanblk_iscsi_login_fail(struct sanblk_iscsi_login *l,
					   int err, const char *fmt, ...);
/* key=value into the next request; an overflow is found by _next(). */
void sanblk_iscsi_login_add(struct sanblk_iscsi_login *l, int id,
			    const char *val);
/* The next request is due, with T and nsg when transit: MORE or -errno. */
int sanblk_iscsi_login_next(struct sanblk_iscsi_login *l, u8 nsg, bool transit);
/* Index in sanblk_iscsi_login_keys[], or -1. */
int sanblk_iscsi_login_key_id(const struct sanblk_iscsi_kv *kv);
/* The target's whole text: 0 or -errno (the login has failed). */
int sanblk_iscsi_login_take(struct sanblk_iscsi_login *l);
/* Our operational offer less what is negotiated, asking for FFP. */
int sanblk_iscsi_login_offer(struct sanblk_iscsi_login *l);
/* Offered keys the target did not answer take their RFC default. */
void sanblk_iscsi_login_defaults(struct sanblk_iscsi_login *l);
int sanblk_iscsi_login_take_security(struct sanblk_iscsi_login *l, int id,
				     const struct sanblk_iscsi_kv *kv);
/* The security stage goes on without the target's T bit. */
int sanblk_iscsi_login_security_next(struct sanblk_iscsi_login *l);

#endif /* SANBLK_ISCSI_LOGIN_INT_H */
