// SPDX-License-Identifier: GPL-2.0-only
/*
 * Target string parser and canonical formatter (grammar in target.h).
 * Pure code: no allocation, every read bounded by the string length.
 */
#include "target.h"

/* A piece of the input: never NUL-terminated, always bounded. */
struct span {
	const char *p;
	size_t n;
};

/* How much of a bad value is quoted back in an error message. */
#define QUOTE_MAX	64

#define ISCSI_FORM	"<server>:[proto]:[port]:[lun]:<targetname>"

#define FAIL(...) ({						\
	if (err && errlen)					\
		snprintf(err, errlen, __VA_ARGS__);		\
	-EINVAL;						\
})

/* Length of a span as quoted in a message ("%.*s"). */
static int ql(struct span sp)
{
	return sp.n < QUOTE_MAX ? (int)sp.n : QUOTE_MAX;
}

static struct span span_of(const char *p, const char *end)
{
	struct span sp = { p, (size_t)(end - p) };

	return sp;
}

static bool span_eq(struct span sp, const char *lit)
{
	size_t n = strlen(lit);

	return sp.n == n && !memcmp(sp.p, lit, n);
}

static const char *span_chr(struct span sp, char c)
{
	return sp.n ? memchr(sp.p, c, sp.n) : NULL;
}

