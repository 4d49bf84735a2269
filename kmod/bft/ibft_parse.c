// SPDX-License-Identifier: GPL-2.0-only
/*
 * iSCSI Boot Firmware Table parser (iBFT 1.03, as written by iPXE and by
 * iSCSI option ROMs and UEFI firmware).
 *
 * sanbft_ibft_parse() validates the whole table before anything is decoded,
 * and says exactly what is wrong when it refuses one.  The rules, where the
 * specification leaves room:
 *
 * - The control structure follows the 48-byte header and lists structure
 *   offsets: initiator, nic0, target0, nic1, target1 and as many further
 *   NIC/target pairs as its length holds.  Offset 0 means "not present".
 *   A listed structure's id says what it is; at most one initiator.
 * - Every structure lies wholly inside the table, after the header, apart
 *   from the control structure and from every other listed structure.  Its
 *   length may exceed the size iBFT 1.03 gives (the extra bytes are
 *   ignored) but never fall short of it; its version must not be 0.
 * - NIC indexes are unique, and so are target indexes; a target naming a
 *   NIC index that does not exist is accepted (its entry has no NIC).
 * - Strings are (length, offset) pairs.  Length 0 is the empty string
 *   whatever the offset.  Otherwise the bytes must lie inside the table,
 *   after the header.  The length excludes any terminator and none is
 *   required (iPXE writes one after the counted bytes); NULs at the end of
 *   the counted bytes are tolerated and dropped; a NUL followed by other
 *   bytes, or any other control character, is a defect, as is a string
 *   longer than sanbft keeps (223 bytes for iSCSI names, 255 otherwise).
 * - Flags are not judged: a structure without its valid bit is still
 *   parsed, and its boot entry says valid=false.
 *
 * Secrets are never quoted in a defect message: only offsets and lengths.
 */
#include "sanblk_pure.h"
#include "bft_parse.h"

/* Header fields */
#define IBFT_HDR_SIG		0
#define IBFT_HDR_LENGTH		4

/* Common structure header */
#define IBFT_S_ID		0
#define IBFT_S_VERSION		1
#define IBFT_S_LENGTH		2
#define IBFT_S_INDEX		4
#define IBFT_S_FLAGS		5
#define IBFT_S_HDR_LEN		6

/* Control structure */
#define IBFT_CTL_OFFSETS	8

/* Initiator structure */
#define IBFT_INI_ISNS		6
#define IBFT_INI_SLP		22
#define IBFT_INI_RADIUS1	38
#define IBFT_INI_RADIUS2	54
#define IBFT_INI_NAME		70

/* NIC structure */
#define IBFT_NIC_IP		6
#define IBFT_NIC_PREFIX		22
#define IBFT_NIC_ORIGIN		23
#define IBFT_NIC_GATEWAY	24
#define IBFT_NIC_DNS1		40
#define IBFT_NIC_DNS2		56
#define IBFT_NIC_DHCP		72
#define IBFT_NIC_VLAN		88
#define IBFT_NIC_MAC		90
#define IBFT_NIC_BDF		96
#define IBFT_NIC_HOSTNAME	98

/* Target structure */
#define IBFT_TGT_IP		6
#define IBFT_TGT_PORT		22
#define IBFT_TGT_LUN		24
#define IBFT_TGT_CHAP_TYPE	32
#define IBFT_TGT_NIC		33
#define IBFT_TGT_NAME		34
#define IBFT_TGT_CHAP_NAME	38
#define IBFT_TGT_CHAP_SECRET	42
#define IBFT_TGT_RCHAP_NAME	46
#define IBFT_TGT_RCHAP_SECRET	50

#define IBFT_NAME_LEN		16	/* "initiator", "target65535" */

/* Where the parser is, for naming things in defect messages. */
struct ibft_ctx {
	const u8 *buf;
	u32 tlen;		/* the table's own length */
	u32 ctl_len;
	unsigned int slots;	/* entries in the control offset list */
	char *err;
	size_t errlen;
};

static u16 ibft_slot_offset(const u8 *buf, unsigned int slot)
{
	return sanblk_get_le16(buf + SANBFT_IBFT_HDR_LEN + IBFT_CTL_OFFSETS +
			       2 * slot);
}

