// SPDX-License-Identifier: GPL-2.0-only
/*
 * iSCSI text keys and operational negotiation.  Pure code (see keys.h).
 */
#include "keys.h"

static bool sanblk_iscsi_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' ||
	       c == '@' || c == '_';
}

static size_t sanblk_iscsi_val_max(const char *key, size_t klen)
{
	if (klen == 6 && (!memcmp(key, "CHAP_C", 6) || !memcmp(key, "CHAP_R", 6)))
		return SANBLK_ISCSI_CHAP_VAL_MAX;
	return SANBLK_ISCSI_VAL_MAX;
}

static int sanblk_iscsi_pair(const char *p, size_t plen,
			     struct sanblk_iscsi_kv *kv)
{
	size_t k;

	for (k = 0; k < plen && p[k] != '='; k++)
		if (!sanblk_iscsi_key_char(p[k]))
			return -EINVAL;
	if (!k || k == plen)
		return -EINVAL;
	if (k > SANBLK_ISCSI_KEY_MAX ||
	    plen - k - 1 > sanblk_iscsi_val_max(p, k))
		return -ENAMETOOLONG;
	kv->key = p;
	kv->klen = (u16)k;
	kv->val = p + k + 1;
	kv->vlen = (u16)(plen - k - 1);
	return 0;
}

int sanblk_iscsi_keys_parse(const u8 *buf, size_t len,
			    struct sanblk_iscsi_kv *kv, int max)
{
	const char *s = (const char *)buf;
	const char *nul;
	int n = 0, i, err;

	while (len) {
		nul = memchr(s, '\0', len);
		if (!nul)
			return -EINVAL;		/* pair cut off */
		if (n == max)
			return -E2BIG;
		err = sanblk_iscsi_pair(s, (size_t)(nul - s), &kv[n]);
		if (err)
			return err;
		for (i = 0; i < n; i++)
			if (kv[i].klen == kv[n].klen &&
			    !memcmp(kv[i].key, kv[n].key, kv[n].klen))
				return -EEXIST;
		n++;
		len -= (size_t)(nul - s) + 1;
		s = nul + 1;
	}
	return n;
}

/* Decimal or 0x-hex (RFC 7143 5.1 numerical values), bounded. */
static int sanblk_iscsi_num(const char *v, size_t len, u32 lo, u32 hi, u32 *out)
{
	unsigned int base = 10;
	u64 n = 0;
	int d;
	size_t i = 0;

	if (len > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len || len - i > 10)
		return -EPROTO;
	for (; i < len; i++) {
		d = sanblk_hexval(v[i]);
		if (d < 0 || d >= (int)base)
			return -EPROTO;
		n = n * base + (unsigned int)d;
	}
	if (n < lo || n > hi)
		return -EPROTO;
	*out = (u32)n;
	return 0;
}

enum {
	SANBLK_KT_DIGEST,	/* list: one of ours */
	SANBLK_KT_OR,		/* boolean OR */
	SANBLK_KT_AND,		/* boolean AND */
	SANBLK_KT_MIN,		/* numerical minimum */
	SANBLK_KT_MAX,		/* numerical maximum */
	SANBLK_KT_XMIT,		/* declarative: the target's receive limit */
	SANBLK_KT_TPGT,		/* declarative, checked by the caller */
};

struct sanblk_iscsi_rule {
	const char *name;
	u8 type;
	u32 lo, hi, dflt;	/* range, and the RFC default */
	size_t off;		/* into struct sanblk_iscsi_params */
};