static const char *span_rchr(struct span sp, char c)
{
	size_t i;

	for (i = sp.n; i > 0; i--)
		if (sp.p[i - 1] == c)
			return sp.p + i - 1;
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decimal: -EINVAL when not all digits (or empty), -ERANGE above max. */
static int parse_dec(struct span sp, u64 max, u64 *out)
{
	bool over = false;
	u64 v = 0;
	size_t i;

	if (!sp.n)
		return -EINVAL;
	for (i = 0; i < sp.n; i++) {
		if (sp.p[i] < '0' || sp.p[i] > '9')
			return -EINVAL;
		if (!over) {
			v = v * 10 + (u64)(sp.p[i] - '0');
			over = v > max;
		}
	}
	if (over)
		return -ERANGE;
	*out = v;
	return 0;
}

/* One to four hex digits. */
static int parse_hex16(struct span sp, u16 *out)
{
	unsigned int v = 0;
	size_t i;

	if (sp.n < 1 || sp.n > 4)
		return -EINVAL;
	for (i = 0; i < sp.n; i++) {
		int d = hexval(sp.p[i]);

		if (d < 0)
			return -EINVAL;
		v = v << 4 | (unsigned int)d;
	}
	*out = (u16)v;
	return 0;
}

static int parse_ipv4(struct span sp, u8 out[4])
{
	const char *p = sp.p, *end = sp.p + sp.n;
	int i;

	for (i = 0; i < 4; i++) {
		const char *q = p;
		u64 v;

		while (q < end && *q != '.')
			q++;
		if ((q - p) > 3 || parse_dec(span_of(p, q), 255, &v))
			return -EINVAL;
		out[i] = (u8)v;
		if (i < 3) {
			if (q == end)
				return -EINVAL;
			p = q + 1;
		} else if (q != end) {
			return -EINVAL;
		}
	}
	return 0;
}

/* RFC 4291 text form: groups, one "::", optional dotted IPv4 tail. */
static int parse_ipv6(struct span sp, u8 out[16])
{
	u16 w[8];
	int nw = 0, gap = -1, i;
	size_t k = 0;

	if (sp.n >= 2 && sp.p[0] == ':' && sp.p[1] == ':') {
		gap = 0;
		k = 2;
	} else if (sp.n && sp.p[0] == ':') {
		return -EINVAL;
	}
	while (k < sp.n) {
		size_t j = k;

		if (nw >= 8)
			return -EINVAL;
		while (j < sp.n && sp.p[j] != ':')
			j++;
		if (memchr(sp.p + k, '.', j - k)) {
			u8 v4[4];

			if (j != sp.n || nw > 6 ||
			    parse_ipv4(span_of(sp.p + k, sp.p + j), v4))
				return -EINVAL;
			w[nw++] = (u16)(v4[0] << 8 | v4[1]);
			w[nw++] = (u16)(v4[2] << 8 | v4[3]);
			k = j;
			break;
		}
		if (parse_hex16(span_of(sp.p + k, sp.p + j), &w[nw]))
			return -EINVAL;
		nw++;
		k = j;
		if (k == sp.n)
			break;
		k++;			/* the ':' */
		if (k < sp.n && sp.p[k] == ':') {
			if (gap >= 0)
				return -EINVAL;
			gap = nw;
			k++;
		} else if (k == sp.n) {
			return -EINVAL;	/* trailing single ':' */
		}
	}
	if ((gap < 0 && nw != 8) || (gap >= 0 && nw > 7))
		return -EINVAL;
	memset(out, 0, 16);
	for (i = 0; i < nw; i++) {
		int pos = (gap >= 0 && i >= gap) ? 8 - (nw - i) : i;

		out[2 * pos] = (u8)(w[i] >> 8);
		out[2 * pos + 1] = (u8)w[i];
	}
	return 0;
}

static int parse_addr(struct span sp, struct sanblk_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (!parse_ipv4(sp, a->addr)) {
		a->family = 4;
		return 0;
	}
	if (!parse_ipv6(sp, a->addr)) {
		a->family = 6;
		return 0;
	}
	return -EINVAL;
}

int sanblk_parse_mac(const char *s, size_t n, u8 mac[6])
{
	int i;

	if (n != 17)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		int hi = hexval(s[3 * i]), lo = hexval(s[3 * i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		if (i < 5 && s[3 * i + 2] != ':' && s[3 * i + 2] != '-')
			return -EINVAL;
		mac[i] = (u8)(hi << 4 | lo);
	}
	return 0;
}

/* RFC 4173 / iPXE: up to four '-'-separated hex groups, empty is LUN 0. */
static int parse_lun(struct span sp, u8 lun[8])
{
	const char *p = sp.p, *end = sp.p + sp.n;
	int i;

	memset(lun, 0, 8);
	if (!sp.n)
		return 0;
	for (i = 0; i < 4; i++) {
		const char *q = p;
		u16 v;

		while (q < end && *q != '-')
			q++;
		if (parse_hex16(span_of(p, q), &v))
			return -EINVAL;
		lun[2 * i] = (u8)(v >> 8);
		lun[2 * i + 1] = (u8)v;
		if (q == end)
			return 0;
		p = q + 1;
	}
	return -EINVAL;			/* a fifth group */
}

/* Printable, no blank, no ','. */
static bool is_token(struct span sp)
{
	size_t i;

	for (i = 0; i < sp.n; i++)
		if (sp.p[i] <= ' ' || sp.p[i] > '~' || sp.p[i] == ',')
			return false;
	return true;
}

static bool is_ifname(struct span sp)
{
	size_t i;

	if (!sp.n || sp.n >= SANBLK_NICNAME_MAX || span_eq(sp, ".") ||
	    span_eq(sp, ".."))
		return false;
	for (i = 0; i < sp.n; i++)
		if (sp.p[i] == '/' || sp.p[i] == ':' || sp.p[i] <= ' ' ||
		    sp.p[i] > '~')
			return false;
	return true;
}

static void span_copy(char *dst, struct span sp)
{
	memcpy(dst, sp.p, sp.n);
	dst[sp.n] = '\0';
}

static int parse_aoe(struct span sp, struct sanblk_target *t,
		     char *err, size_t errlen)
{
	const char *dot = span_chr(sp, '.');
	struct span shelf, slot;
	u64 v;
	int ret;

	if (!sp.n || sp.p[0] != 'e' || !dot)
		return FAIL("aoe: expected e<shelf>.<slot>, got '%.*s'", ql(sp), sp.p);
	shelf = span_of(sp.p + 1, dot);
	slot = span_of(dot + 1, sp.p + sp.n);

	ret = parse_dec(shelf, SANBLK_AOE_SHELF_MAX, &v);
	if (ret == -ERANGE)
		return FAIL("aoe: shelf '%.*s' out of range 0-%d", ql(shelf), shelf.p,
			    SANBLK_AOE_SHELF_MAX);
	if (ret)
		return FAIL("aoe: shelf '%.*s' is not a number", ql(shelf), shelf.p);
	t->shelf = (u16)v;

	ret = parse_dec(slot, SANBLK_AOE_SLOT_MAX, &v);
	if (ret == -ERANGE)
		return FAIL("aoe: slot '%.*s' out of range 0-%d", ql(slot), slot.p,
			    SANBLK_AOE_SLOT_MAX);
	if (ret)
		return FAIL("aoe: slot '%.*s' is not a number", ql(slot), slot.p);
	t->slot = (u8)v;
	return 0;
}

/* user:pass[:ruser:rpass]; nothing of it is ever quoted back. */
static int parse_creds(struct span sp, struct sanblk_target *t,
		       char *err, size_t errlen)
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
		if (q == p)
			return FAIL("iscsi: empty %s", what[i]);
		if (q - p >= SANBLK_SECRET_MAX)
			return FAIL("iscsi: %s longer than %d bytes", what[i],
				    SANBLK_SECRET_MAX - 1);
		span_copy(dst[i], span_of(p, q));
		n++;
		if (q == end)
			break;
		p = q + 1;
		if (i == 3)
			n = 5;		/* more than four fields */
	}
	if (n != 2 && n != 4) {
		memset(t->user, 0, sizeof(t->user));
		memset(t->pass, 0, sizeof(t->pass));
		memset(t->ruser, 0, sizeof(t->ruser));
		memset(t->rpass, 0, sizeof(t->rpass));
		return FAIL("iscsi: credentials must be user:secret or user:secret:ruser:rsecret");
	}
	return 0;
}