static unsigned int ibft_slots(u32 ctl_len)
{
	return (ctl_len - IBFT_CTL_OFFSETS) / 2;
}

static u16 ibft_min_len(u8 id)
{
	switch (id) {
	case SANBFT_IBFT_ID_INITIATOR:
		return SANBFT_IBFT_INITIATOR_LEN;
	case SANBFT_IBFT_ID_NIC:
		return SANBFT_IBFT_NIC_LEN;
	default:
		return SANBFT_IBFT_TARGET_LEN;
	}
}

/*
 * Name the structure in control slot @slot as "initiator", "nicN" or
 * "targetN", N counting structures of its kind in control-list order (the
 * index the accessors take).  Only used on slots already validated.
 */
static void ibft_name(const u8 *buf, unsigned int slot, char *name)
{
	u8 id = buf[ibft_slot_offset(buf, slot) + IBFT_S_ID];
	unsigned int s, n = 0;
	u16 off;

	for (s = 0; s < slot; s++) {
		off = ibft_slot_offset(buf, s);
		if (off && buf[off + IBFT_S_ID] == id)
			n++;
	}
	if (id == SANBFT_IBFT_ID_INITIATOR)
		snprintf(name, IBFT_NAME_LEN, "initiator");
	else if (id == SANBFT_IBFT_ID_NIC)
		snprintf(name, IBFT_NAME_LEN, "nic%u", n);
	else
		snprintf(name, IBFT_NAME_LEN, "target%u", n);
}

/* Length of a checked string once trailing NULs are dropped. */
static u16 ibft_str_len(const u8 *s, u16 len)
{
	while (len && !s[len - 1])
		len--;
	return len;
}

static int ibft_check_string(const struct ibft_ctx *c, const char *name,
			     const char *what, const u8 *pair, size_t max)
{
	u16 len = sanblk_get_le16(pair);
	u16 off = sanblk_get_le16(pair + 2);
	u16 i, slen;

	if (!len)
		return 0;
	if (!off) {
		snprintf(c->err, c->errlen, "%s %s length %u at offset 0",
			 name, what, len);
		return -EINVAL;
	}
	if (off < SANBFT_IBFT_HDR_LEN) {
		snprintf(c->err, c->errlen, "%s %s offset 0x%x overlaps header",
			 name, what, off);
		return -EINVAL;
	}
	if ((u32)off + len > c->tlen) {
		snprintf(c->err, c->errlen,
			 "%s %s offset 0x%x+%u beyond table length 0x%x",
			 name, what, off, len, c->tlen);
		return -EINVAL;
	}
	slen = ibft_str_len(c->buf + off, len);
	if (slen >= max) {
		snprintf(c->err, c->errlen,
			 "%s %s length %u, longest accepted %u",
			 name, what, slen, (unsigned int)max - 1);
		return -EINVAL;
	}
	for (i = 0; i < slen; i++) {
		u8 ch = c->buf[off + i];

		if (!ch) {
			snprintf(c->err, c->errlen,
				 "%s %s has a NUL at byte %u of %u",
				 name, what, i, slen);
			return -EINVAL;
		}
		if (ch < 0x20 || ch == 0x7f) {
			snprintf(c->err, c->errlen,
				 "%s %s has control character 0x%02x at byte %u",
				 name, what, ch, i);
			return -EINVAL;
		}
	}
	return 0;
}

/* Copy a string checked by ibft_check_string() into a NUL-ended buffer. */
static void ibft_copy_string(const u8 *buf, const u8 *pair, char *dst)
{
	u16 len = sanblk_get_le16(pair);
	u16 off = sanblk_get_le16(pair + 2);

	len = len ? ibft_str_len(buf + off, len) : 0;
	memcpy(dst, buf + off, len);
	dst[len] = '\0';
}

/* IPv4-mapped addresses become family 4; all-zero (either form) family 0. */
static void ibft_ip(const u8 *p, struct sanbft_ip *ip)
{
	static const u8 mapped[12] = { [10] = 0xff, [11] = 0xff };
	static const u8 zero[16];

	memset(ip, 0, sizeof(*ip));
	if (!memcmp(p, mapped, sizeof(mapped))) {
		if (memcmp(p + 12, zero, 4)) {
			ip->family = 4;
			memcpy(ip->addr, p + 12, 4);
		}
	} else if (memcmp(p, zero, 16)) {
		ip->family = 6;
		memcpy(ip->addr, p, 16);
	}
}

