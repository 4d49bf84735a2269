// SPDX-License-Identifier: GPL-2.0-only
/*
 * Target string parser and canonical formatter (grammar in target.h): the
 * transport prefix and the AoE and iSCSI address parts.  The options after
 * them are target_opt.c's, the values inside both target_value.c's, the
 * credentials target_cred.c's.
 * Pure code: no allocation, every read bounded by the string length.
 */
#include "target_parse.h"

#define ISCSI_FORM	"<server>:[proto]:[port]:[lun]:<targetname>"

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

	ret = sanblk_parse_dec(shelf, SANBLK_AOE_SHELF_MAX, &v);
	if (ret == -ERANGE)
		return FAIL("aoe: shelf '%.*s' out of range 0-%d", ql(shelf), shelf.p,
			    SANBLK_AOE_SHELF_MAX);
	if (ret)
		return FAIL("aoe: shelf '%.*s' is not a number", ql(shelf), shelf.p);
	t->shelf = (u16)v;

	ret = sanblk_parse_dec(slot, SANBLK_AOE_SLOT_MAX, &v);
	if (ret == -ERANGE)
		return FAIL("aoe: slot '%.*s' out of range 0-%d", ql(slot), slot.p,
			    SANBLK_AOE_SLOT_MAX);
	if (ret)
		return FAIL("aoe: slot '%.*s' is not a number", ql(slot), slot.p);
	t->slot = (u8)v;
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
		ret = sanblk_parse_creds(span_of(sp.p, at), t, "iscsi: ", err,
					 errlen);
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
		if (sanblk_parse_ipv6(server, t->server.addr))
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
		if (sanblk_parse_ipv4(server, t->server.addr))
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
		ret = sanblk_parse_dec(port, 65535, &v);
		if (ret == -ERANGE || (!ret && !v))
			return FAIL("iscsi: port '%.*s' out of range 1-65535",
				    ql(port), port.p);
		if (ret)
			return FAIL("iscsi: port '%.*s' is not a number",
				    ql(port), port.p);
		t->port = (u16)v;
	}
	if (sanblk_parse_lun(lun, t->lun))
		return FAIL("iscsi: LUN '%.*s' is not RFC 4173 hex (e.g. 1, 1f, 0-1)",
			    ql(lun), lun.p);
	if (!name.n)
		return FAIL("iscsi: target name missing");
	if (name.n >= SANBLK_IQN_MAX)
		return FAIL("iscsi: target name longer than %d bytes",
			    SANBLK_IQN_MAX - 1);
	if (!sanblk_is_token(name))
		return FAIL("iscsi: target name '%.*s' has a blank or control character",
			    ql(name), name.p);
	span_copy(t->name, name);
	return 0;

err_fields:
	return FAIL("iscsi: expected " ISCSI_FORM ", got '%.*s'",
		    ql(sp), sp.p);
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
		ret = sanblk_parse_options(span_of(opt + 1, s + n), t, err,
					   errlen);
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
	if (t->vlan)
		APPEND(",vlan=%u", t->vlan);
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
	if (t->conns)
		APPEND(",conns=%u", t->conns);
	if (t->chap_file[0])
		APPEND(",chap=%s", t->chap_file);
	return pos;
}

/* Whether a and b name the same iSCSI target and LUN, however reached. */
bool sanblk_target_same_lun(const struct sanblk_target *a,
			    const struct sanblk_target *b)
{
	return a->transport == SANBLK_TRANSPORT_ISCSI &&
	       b->transport == SANBLK_TRANSPORT_ISCSI &&
	       !memcmp(a->lun, b->lun, 8) && !strcmp(a->name, b->name);
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