static int parse_iscsi(struct span sp, struct sanblk_target *t,
		       char *err, size_t errlen)
{
	const char *at = span_rchr(sp, '@');
	const char *p, *q, *end = sp.p + sp.n;
	struct span server, proto, port, lun, name;
	u64 v;
	int ret;

	if (at) {
		ret = parse_creds(span_of(sp.p, at), t, err, errlen);
		if (ret)
			return ret;
		p = at + 1;
	} else {
		p = sp.p;
	}
	sp = span_of(p, end);

	/* server: IPv4, or [IPv6] */
	if (p < end && *p == '[') {
		q = memchr(p, ']', (size_t)(end - p));
		if (!q)
			return FAIL("iscsi: server '%.*s' lacks the closing ']'",
				    ql(sp), sp.p);
		server = span_of(p + 1, q);
		q++;
		if (q == end || *q != ':')
			return FAIL("iscsi: expected ':' after ']' in '%.*s'",
				    ql(sp), sp.p);
		if (parse_ipv6(server, t->server.addr))
			return FAIL("iscsi: server '%.*s' is not an IPv6 address",
				    ql(server), server.p);
		t->server.family = 6;
	} else {
		q = span_chr(sp, ':');
		if (!q)
			return FAIL("iscsi: expected " ISCSI_FORM ", got '%.*s'",
				    ql(sp), sp.p);
		server = span_of(p, q);
		if (!server.n)
			return FAIL("iscsi: server missing in '%.*s'", ql(sp), sp.p);
		if (parse_ipv4(server, t->server.addr))
			return FAIL("iscsi: server '%.*s' is not an IPv4 or [IPv6] address",
				    ql(server), server.p);
		t->server.family = 4;
	}
	p = q + 1;

	/* three more ':'-terminated fields, then the name */
	q = memchr(p, ':', (size_t)(end - p));
	if (!q)
		goto err_fields;
	proto = span_of(p, q);
	p = q + 1;
	q = memchr(p, ':', (size_t)(end - p));
	if (!q)
		goto err_fields;
	port = span_of(p, q);
	p = q + 1;
	q = memchr(p, ':', (size_t)(end - p));
	if (!q)
		goto err_fields;
	lun = span_of(p, q);
	name = span_of(q + 1, end);

	if (proto.n && !span_eq(proto, "6"))
		return FAIL("iscsi: protocol '%.*s' not supported (only 6, TCP)",
			    ql(proto), proto.p);
	t->port = SANBLK_ISCSI_PORT;
	if (port.n) {
		ret = parse_dec(port, 65535, &v);
		if (ret == -ERANGE || (!ret && !v))
			return FAIL("iscsi: port '%.*s' out of range 1-65535",
				    ql(port), port.p);
		if (ret)
			return FAIL("iscsi: port '%.*s' is not a number",
				    ql(port), port.p);
		t->port = (u16)v;
	}
	if (parse_lun(lun, t->lun))
		return FAIL("iscsi: LUN '%.*s' is not RFC 4173 hex (e.g. 1, 1f, 0-1)",
			    ql(lun), lun.p);
	if (!name.n)
		return FAIL("iscsi: target name missing");
	if (name.n >= SANBLK_IQN_MAX)
		return FAIL("iscsi: target name longer than %d bytes",
			    SANBLK_IQN_MAX - 1);
	if (!is_token(name))
		return FAIL("iscsi: target name '%.*s' has a blank or control character",
			    ql(name), name.p);
	span_copy(t->name, name);
	return 0;

err_fields:
	return FAIL("iscsi: expected " ISCSI_FORM ", got '%.*s'",
		    ql(sp), sp.p);
}