#define R(n, t, l, h, d, f) \
	{ n, SANBLK_KT_##t, l, h, d, offsetof(struct sanblk_iscsi_params, f) }
static const struct sanblk_iscsi_rule sanblk_iscsi_rules[] = {
	R("HeaderDigest", DIGEST, 0, 1, 0, header_digest),
	R("DataDigest", DIGEST, 0, 1, 0, data_digest),
	R("InitialR2T", OR, 0, 1, 1, initial_r2t),
	R("ImmediateData", AND, 0, 1, 1, immediate_data),
	R("MaxRecvDataSegmentLength", XMIT, 512, 16777215, 8192, max_xmit_dsl),
	R("MaxBurstLength", MIN, 512, 16777215, 262144, max_burst),
	R("FirstBurstLength", MIN, 512, 16777215, 65536, first_burst),
	R("MaxOutstandingR2T", MIN, 1, 65535, 1, max_outstanding_r2t),
	R("DefaultTime2Wait", MAX, 0, 3600, 2, time2wait),
	R("DefaultTime2Retain", MIN, 0, 3600, 20, time2retain),
	R("MaxConnections", MIN, 1, 65535, 1, max_connections),
	R("DataPDUInOrder", OR, 0, 1, 1, data_pdu_in_order),
	R("DataSequenceInOrder", OR, 0, 1, 1, data_seq_in_order),
	R("ErrorRecoveryLevel", MIN, 0, 2, 0, erl),
	R("TargetPortalGroupTag", TPGT, 0, 65535, 0, tpgt),
};

#undef R

/* Keys handled elsewhere (security stage, names) or only informative. */
static const char * const sanblk_iscsi_known[] = {
	"AuthMethod", "CHAP_A", "CHAP_I", "CHAP_C", "CHAP_N", "CHAP_R",
	"TargetAlias", "TargetAddress",
};

void sanblk_iscsi_params_init(struct sanblk_iscsi_params *p)
{
	memset(p, 0, sizeof(*p));
	p->initial_r2t = 0;		/* we send unsolicited data */
	p->immediate_data = 1;
	p->max_recv_dsl = 262144;
	p->max_xmit_dsl = 8192;		/* until the target declares */
	p->max_burst = 262144;
	p->first_burst = 65536;
	p->max_outstanding_r2t = 1;
	p->time2wait = 2;
	p->time2retain = 0;		/* ERL 0: no task reassignment */
	p->max_connections = 1;
	p->data_pdu_in_order = 1;
	p->data_seq_in_order = 1;
}

static const char *sanblk_iscsi_digest_offer(int want)
{
	return want == 2 ? "CRC32C,None" : want ? "CRC32C" : "None";
}

/* Append key=value and its NUL; offsets past len latch -ENOSPC. */
static void sanblk_iscsi_add(char *buf, size_t len, size_t *used,
			     const char *key, const char *val)
{
	int n;

	if (*used >= len)
		return;
	n = snprintf(buf + *used, len - *used, "%s=%s%c", key, val, 0);
	*used = n < 0 || (size_t)n >= len - *used ? len : *used + (size_t)n;
}

static void sanblk_iscsi_add_num(char *buf, size_t len, size_t *used,
				 const char *key, u32 val)
{
	char num[12];

	snprintf(num, sizeof(num), "%u", val);
	sanblk_iscsi_add(buf, len, used, key, num);
}

int sanblk_iscsi_offer(char *buf, size_t len,
		       const struct sanblk_iscsi_params *p,
		       int want_hdigest, int want_ddigest)
{
	static const char *const yn[] = { "No", "Yes" };
	size_t n = 0;

	sanblk_iscsi_add(buf, len, &n, "HeaderDigest",
			 sanblk_iscsi_digest_offer(want_hdigest));
	sanblk_iscsi_add(buf, len, &n, "DataDigest",
			 sanblk_iscsi_digest_offer(want_ddigest));
	sanblk_iscsi_add(buf, len, &n, "ErrorRecoveryLevel", "0");
	sanblk_iscsi_add(buf, len, &n, "InitialR2T", yn[!!p->initial_r2t]);
	sanblk_iscsi_add(buf, len, &n, "ImmediateData",
			 yn[!!p->immediate_data]);
	sanblk_iscsi_add_num(buf, len, &n, "MaxRecvDataSegmentLength",
			     p->max_recv_dsl);
	sanblk_iscsi_add_num(buf, len, &n, "MaxBurstLength", p->max_burst);
	sanblk_iscsi_add_num(buf, len, &n, "FirstBurstLength", p->first_burst);
	sanblk_iscsi_add_num(buf, len, &n, "MaxOutstandingR2T",
			     p->max_outstanding_r2t);
	sanblk_iscsi_add_num(buf, len, &n, "DefaultTime2Wait", p->time2wait);
	sanblk_iscsi_add_num(buf, len, &n, "DefaultTime2Retain",
			     p->time2retain);
	sanblk_iscsi_add(buf, len, &n, "MaxConnections", "1");
	sanblk_iscsi_add(buf, len, &n, "DataPDUInOrder", "Yes");
	sanblk_iscsi_add(buf, len, &n, "DataSequenceInOrder", "Yes");
	return n >= len ? -ENOSPC : (int)n;
}

static bool sanblk_iscsi_is(const struct sanblk_iscsi_kv *kv, const char *s)
{
	return strlen(s) == kv->vlen && !memcmp(kv->val, s, kv->vlen);
}

static bool sanblk_iscsi_key_is(const struct sanblk_iscsi_kv *kv,
				const char *s)
{
	return strlen(s) == kv->klen && !memcmp(kv->key, s, kv->klen);
}

/* A digest answer is one value, and one of those we offered. */
static int sanblk_iscsi_digest(const struct sanblk_iscsi_kv *kv, int want,
			       u32 *out)
{
	if (sanblk_iscsi_is(kv, "CRC32C") && want)
		*out = 1;
	else if (sanblk_iscsi_is(kv, "None") && want != 1)
		*out = 0;
	else
		return -EPROTO;
	return 0;
}

static int sanblk_iscsi_bool(const struct sanblk_iscsi_kv *kv, u32 *out)
{
	if (sanblk_iscsi_is(kv, "Yes"))
		*out = 1;
	else if (sanblk_iscsi_is(kv, "No"))
		*out = 0;
	else
		return -EPROTO;
	return 0;
}

/*
 * The target's answer to one of our offers, by the key's rule (RFC 7143
 * 13): an answer that the rule could not have produced from our offer is
 * a protocol error, not something to go along with.
 */
static int sanblk_iscsi_apply(struct sanblk_iscsi_params *p,
			      const struct sanblk_iscsi_rule *r,
			      const struct sanblk_iscsi_kv *kv, int want)
{
	u32 *f = (u32 *)((char *)p + r->off);
	u32 v;
	int err;

	if (r->type == SANBLK_KT_DIGEST)
		return sanblk_iscsi_digest(kv, want, f);
	if (r->type == SANBLK_KT_OR || r->type == SANBLK_KT_AND)
		err = sanblk_iscsi_bool(kv, &v);
	else
		err = sanblk_iscsi_num(kv->val, kv->vlen, r->lo, r->hi, &v);
	if (err)
		return err;
	if ((r->type == SANBLK_KT_OR && *f && !v) ||
	    (r->type == SANBLK_KT_AND && !*f && v) ||
	    (r->type == SANBLK_KT_MIN && v > *f) ||
	    (r->type == SANBLK_KT_MAX && v < *f))
		return -EPROTO;
	if (r->type == SANBLK_KT_TPGT)
		p->tpgt_seen = true;
	*f = v;
	return 0;
}

static const struct sanblk_iscsi_rule *
sanblk_iscsi_rule(const struct sanblk_iscsi_kv *kv)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sanblk_iscsi_rules); i++)
		if (sanblk_iscsi_key_is(kv, sanblk_iscsi_rules[i].name))
			return &sanblk_iscsi_rules[i];
	return NULL;
}

