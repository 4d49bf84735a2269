// SPDX-License-Identifier: GPL-2.0-only
/*
 * SendTargets in a discovery session.  Pure code (see sendtargets.h).
 */
#include "sendtargets.h"

enum {
	SANBLK_ISCSI_ST_NONE,
	SANBLK_ISCSI_ST_SEND,
	SANBLK_ISCSI_ST_WAIT,
	SANBLK_ISCSI_ST_END,		/* done or failed */
};

#define SANBLK_ISCSI_ST_NO_TARGET	-1	/* no TargetName yet */
#define SANBLK_ISCSI_ST_DROPPED		-2	/* its target was not kept */

static const char sanblk_iscsi_st_all[] = "SendTargets=All";

static __printf(2, 3) int sanblk_iscsi_st_fail(struct sanblk_iscsi_sendtargets *st,
					       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->err, sizeof(st->err), fmt, ap);
	va_end(ap);
	st->state = SANBLK_ISCSI_ST_END;
	return -EPROTO;
}

void sanblk_iscsi_st_init(struct sanblk_iscsi_sendtargets *st, u32 itt,
			  u32 cmdsn, u32 exp_statsn)
{
	memset(st, 0, sizeof(*st));
	st->itt = itt;
	st->cmdsn = cmdsn;
	st->exp_statsn = exp_statsn;
	st->ttt = SANBLK_ISCSI_RSVD_TAG;
	st->cur = SANBLK_ISCSI_ST_NO_TARGET;
	st->state = SANBLK_ISCSI_ST_SEND;
}

int sanblk_iscsi_st_build(struct sanblk_iscsi_sendtargets *st, u8 *buf,
			  size_t len)
{
	size_t dlen = st->rounds ? 0 : sizeof(sanblk_iscsi_st_all);
	size_t total = SANBLK_ISCSI_BHS_LEN + dlen + sanblk_iscsi_pad(dlen);
	struct sanblk_iscsi_bhs h;

	if (st->state != SANBLK_ISCSI_ST_SEND)
		return -EINVAL;
	if (len < total)
		return -ENOSPC;
	memset(&h, 0, sizeof(h));
	h.opcode = SANBLK_ISCSI_OP_TEXT_REQ;
	h.flags = SANBLK_ISCSI_FL_FINAL;
	h.dlength = (u32)dlen;
	h.itt = st->itt;
	h.f20 = st->ttt;
	h.f24 = st->cmdsn++;
	h.f28 = st->exp_statsn;
	sanblk_iscsi_put_bhs(buf, len, &h);
	memset(buf + SANBLK_ISCSI_BHS_LEN, 0, total - SANBLK_ISCSI_BHS_LEN);
	memcpy(buf + SANBLK_ISCSI_BHS_LEN, sanblk_iscsi_st_all, dlen);
	st->rounds++;
	st->state = SANBLK_ISCSI_ST_WAIT;
	return (int)total;
}

static void sanblk_iscsi_st_copy(char *dst, const struct sanblk_iscsi_kv *kv)
{
	memcpy(dst, kv->val, kv->vlen);
	dst[kv->vlen] = '\0';
}

static int sanblk_iscsi_st_name(struct sanblk_iscsi_sendtargets *st,
				const struct sanblk_iscsi_kv *kv)
{
	if (!kv->vlen || kv->vlen > SANBLK_ISCSI_NAME_MAX)
		return sanblk_iscsi_st_fail(st,
					    "target sent a TargetName of %u bytes",
					    kv->vlen);
	if (st->n == SANBLK_ISCSI_ST_TARGETS) {
		st->dropped++;
		st->cur = SANBLK_ISCSI_ST_DROPPED;
		return 0;
	}
	st->cur = st->n++;
	sanblk_iscsi_st_copy(st->t[st->cur].name, kv);
	return 0;
}

static int sanblk_iscsi_st_addr(struct sanblk_iscsi_sendtargets *st,
				const struct sanblk_iscsi_kv *kv)
{
	struct sanblk_iscsi_st_target *t;

	if (st->cur == SANBLK_ISCSI_ST_NO_TARGET)
		return sanblk_iscsi_st_fail(st,
					    "target sent a TargetAddress before any TargetName");
	if (st->cur == SANBLK_ISCSI_ST_DROPPED)
		return 0;
	t = &st->t[st->cur];
	if (t->naddr == SANBLK_ISCSI_ST_ADDRS ||
	    kv->vlen >= SANBLK_ISCSI_ST_ADDR_LEN) {
		st->dropped_addrs++;
		return 0;
	}
	sanblk_iscsi_st_copy(t->addr[t->naddr++], kv);
	return 0;
}