enum opt_id {
	OPT_NIC, OPT_TIMEOUT, OPT_RO, OPT_RW, OPT_INITIATOR, OPT_IP, OPT_GW,
	OPT_HDIGEST, OPT_DDIGEST, OPT_COUNT,
};

static const struct {
	const char *key;
	bool has_value;
	bool iscsi_only;
} opts[OPT_COUNT] = {
	[OPT_NIC]	= { "nic", true, false },
	[OPT_TIMEOUT]	= { "timeout", true, false },
	[OPT_RO]	= { "ro", false, false },
	[OPT_RW]	= { "rw", false, false },
	[OPT_INITIATOR]	= { "initiator", true, true },
	[OPT_IP]	= { "ip", true, true },
	[OPT_GW]	= { "gw", true, true },
	[OPT_HDIGEST]	= { "header_digest", true, true },
	[OPT_DDIGEST]	= { "data_digest", true, true },
};

static int parse_digest(struct span val, const char *key,
			enum sanblk_digest *d, char *err, size_t errlen)
{
	if (span_eq(val, "none"))
		*d = SANBLK_DIGEST_NONE;
	else if (span_eq(val, "crc32c"))
		*d = SANBLK_DIGEST_CRC32C;
	else
		return FAIL("iscsi: %s '%.*s' is not none or crc32c", key,
			    ql(val), val.p);
	return 0;
}

static int parse_option(int id, struct span val, struct sanblk_target *t,
			const char *tr, char *err, size_t errlen)
{
	const char *slash;
	u64 v;
	int ret;

	switch (id) {
	case OPT_NIC:
		if (!sanblk_parse_mac(val.p, val.n, t->nic_mac))
			t->has_nic_mac = true;
		else if (is_ifname(val))
			span_copy(t->nic_name, val);
		else
			return FAIL("%s: nic '%.*s' is not an interface name or MAC address",
				    tr, ql(val), val.p);
		return 0;
	case OPT_TIMEOUT:
		ret = parse_dec(val, SANBLK_TIMEOUT_MAX, &v);
		if (ret == -ERANGE)
			return FAIL("%s: timeout '%.*s' out of range 0-%d (0 = never)",
				    tr, ql(val), val.p, SANBLK_TIMEOUT_MAX);
		if (ret)
			return FAIL("%s: timeout '%.*s' is not a number of seconds",
				    tr, ql(val), val.p);
		t->has_timeout = true;
		t->timeout = (u32)v;
		return 0;
	case OPT_RO:
		t->ro = true;
		return 0;
	case OPT_RW:
		t->ro = false;
		return 0;
	case OPT_INITIATOR:
		if (!val.n || val.n >= SANBLK_IQN_MAX || !is_token(val))
			return FAIL("%s: initiator '%.*s' is not a name of 1-%d printable bytes",
				    tr, ql(val), val.p, SANBLK_IQN_MAX - 1);
		span_copy(t->initiator, val);
		return 0;
	case OPT_IP:
		slash = span_chr(val, '/');
		if (!slash)
			return FAIL("%s: ip '%.*s' needs /<prefix>", tr, ql(val), val.p);
		if (parse_addr(span_of(val.p, slash), &t->ip))
			return FAIL("%s: ip '%.*s' is not an address", tr,
				    ql(val), val.p);
		if (parse_dec(span_of(slash + 1, val.p + val.n),
			      t->ip.family == 4 ? 32 : 128, &v))
			return FAIL("%s: ip prefix in '%.*s' out of range 0-%d",
				    tr, ql(val), val.p, t->ip.family == 4 ? 32 : 128);
		t->prefix = (u8)v;
		return 0;
	case OPT_GW:
		if (parse_addr(val, &t->gw))
			return FAIL("%s: gw '%.*s' is not an address", tr,
				    ql(val), val.p);
		return 0;
	case OPT_HDIGEST:
		return parse_digest(val, opts[id].key, &t->header_digest, err,
				    errlen);
	case OPT_DDIGEST:
		return parse_digest(val, opts[id].key, &t->data_digest, err,
				    errlen);
	}
	return -EINVAL;
}