static bool ibft_is_ipv4(const u8 *p)
{
	struct sanbft_ip ip;

	ibft_ip(p, &ip);
	return ip.family == 4;
}

static int ibft_check_initiator(const struct ibft_ctx *c, const u8 *s)
{
	return ibft_check_string(c, "initiator", "name", s + IBFT_INI_NAME,
				 SANBFT_ISCSI_NAME_MAX);
}

static int ibft_check_nic(const struct ibft_ctx *c, const char *name,
			  const u8 *s)
{
	u8 prefix = s[IBFT_NIC_PREFIX];

	if (prefix > 128 || (prefix > 32 && ibft_is_ipv4(s + IBFT_NIC_IP))) {
		snprintf(c->err, c->errlen, "%s prefix length %u too long for %s",
			 name, prefix,
			 ibft_is_ipv4(s + IBFT_NIC_IP) ? "IPv4" : "IPv6");
		return -EINVAL;
	}
	return ibft_check_string(c, name, "hostname", s + IBFT_NIC_HOSTNAME,
				 SANBFT_HOSTNAME_MAX);
}

static int ibft_check_target(const struct ibft_ctx *c, const char *name,
			     const u8 *s)
{
	static const struct {
		u8 field;
		size_t max;
		const char *what;
	} strs[] = {
		{ IBFT_TGT_NAME, SANBFT_ISCSI_NAME_MAX, "name" },
		{ IBFT_TGT_CHAP_NAME, SANBFT_CHAP_MAX, "CHAP name" },
		{ IBFT_TGT_CHAP_SECRET, SANBFT_CHAP_MAX, "CHAP secret" },
		{ IBFT_TGT_RCHAP_NAME, SANBFT_CHAP_MAX, "reverse CHAP name" },
		{ IBFT_TGT_RCHAP_SECRET, SANBFT_CHAP_MAX, "reverse CHAP secret" },
	};
	unsigned int i;
	int rc;

	if (s[IBFT_TGT_CHAP_TYPE] > SANBFT_CHAP_MUTUAL) {
		snprintf(c->err, c->errlen,
			 "%s CHAP type %u, expected 0, 1 or 2",
			 name, s[IBFT_TGT_CHAP_TYPE]);
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(strs); i++) {
		rc = ibft_check_string(c, name, strs[i].what,
				       s + strs[i].field, strs[i].max);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Check that the structure in @slot lies apart from every structure listed
 * before it, and that it does not repeat their index (NICs, targets) or
 * kind (initiator).
 */
static int ibft_check_apart(const struct ibft_ctx *c, unsigned int slot)
{
	const u8 *buf = c->buf;
	u16 off = ibft_slot_offset(buf, slot);
	u32 end = off + sanblk_get_le16(buf + off + IBFT_S_LENGTH);
	u8 id = buf[off + IBFT_S_ID];
	char name[IBFT_NAME_LEN], other[IBFT_NAME_LEN];
	unsigned int s;

	for (s = 0; s < slot; s++) {
		u16 o = ibft_slot_offset(buf, s);
		u32 oend;

		if (!o)
			continue;
		oend = o + sanblk_get_le16(buf + o + IBFT_S_LENGTH);
		if (off < oend && o < end) {
			ibft_name(buf, slot, name);
			ibft_name(buf, s, other);
			snprintf(c->err, c->errlen,
				 "%s at 0x%x overlaps %s at 0x%x",
				 name, off, other, o);
			return -EINVAL;
		}
		if (id != buf[o + IBFT_S_ID])
			continue;
		if (id == SANBFT_IBFT_ID_INITIATOR) {
			snprintf(c->err, c->errlen,
				 "second initiator at 0x%x, first at 0x%x",
				 off, o);
			return -EINVAL;
		}
		if (buf[off + IBFT_S_INDEX] == buf[o + IBFT_S_INDEX]) {
			ibft_name(buf, slot, name);
			ibft_name(buf, s, other);
			snprintf(c->err, c->errlen, "%s index %u repeats %s",
				 name, buf[off + IBFT_S_INDEX], other);
			return -EINVAL;
		}
	}
	return 0;
}

static int ibft_check_slot(struct ibft_ctx *c, unsigned int slot)
{
	const u8 *buf = c->buf;
	u16 off = ibft_slot_offset(buf, slot);
	char name[IBFT_NAME_LEN];
	u16 slen, min;
	u8 id;
	int rc;

	if (!off)
		return 0;
	if (off < SANBFT_IBFT_HDR_LEN) {
		snprintf(c->err, c->errlen, "structure at 0x%x overlaps header",
			 off);
		return -EINVAL;
	}
	if (off < SANBFT_IBFT_HDR_LEN + c->ctl_len) {
		snprintf(c->err, c->errlen,
			 "structure at 0x%x overlaps control structure", off);
		return -EINVAL;
	}
	if ((u32)off + IBFT_S_HDR_LEN > c->tlen) {
		snprintf(c->err, c->errlen,
			 "structure at 0x%x+%u beyond table length 0x%x",
			 off, IBFT_S_HDR_LEN, c->tlen);
		return -EINVAL;
	}
	id = buf[off + IBFT_S_ID];
	if (id != SANBFT_IBFT_ID_INITIATOR && id != SANBFT_IBFT_ID_NIC &&
	    id != SANBFT_IBFT_ID_TARGET) {
		snprintf(c->err, c->errlen,
			 "structure at 0x%x id %u, expected 2, 3 or 4", off, id);
		return -EINVAL;
	}
	ibft_name(buf, slot, name);
	if (!buf[off + IBFT_S_VERSION]) {
		snprintf(c->err, c->errlen, "%s version 0, expected 1", name);
		return -EINVAL;
	}
	slen = sanblk_get_le16(buf + off + IBFT_S_LENGTH);
	min = ibft_min_len(id);
	if (slen < min) {
		snprintf(c->err, c->errlen, "%s length %u, expected %u",
			 name, slen, min);
		return -EINVAL;
	}
	if ((u32)off + slen > c->tlen) {
		snprintf(c->err, c->errlen,
			 "%s at 0x%x+%u beyond table length 0x%x",
			 name, off, slen, c->tlen);
		return -EINVAL;
	}
	rc = ibft_check_apart(c, slot);
	if (rc)
		return rc;
	switch (id) {
	case SANBFT_IBFT_ID_INITIATOR:
		return ibft_check_initiator(c, buf + off);
	case SANBFT_IBFT_ID_NIC:
		return ibft_check_nic(c, name, buf + off);
	default:
		return ibft_check_target(c, name, buf + off);
	}
}

static int ibft_check_header(const u8 *p, size_t len, char *err,
			     size_t errlen)
{
	static const char * const sigs[] = { "iBFT", "IBFT", "BIFT" };
	char sig[17];
	unsigned int i;
	u32 tlen;

	if (len < SANBFT_IBFT_HDR_LEN) {
		snprintf(err, errlen, "only %zu bytes, the header needs %u",
			 len, SANBFT_IBFT_HDR_LEN);
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		if (!memcmp(p + IBFT_HDR_SIG, sigs[i], 4))
			break;
	if (i == ARRAY_SIZE(sigs)) {
		sanbft_format_signature(p + IBFT_HDR_SIG, sig, sizeof(sig));
		snprintf(err, errlen,
			 "signature \"%s\", expected iBFT, IBFT or BIFT", sig);
		return -EINVAL;
	}
	tlen = sanblk_get_le32(p + IBFT_HDR_LENGTH);
	if (tlen < SANBFT_IBFT_HDR_LEN + SANBFT_IBFT_CONTROL_LEN) {
		snprintf(err, errlen,
			 "length 0x%x, shorter than header and control structure (0x%x)",
			 tlen, SANBFT_IBFT_HDR_LEN + SANBFT_IBFT_CONTROL_LEN);
		return -EINVAL;
	}
	return sanbft_table_check(p, tlen, len, err, errlen);
}

static int ibft_check_control(struct ibft_ctx *c)
{
	const u8 *ctl = c->buf + SANBFT_IBFT_HDR_LEN;
	u32 at = SANBFT_IBFT_HDR_LEN;

	if (ctl[IBFT_S_ID] != SANBFT_IBFT_ID_CONTROL) {
		snprintf(c->err, c->errlen,
			 "control structure offset 0x%x id %u, expected 1",
			 at, ctl[IBFT_S_ID]);
		return -EINVAL;
	}
	if (!ctl[IBFT_S_VERSION]) {
		snprintf(c->err, c->errlen,
			 "control structure version 0, expected 1");
		return -EINVAL;
	}
	if (ctl[IBFT_S_INDEX]) {
		snprintf(c->err, c->errlen,
			 "control structure index %u, expected 0",
			 ctl[IBFT_S_INDEX]);
		return -EINVAL;
	}
	c->ctl_len = sanblk_get_le16(ctl + IBFT_S_LENGTH);
	if (c->ctl_len < SANBFT_IBFT_CONTROL_LEN) {
		snprintf(c->err, c->errlen,
			 "control structure length %u, expected %u",
			 c->ctl_len, SANBFT_IBFT_CONTROL_LEN);
		return -EINVAL;
	}
	if (c->ctl_len & 1) {
		snprintf(c->err, c->errlen,
			 "control structure length %u is odd", c->ctl_len);
		return -EINVAL;
	}
	if (at + c->ctl_len > c->tlen) {
		snprintf(c->err, c->errlen,
			 "control structure at 0x%x+%u beyond table length 0x%x",
			 at, c->ctl_len, c->tlen);
		return -EINVAL;
	}
	c->slots = ibft_slots(c->ctl_len);
	return 0;
}

int sanbft_ibft_parse(const void *buf, size_t len, struct sanbft_ibft *t,
		      char *err, size_t errlen)
{
	struct ibft_ctx c = { .buf = buf, .err = err, .errlen = errlen };
	unsigned int s;
	u16 off;
	int rc;

	memset(t, 0, sizeof(*t));
	if (errlen)
		err[0] = '\0';
	rc = ibft_check_header(c.buf, len, err, errlen);
	if (rc)
		return rc;
	c.tlen = sanblk_get_le32(c.buf + IBFT_HDR_LENGTH);
	rc = ibft_check_control(&c);
	if (rc)
		return rc;
	for (s = 0; s < c.slots; s++) {
		rc = ibft_check_slot(&c, s);
		if (rc)
			return rc;
	}

	t->buf = c.buf;
	t->len = c.tlen;
	sanbft_table_info(c.buf, &t->info);
	t->control_len = c.ctl_len;
	for (s = 0; s < c.slots; s++) {
		off = ibft_slot_offset(c.buf, s);
		if (!off)
			continue;
		switch (c.buf[off + IBFT_S_ID]) {
		case SANBFT_IBFT_ID_INITIATOR:
			t->n_initiators++;
			break;
		case SANBFT_IBFT_ID_NIC:
			t->n_nics++;
			break;
		default:
			t->n_targets++;
		}
	}
	return 0;
}

/* Offset of the i-th structure with this id, or 0. */
static u16 ibft_find(const struct sanbft_ibft *t, u8 id, unsigned int i)
{
	unsigned int s, n = 0;
	u16 off;

	if (!t->buf)
		return 0;
	for (s = 0; s < ibft_slots(t->control_len); s++) {
		off = ibft_slot_offset(t->buf, s);
		if (off && t->buf[off + IBFT_S_ID] == id && n++ == i)
			return off;
	}
	return 0;
}

int sanbft_ibft_initiator(const struct sanbft_ibft *t,
			  struct sanbft_initiator *ini)
{
	u16 off = ibft_find(t, SANBFT_IBFT_ID_INITIATOR, 0);
	const u8 *s;

	memset(ini, 0, sizeof(*ini));
	if (!off)
		return -ENOENT;
	s = t->buf + off;
	ini->flags = s[IBFT_S_FLAGS];
	ibft_ip(s + IBFT_INI_ISNS, &ini->isns);
	ibft_ip(s + IBFT_INI_SLP, &ini->slp);
	ibft_ip(s + IBFT_INI_RADIUS1, &ini->radius[0]);
	ibft_ip(s + IBFT_INI_RADIUS2, &ini->radius[1]);
	ibft_copy_string(t->buf, s + IBFT_INI_NAME, ini->name);
	return 0;
}

int sanbft_ibft_nic(const struct sanbft_ibft *t, unsigned int i,
		    struct sanbft_nic *nic)
{
	u16 off = ibft_find(t, SANBFT_IBFT_ID_NIC, i);
	const u8 *s;

	memset(nic, 0, sizeof(*nic));
	if (!off)
		return -ENOENT;
	s = t->buf + off;
	nic->index = s[IBFT_S_INDEX];
	nic->flags = s[IBFT_S_FLAGS];
	nic->prefix = s[IBFT_NIC_PREFIX];
	nic->origin = s[IBFT_NIC_ORIGIN];
	ibft_ip(s + IBFT_NIC_IP, &nic->ip);
	ibft_ip(s + IBFT_NIC_GATEWAY, &nic->gateway);
	ibft_ip(s + IBFT_NIC_DNS1, &nic->dns[0]);
	ibft_ip(s + IBFT_NIC_DNS2, &nic->dns[1]);
	ibft_ip(s + IBFT_NIC_DHCP, &nic->dhcp);
	nic->vlan = sanblk_get_le16(s + IBFT_NIC_VLAN);
	memcpy(nic->mac, s + IBFT_NIC_MAC, 6);
	nic->pci_bdf = sanblk_get_le16(s + IBFT_NIC_BDF);
	ibft_copy_string(t->buf, s + IBFT_NIC_HOSTNAME, nic->hostname);
	return 0;
}

int sanbft_ibft_target(const struct sanbft_ibft *t, unsigned int i,
		       struct sanbft_target *tgt)
{
	u16 off = ibft_find(t, SANBFT_IBFT_ID_TARGET, i);
	const u8 *s;

	memset(tgt, 0, sizeof(*tgt));
	if (!off)
		return -ENOENT;
	s = t->buf + off;
	tgt->index = s[IBFT_S_INDEX];
	tgt->flags = s[IBFT_S_FLAGS];
	ibft_ip(s + IBFT_TGT_IP, &tgt->ip);
	tgt->port = sanblk_get_le16(s + IBFT_TGT_PORT);
	memcpy(tgt->lun, s + IBFT_TGT_LUN, 8);
	tgt->chap_type = s[IBFT_TGT_CHAP_TYPE];
	tgt->nic_index = s[IBFT_TGT_NIC];
	ibft_copy_string(t->buf, s + IBFT_TGT_NAME, tgt->name);
	ibft_copy_string(t->buf, s + IBFT_TGT_CHAP_NAME, tgt->chap_name);
	ibft_copy_string(t->buf, s + IBFT_TGT_CHAP_SECRET, tgt->chap_secret);
	ibft_copy_string(t->buf, s + IBFT_TGT_RCHAP_NAME, tgt->rchap_name);
	ibft_copy_string(t->buf, s + IBFT_TGT_RCHAP_SECRET, tgt->rchap_secret);
	return 0;
}

int sanbft_ibft_entry(const struct sanbft_ibft *t, unsigned int i,
		      struct sanbft_entry *e)
{
	struct sanbft_initiator ini;
	unsigned int n;
	int rc;

	memset(e, 0, sizeof(*e));
	rc = sanbft_ibft_target(t, i, &e->target);
	if (rc)
		return rc;
	e->transport = SANBFT_TRANSPORT_ISCSI;
	for (n = 0; n < t->n_nics; n++) {
		if (sanbft_ibft_nic(t, n, &e->nic))
			break;
		if (e->nic.index == e->target.nic_index) {
			e->has_nic = true;
			break;
		}
	}
	if (!e->has_nic)
		memset(&e->nic, 0, sizeof(e->nic));
	e->valid = (e->target.flags & SANBFT_FL_VALID) && e->has_nic &&
		   (e->nic.flags & SANBFT_FL_VALID);
	e->boot_selected = e->target.flags & SANBFT_FL_BOOT_SELECTED;
	if (!sanbft_ibft_initiator(t, &ini))
		memcpy(e->initiator_name, ini.name, sizeof(ini.name));
	return 0;
}