static bool sanblk_iscsi_known_key(const struct sanblk_iscsi_kv *kv)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sanblk_iscsi_known); i++)
		if (sanblk_iscsi_key_is(kv, sanblk_iscsi_known[i]))
			return true;
	return false;
}

static int sanblk_iscsi_want(const struct sanblk_iscsi_rule *r, int hd, int dd)
{
	return r->off == offsetof(struct sanblk_iscsi_params, header_digest) ?
	       hd : dd;
}

static int sanblk_iscsi_one(struct sanblk_iscsi_params *p,
			    const struct sanblk_iscsi_kv *kv, int hd, int dd,
			    char *ans, size_t len, size_t *used)
{
	const struct sanblk_iscsi_rule *r = sanblk_iscsi_rule(kv);
	int n;

	if (r && (sanblk_iscsi_is(kv, "Reject") ||
		  sanblk_iscsi_is(kv, "Irrelevant") ||
		  sanblk_iscsi_is(kv, "NotUnderstood"))) {
		/* the key keeps its default; ours is not in force */
		if (r->type != SANBLK_KT_TPGT)
			*(u32 *)((char *)p + r->off) = r->dflt;
		return 0;
	}
	if (r)
		return sanblk_iscsi_apply(p, r, kv,
					  sanblk_iscsi_want(r, hd, dd));
	if (sanblk_iscsi_key_is(kv, "TargetAddress")) {
		if (kv->vlen > SANBLK_ISCSI_VAL_MAX)
			return -EPROTO;
		memcpy(p->target_address, kv->val, kv->vlen);
		p->target_address[kv->vlen] = '\0';
		p->redirect = true;
		return 0;
	}
	if (sanblk_iscsi_known_key(kv))
		return 0;
	n = snprintf(ans + *used, len - *used, "%.*s=NotUnderstood%c",
		     kv->klen, kv->key, 0);
	if (n < 0 || (size_t)n >= len - *used)
		return -ENOSPC;
	*used += (size_t)n;
	return 0;
}

int sanblk_iscsi_negotiate(struct sanblk_iscsi_params *p,
			   const struct sanblk_iscsi_kv *kv, int n,
			   int want_hdigest, int want_ddigest,
			   char *ans, size_t len, size_t *ans_len)
{
	int i, err;

	*ans_len = 0;
	if (!len)
		return -ENOSPC;
	ans[0] = '\0';
	for (i = 0; i < n; i++) {
		err = sanblk_iscsi_one(p, &kv[i], want_hdigest, want_ddigest,
				       ans, len, ans_len);
		if (err)
			return err;
	}
	/* RFC 7143 13.14: FirstBurstLength never exceeds MaxBurstLength */
	if (p->first_burst > p->max_burst)
		p->first_burst = p->max_burst;
	return 0;
}