static int parse_options(struct span sp, struct sanblk_target *t,
			 char *err, size_t errlen)
{
	const char *tr = t->transport == SANBLK_TRANSPORT_AOE ? "aoe" : "iscsi";
	const char *p = sp.p, *end = sp.p + sp.n;
	unsigned int seen = 0;

	while (p <= end) {
		const char *q = p, *eq;
		struct span opt, key, val;
		int id, ret;

		while (q < end && *q != ',')
			q++;
		opt = span_of(p, q);
		if (!opt.n)
			return FAIL("%s: empty option (stray ',')", tr);
		eq = span_chr(opt, '=');
		key = span_of(p, eq ? eq : q);
		val = eq ? span_of(eq + 1, q) : span_of(q, q);
		for (id = 0; id < OPT_COUNT; id++)
			if (span_eq(key, opts[id].key))
				break;
		if (id == OPT_COUNT)
			return FAIL("%s: unknown option '%.*s'", tr, ql(key), key.p);
		if (opts[id].has_value != !!eq)
			return FAIL(opts[id].has_value ?
				    "%s: option '%s' needs a value" :
				    "%s: option '%s' takes no value",
				    tr, opts[id].key);
		if (opts[id].iscsi_only &&
		    t->transport != SANBLK_TRANSPORT_ISCSI)
			return FAIL("%s: option '%s' applies to iscsi only", tr,
				    opts[id].key);
		if (seen & (1u << id))
			return FAIL("%s: option '%s' given twice", tr,
				    opts[id].key);
		seen |= 1u << id;
		ret = parse_option(id, val, t, tr, err, errlen);
		if (ret)
			return ret;
		p = q + 1;
	}
	if ((seen & (1u << OPT_RO)) && (seen & (1u << OPT_RW)))
		return FAIL("%s: options 'ro' and 'rw' contradict", tr);
	if ((seen & (1u << OPT_GW)) && !(seen & (1u << OPT_IP)))
		return FAIL("%s: option 'gw' needs 'ip'", tr);
	if ((seen & (1u << OPT_GW)) && t->gw.family != t->ip.family)
		return FAIL("%s: gw and ip are of different address families",
			    tr);
	return 0;
}