/* One whole pair, its NUL included. */
static int sanblk_iscsi_st_pair(struct sanblk_iscsi_sendtargets *st,
				const char *p, size_t len)
{
	struct sanblk_iscsi_kv kv;
	int n;

	n = sanblk_iscsi_keys_parse((const u8 *)p, len, &kv, 1);
	if (n != 1)
		return sanblk_iscsi_st_fail(st,
					    "target sent a malformed pair (%d)",
					    n);
	if (kv.klen == 10 && !memcmp(kv.key, "TargetName", 10))
		return sanblk_iscsi_st_name(st, &kv);
	if (kv.klen == 13 && !memcmp(kv.key, "TargetAddress", 13))
		return sanblk_iscsi_st_addr(st, &kv);
	return 0;			/* nothing else is asked for */
}

/* The data as a stream of pairs; an unfinished one waits in carry. */
static int sanblk_iscsi_st_take(struct sanblk_iscsi_sendtargets *st,
				const u8 *data, size_t dlen)
{
	const char *p = (const char *)data, *end = p + dlen, *nul;
	size_t n;
	int err;

	while (p < end) {
		nul = memchr(p, '\0', (size_t)(end - p));
		n = (size_t)((nul ? nul + 1 : end) - p);
		if (n > sizeof(st->carry) - st->carry_len)
			return sanblk_iscsi_st_fail(st,
						    "target sent a pair longer than %u bytes",
						    (unsigned int)sizeof(st->carry));
		if (!nul || st->carry_len) {
			memcpy(st->carry + st->carry_len, p, n);
			st->carry_len += n;
		}
		if (nul && st->carry_len) {
			err = sanblk_iscsi_st_pair(st, st->carry, st->carry_len);
			st->carry_len = 0;
		} else {
			err = nul ? sanblk_iscsi_st_pair(st, p, n) : 0;
		}
		if (err)
			return err;
		p += n;
	}
	return 0;
}

static int sanblk_iscsi_st_check(struct sanblk_iscsi_sendtargets *st,
				 const struct sanblk_iscsi_bhs *h)
{
	bool final = h->flags & SANBLK_ISCSI_FL_FINAL;
	bool no_ttt = h->f20 == SANBLK_ISCSI_RSVD_TAG;

	if (h->opcode != SANBLK_ISCSI_OP_TEXT_RSP)
		return sanblk_iscsi_st_fail(st,
					    "target answered SendTargets with opcode 0x%02x",
					    h->opcode);
	if (h->itt != st->itt)
		return sanblk_iscsi_st_fail(st,
					    "target answered ITT 0x%08x; the request had 0x%08x",
					    h->itt, st->itt);
	if (final && (h->flags & SANBLK_ISCSI_FL_CONTINUE))
		return sanblk_iscsi_st_fail(st,
					    "target set both F and C in a Text Response");
	if (final != no_ttt)
		return sanblk_iscsi_st_fail(st,
					    "target's TTT 0x%08x does not go with its F bit",
					    h->f20);
	if (h->f24 != st->exp_statsn)
		return sanblk_iscsi_st_fail(st,
					    "target's StatSN is %u; expected %u",
					    h->f24, st->exp_statsn);
	st->exp_statsn = h->f24 + 1;
	return 0;
}

int sanblk_iscsi_st_recv(struct sanblk_iscsi_sendtargets *st,
			 const struct sanblk_iscsi_bhs *h, const u8 *data,
			 size_t dlen)
{
	int err;

	if (st->state != SANBLK_ISCSI_ST_WAIT)
		return -EINVAL;
	err = sanblk_iscsi_st_check(st, h);
	if (!err)
		err = sanblk_iscsi_st_take(st, data, dlen);
	if (err)
		return err;
	if (h->flags & SANBLK_ISCSI_FL_FINAL) {
		st->state = SANBLK_ISCSI_ST_END;
		if (st->carry_len)
			return sanblk_iscsi_st_fail(st,
						    "target's last Text Response ends inside a pair");
		return SANBLK_ISCSI_ST_DONE;
	}
	if (st->rounds >= SANBLK_ISCSI_ST_ROUNDS)
		return sanblk_iscsi_st_fail(st,
					    "target did not end SendTargets in %d responses",
					    SANBLK_ISCSI_ST_ROUNDS);
	st->ttt = h->f20;
	st->state = SANBLK_ISCSI_ST_SEND;
	return SANBLK_ISCSI_ST_MORE;
}

const struct sanblk_iscsi_st_target *
sanblk_iscsi_st_find(const struct sanblk_iscsi_sendtargets *st,
		     const char *name)
{
	int i;

	for (i = 0; i < st->n; i++)
		if (!strcmp(st->t[i].name, name))
			return &st->t[i];
	return NULL;
}

size_t sanblk_iscsi_st_names(const struct sanblk_iscsi_sendtargets *st,
			     char *buf, size_t len)
{
	size_t used = 0;
	int i, n;

	if (!len)
		return 0;
	buf[0] = '\0';
	for (i = 0; i <= st->n && used < len; i++) {
		if (i < st->n)
			n = snprintf(buf + used, len - used, "%s%s",
				     i ? ", " : "", st->t[i].name);
		else if (st->dropped)
			n = snprintf(buf + used, len - used, ", and %d more",
				     st->dropped);
		else
			break;
		used += n > 0 ? (size_t)n : 0;
	}
	return used < len ? used : len - 1;
}
