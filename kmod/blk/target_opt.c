// SPDX-License-Identifier: GPL-2.0-only
/*
 * The options of a target string: the comma-separated key=value list after
 * the address part (grammar in target.h).  Each key at most once, each
 * checked against the transport it applies to.
 * Pure code: no allocation, every read bounded by the string length.
 */
#include "target_parse.h"

enum opt_id {
	OPT_NIC, OPT_TIMEOUT, OPT_RO, OPT_RW, OPT_INITIATOR, OPT_IP, OPT_GW,
	OPT_HDIGEST, OPT_DDIGEST, OPT_CONNS, OPT_VLAN, OPT_CHAP, OPT_COUNT,
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
	[OPT_CONNS]	= { "conns", true, true },
	[OPT_VLAN]	= { "vlan", true, true },
	[OPT_CHAP]	= { "chap", true, true },
};

/* An absolute path, printable, no blank; ',' and '@' never reach here. */
static int parse_chap(struct span val, struct sanblk_target *t, char *err,
		      size_t errlen)
{
	if (val.n >= SANBLK_CHAP_PATH_MAX)
		return FAIL("iscsi: chap path longer than %d bytes",
			    SANBLK_CHAP_PATH_MAX - 1);
	if (!sanblk_is_token(val))
		return FAIL("iscsi: chap path '%.*s' has a blank or control character",
			    ql(val), val.p);
	if (val.n < 2 || val.p[0] != '/')
		return FAIL("iscsi: chap path '%.*s' is not an absolute file name",
			    ql(val), val.p);
	span_copy(t->chap_file, val);
	return 0;
}

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
		else if (sanblk_is_ifname(val))
			span_copy(t->nic_name, val);
		else
			return FAIL("%s: nic '%.*s' is not an interface name or MAC address",
				    tr, ql(val), val.p);
		return 0;
	case OPT_TIMEOUT:
		ret = sanblk_parse_dec(val, SANBLK_TIMEOUT_MAX, &v);
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
		if (!val.n || val.n >= SANBLK_IQN_MAX || !sanblk_is_token(val))
			return FAIL("%s: initiator '%.*s' is not a name of 1-%d printable bytes",
				    tr, ql(val), val.p, SANBLK_IQN_MAX - 1);
		span_copy(t->initiator, val);
		return 0;
	case OPT_IP:
		slash = span_chr(val, '/');
		if (!slash)
			return FAIL("%s: ip '%.*s' needs /<prefix>", tr, ql(val), val.p);
		if (sanblk_parse_addr(span_of(val.p, slash), &t->ip))
			return FAIL("%s: ip '%.*s' is not an address", tr,
				    ql(val), val.p);
		if (sanblk_parse_dec(span_of(slash + 1, val.p + val.n),
				     t->ip.family == 4 ? 32 : 128, &v))
			return FAIL("%s: ip prefix in '%.*s' out of range 0-%d",
				    tr, ql(val), val.p, t->ip.family == 4 ? 32 : 128);
		t->prefix = (u8)v;
		return 0;
	case OPT_GW:
		if (sanblk_parse_addr(val, &t->gw))
			return FAIL("%s: gw '%.*s' is not an address", tr,
				    ql(val), val.p);
		return 0;
	case OPT_HDIGEST:
		return parse_digest(val, opts[id].key, &t->header_digest, err,
				    errlen);
	case OPT_DDIGEST:
		return parse_digest(val, opts[id].key, &t->data_digest, err,
				    errlen);
	case OPT_CONNS:
		ret = sanblk_parse_dec(val, SANBLK_CONNS_MAX, &v);
		if (ret || !v)
			return FAIL("%s: conns '%.*s' is not a number of connections 1-%d",
				    tr, ql(val), val.p, SANBLK_CONNS_MAX);
		t->conns = (u8)v;
		return 0;
	case OPT_VLAN:
		ret = sanblk_parse_dec(val, SANBLK_VLAN_MAX, &v);
		if (ret || !v)
			return FAIL("%s: vlan '%.*s' is not a VLAN id 1-%d",
				    tr, ql(val), val.p, SANBLK_VLAN_MAX);
		t->vlan = (u16)v;
		return 0;
	case OPT_CHAP:
		return parse_chap(val, t, err, errlen);
	}
	return -EINVAL;
}

int sanblk_parse_options(struct span sp, struct sanblk_target *t,
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
	if ((seen & (1u << OPT_IP)) && !(seen & (1u << OPT_NIC)))
		return FAIL("%s: option 'ip' needs 'nic' (the NIC to give it to)",
			    tr);
	if ((seen & (1u << OPT_VLAN)) && !(seen & (1u << OPT_NIC)))
		return FAIL("%s: option 'vlan' needs 'nic' (the NIC it is on)",
			    tr);
	if ((seen & (1u << OPT_GW)) && t->gw.family != t->ip.family)
		return FAIL("%s: gw and ip are of different address families",
			    tr);
	if ((seen & (1u << OPT_CHAP)) && t->user[0])
		return FAIL("iscsi: chap= and inline credentials (user:secret@) both given");
	return 0;
}