int sanblk_target_parse(const char *s, struct sanblk_target *t,
			char *err, size_t errlen)
{
	size_t n = strnlen(s, SANBLK_TARGET_MAX + 1);
	const char *colon, *opt, *at;
	struct span all, body;
	int ret;

	memset(t, 0, sizeof(*t));
	if (err && errlen)
		err[0] = '\0';
	if (n > SANBLK_TARGET_MAX)
		return FAIL("target string longer than %d bytes",
			    SANBLK_TARGET_MAX);
	/* sysfs writes end in a newline; surrounding blanks mean nothing */
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	all = span_of(s, s + n);
	if (!n)
		return FAIL("empty target; expected aoe:e<shelf>.<slot> or iscsi:"
			    ISCSI_FORM);

	colon = span_chr(all, ':');
	if (!colon)
		return FAIL("no transport in '%.*s'; expected aoe: or iscsi:",
			    ql(all), all.p);
	if (span_eq(span_of(s, colon), "aoe"))
		t->transport = SANBLK_TRANSPORT_AOE;
	else if (span_eq(span_of(s, colon), "iscsi"))
		t->transport = SANBLK_TRANSPORT_ISCSI;
	else
		return FAIL("unknown transport '%.*s' (expected aoe or iscsi)",
			    ql(span_of(s, colon)), s);

	/* credentials (iscsi) end at the last '@'; options follow */
	body = span_of(colon + 1, s + n);
	at = t->transport == SANBLK_TRANSPORT_ISCSI ? span_rchr(body, '@') : NULL;
	opt = span_chr(at ? span_of(at, body.p + body.n) : body, ',');

	if (t->transport == SANBLK_TRANSPORT_AOE)
		ret = parse_aoe(span_of(body.p, opt ? opt : s + n), t, err,
				errlen);
	else
		ret = parse_iscsi(span_of(body.p, opt ? opt : s + n), t, err,
				  errlen);
	if (!ret && opt)
		ret = parse_options(span_of(opt + 1, s + n), t, err, errlen);
	if (ret) {
		/* leave no secret behind in a rejected parse */
		memset(t, 0, sizeof(*t));
		return ret;
	}
	return 0;
}

int sanblk_format_addr(const struct sanblk_addr *a, char *buf, size_t len)
{
	if (a->family != 4 && a->family != 6)
		return snprintf(buf, len, "none");
	return sanblk_format_ip(a->family, a->addr, buf, len);
}

#define APPEND(...) do {						\
	size_t _room = (size_t)pos < len ? len - (size_t)pos : 0;	\
	pos += snprintf(_room ? buf + pos : NULL, _room, __VA_ARGS__);	\
} while (0)

int sanblk_target_format(const struct sanblk_target *t, bool options,
			 char *buf, size_t len)
{
	char a[SANBLK_IP_TEXT_MAX], l[SANBLK_LUN_TEXT_MAX];
	int pos = 0;

	if (len)
		buf[0] = '\0';
	switch (t->transport) {
	case SANBLK_TRANSPORT_AOE:
		APPEND("aoe:e%u.%u", t->shelf, t->slot);
		break;
	case SANBLK_TRANSPORT_ISCSI:
		sanblk_format_addr(&t->server, a, sizeof(a));
		sanblk_format_lun(t->lun, l, sizeof(l));
		APPEND(t->server.family == 6 ? "iscsi:[%s]::%u:%s:%s" :
		       "iscsi:%s::%u:%s:%s", a, t->port, l, t->name);
		break;
	default:
		return -EINVAL;
	}
	if (!options)
		return pos;
	if (t->has_nic_mac)
		APPEND(",nic=%02x:%02x:%02x:%02x:%02x:%02x", t->nic_mac[0],
		       t->nic_mac[1], t->nic_mac[2], t->nic_mac[3],
		       t->nic_mac[4], t->nic_mac[5]);
	else if (t->nic_name[0])
		APPEND(",nic=%s", t->nic_name);
	if (t->has_timeout)
		APPEND(",timeout=%u", t->timeout);
	if (t->ro)
		APPEND(",ro");
	if (t->initiator[0])
		APPEND(",initiator=%s", t->initiator);
	if (t->ip.family) {
		sanblk_format_addr(&t->ip, a, sizeof(a));
		APPEND(",ip=%s/%u", a, t->prefix);
	}
	if (t->gw.family) {
		sanblk_format_addr(&t->gw, a, sizeof(a));
		APPEND(",gw=%s", a);
	}
	if (t->header_digest == SANBLK_DIGEST_CRC32C)
		APPEND(",header_digest=crc32c");
	if (t->data_digest == SANBLK_DIGEST_CRC32C)
		APPEND(",data_digest=crc32c");
	return pos;
}

bool sanblk_target_same(const struct sanblk_target *a,
			const struct sanblk_target *b)
{
	if (a->transport != b->transport)
		return false;
	if (a->transport == SANBLK_TRANSPORT_AOE)
		return a->shelf == b->shelf && a->slot == b->slot;
	return a->server.family == b->server.family &&
	       !memcmp(a->server.addr, b->server.addr, 16) &&
	       a->port == b->port && !memcmp(a->lun, b->lun, 8) &&
	       !strcmp(a->name, b->name);
}