/* The first value of the target's digest list that we accept. */
static int sanblk_iscsi_pick_digest(const struct sanblk_iscsi_kv *kv,
				    int want, u32 *out)
{
	struct sanblk_iscsi_kv one = *kv;
	const char *end = kv->val + kv->vlen, *comma;

	for (;;) {
		comma = memchr(one.val, ',', (size_t)(end - one.val));
		one.vlen = (u16)((comma ? comma : end) - one.val);
		if (!sanblk_iscsi_digest(&one, want, out))
			return 0;
		if (!comma)
			return -EOPNOTSUPP;
		one.val = comma + 1;
	}
}

static u32 sanblk_iscsi_result(u8 type, u32 ours, u32 theirs)
{
	switch (type) {
	case SANBLK_KT_OR:
		return ours | theirs;
	case SANBLK_KT_AND:
		return ours & theirs;
	case SANBLK_KT_MIN:
		return ours < theirs ? ours : theirs;
	case SANBLK_KT_MAX:
		return ours > theirs ? ours : theirs;
	}
	return theirs;			/* declarative */
}

int sanblk_iscsi_respond(struct sanblk_iscsi_params *p,
			 const struct sanblk_iscsi_kv *kv,
			 int want_hdigest, int want_ddigest,
			 char *ans, size_t len, size_t *used)
{
	static const char *const yn[] = { "No", "Yes" };
	const struct sanblk_iscsi_rule *r = sanblk_iscsi_rule(kv);
	bool boolean;
	u32 *f, v;
	int err;

	if (!r)
		return -ENOENT;
	f = (u32 *)((char *)p + r->off);
	boolean = r->type == SANBLK_KT_OR || r->type == SANBLK_KT_AND;
	if (r->type == SANBLK_KT_DIGEST) {
		v = (u32)sanblk_iscsi_want(r, want_hdigest, want_ddigest);
		err = sanblk_iscsi_pick_digest(kv, (int)v, f);
		if (err)
			return err;
		sanblk_iscsi_add(ans, len, used, r->name, *f ? "CRC32C" : "None");
		return *used >= len ? -ENOSPC : 0;
	}
	if (boolean)
		err = sanblk_iscsi_bool(kv, &v);
	else
		err = sanblk_iscsi_num(kv->val, kv->vlen, r->lo, r->hi, &v);
	if (err)
		return err;
	*f = sanblk_iscsi_result(r->type, *f, v);
	if (r->type == SANBLK_KT_TPGT)
		p->tpgt_seen = true;
	if (r->type == SANBLK_KT_TPGT || r->type == SANBLK_KT_XMIT)
		return 0;
	if (boolean)
		sanblk_iscsi_add(ans, len, used, r->name, yn[*f]);
	else
		sanblk_iscsi_add_num(ans, len, used, r->name, *f);
	return *used >= len ? -ENOSPC : 0;
}

struct sanblk_iscsi_status {
	u16 code;
	const char *text;
};

static const struct sanblk_iscsi_status sanblk_iscsi_statuses[] = {
	{ 0x0000, "login succeeded" },
	{ 0x0101, "target moved temporarily: retrying at the address it gave" },
	{ 0x0102, "target moved permanently: update the portal to the address it gave" },
	{ 0x0200, "initiator error: the target refused the login request" },
	{ 0x0201, "authentication failed: check the CHAP user name and secret" },
	{ 0x0202, "not authorized: allow this initiator name in the target's ACL" },
	{ 0x0203, "target not found: check the target name (IQN)" },
	{ 0x0204, "target removed: it no longer exists on this portal" },
	{ 0x0205, "unsupported iSCSI version" },
	{ 0x0206, "too many connections on this session" },
	{ 0x0207, "missing parameter: the target wants a key we did not send" },
	{ 0x0208, "cannot include this connection in the session" },
	{ 0x0209, "session type not supported by the target" },
	{ 0x020a, "session does not exist" },
	{ 0x020b, "invalid request during login" },
	{ 0x0300, "target error: see the target's log; retrying" },
	{ 0x0301, "target service unavailable: retrying" },
	{ 0x0302, "target out of resources: retrying" },
};

const char *sanblk_iscsi_login_status_text(u16 status)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sanblk_iscsi_statuses); i++)
		if (sanblk_iscsi_statuses[i].code == status)
			return sanblk_iscsi_statuses[i].text;
	switch (status >> 8) {
	case 1:
		return "target redirected the login";
	case 2:
		return "initiator error: the target refused the login request";
	case 3:
		return "target error: retrying";
	}
	return "unknown login status";
}
