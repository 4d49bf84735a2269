// SPDX-License-Identifier: GPL-2.0-only
/*
 * Standard INQUIRY data and the VPD pages.  Pure code (see scsi.h).
 */
#include "scsi.h"

/* Text written a character at a time with snprintf() semantics. */
struct sanblk_scsi_out {
	char *buf;
	size_t len;
	size_t pos;
};

static void sanblk_scsi_putc(struct sanblk_scsi_out *o, char c)
{
	if (o->pos + 1 < o->len)
		o->buf[o->pos] = c;
	o->pos++;
}

static void sanblk_scsi_puts(struct sanblk_scsi_out *o, const char *s)
{
	while (*s)
		sanblk_scsi_putc(o, *s++);
}

static int sanblk_scsi_end(struct sanblk_scsi_out *o)
{
	if (o->len)
		o->buf[sanblk_scsi_min(o->pos, o->len - 1)] = '\0';
	return (int)o->pos;
}

/*
 * An ASCII field of n bytes: up to its first NUL, without leading and
 * trailing blanks, anything but printable ASCII shown as '?'.
 */
static void sanblk_scsi_ascii(struct sanblk_scsi_out *o, const u8 *p,
			      size_t n)
{
	size_t i = 0;

	n = sanblk_scsi_min(n, strnlen((const char *)p, n));
	while (n && p[n - 1] == ' ')
		n--;
	while (i < n && p[i] == ' ')
		i++;
	for (; i < n; i++)
		sanblk_scsi_putc(o, p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '?');
}

static void sanblk_scsi_field(char *out, size_t outlen, const u8 *p,
			      size_t n)
{
	struct sanblk_scsi_out o = { out, outlen, 0 };

	sanblk_scsi_ascii(&o, p, n);
	sanblk_scsi_end(&o);
}

int sanblk_scsi_parse_inquiry(const u8 *buf, size_t len,
			      struct sanblk_scsi_inquiry *inq)
{
	/* the ADDITIONAL LENGTH must cover what we read, too */
	if (len < SANBLK_SCSI_INQUIRY_LEN ||
	    buf[4] + 5 < SANBLK_SCSI_INQUIRY_LEN)
		return -EINVAL;
	inq->qualifier = buf[0] >> 5;
	inq->pdt = buf[0] & 0x1f;
	inq->removable = buf[1] & 0x80;
	inq->version = buf[2];
	sanblk_scsi_field(inq->vendor, sizeof(inq->vendor), buf + 8, 8);
	sanblk_scsi_field(inq->product, sizeof(inq->product), buf + 16, 16);
	sanblk_scsi_field(inq->revision, sizeof(inq->revision), buf + 32, 4);
	return 0;
}

static const char *const sanblk_scsi_pdt_names[] = {
	[0x00] = "disk",
	[0x01] = "tape",
	[0x02] = "printer",
	[0x03] = "processor",
	[0x04] = "write-once",
	[0x05] = "CD/DVD drive",
	[0x06] = "scanner",
	[0x07] = "optical memory",
	[0x08] = "medium changer",
	[0x09] = "communications",
	[0x0c] = "storage controller",
	[0x0d] = "enclosure",
	[0x0e] = "simplified disk",
	[0x0f] = "optical card",
	[0x11] = "object storage",
	[0x12] = "automation/drive interface",
	[0x13] = "security manager",
	[0x14] = "zoned disk",
	[0x1e] = "well known LU",
	[0x1f] = "unknown or no device",
};

const char *sanblk_scsi_pdt_name(u8 pdt)
{
	if (pdt < ARRAY_SIZE(sanblk_scsi_pdt_names) &&
	    sanblk_scsi_pdt_names[pdt])
		return sanblk_scsi_pdt_names[pdt];
	return "reserved";
}

/*
 * The 4-byte VPD header: the page must be the one asked for; the body
 * is bounded by the PAGE LENGTH and by len.  Its length, or -EINVAL.
 */
static int sanblk_scsi_vpd(const u8 *buf, size_t len, u8 page)
{
	if (len < 4 || buf[1] != page)
		return -EINVAL;
	return (int)sanblk_scsi_min(len - 4, sanblk_get_be16(buf + 2));
}

/*
 * The same, for a page parsed into *out: zeroed first, so that a field
 * the page leaves out, or a failed parse, leaves nothing stale.
 */
static int sanblk_scsi_vpd_into(const u8 *buf, size_t len, u8 page,
				void *out, size_t size)
{
	memset(out, 0, size);
	return sanblk_scsi_vpd(buf, len, page);
}

static const u8 sanblk_scsi_vpd_known[] = {
	SANBLK_SCSI_VPD_LIST, SANBLK_SCSI_VPD_SERIAL, SANBLK_SCSI_VPD_DEVID,
	SANBLK_SCSI_VPD_LIMITS, SANBLK_SCSI_VPD_BDC, SANBLK_SCSI_VPD_LBP,
};

static u32 sanblk_scsi_vpd_bit(u8 page)
{
	size_t k;

	for (k = 0; k < ARRAY_SIZE(sanblk_scsi_vpd_known); k++)
		if (page == sanblk_scsi_vpd_known[k])
			return 1u << k;
	return 0;
}

int sanblk_scsi_parse_vpd_list(const u8 *buf, size_t len, u32 *pages)
{
	int n = sanblk_scsi_vpd(buf, len, SANBLK_SCSI_VPD_LIST);
	int i;

	*pages = 0;
	for (i = 0; i < n; i++)
		*pages |= sanblk_scsi_vpd_bit(buf[4 + i]);
	return n < 0 ? n : 0;
}

int sanblk_scsi_parse_vpd_serial(const u8 *buf, size_t len, char *out,
				 size_t outlen)
{
	struct sanblk_scsi_out o = { out, outlen, 0 };
	int n = sanblk_scsi_vpd(buf, len, SANBLK_SCSI_VPD_SERIAL);

	if (n < 0) {
		sanblk_scsi_end(&o);
		return n;
	}
	sanblk_scsi_ascii(&o, buf + 4, n);
	return sanblk_scsi_end(&o);
}

int sanblk_scsi_parse_vpd_limits(const u8 *buf, size_t len,
				 struct sanblk_scsi_limits *l)
{
	int n = sanblk_scsi_vpd_into(buf, len, SANBLK_SCSI_VPD_LIMITS, l,
				     sizeof(*l));

	if (n < 0)
		return n;
	/* SBC-2 devices stop after the optimal transfer length */
	if (n >= 12) {
		l->max_xfer_blocks = sanblk_get_be32(buf + 8);
		l->opt_xfer_blocks = sanblk_get_be32(buf + 12);
	}
	if (n >= 28) {
		l->max_unmap_blocks = sanblk_get_be32(buf + 20);
		l->max_unmap_desc = sanblk_get_be32(buf + 24);
	}
	if (n >= 32)
		l->unmap_granularity = sanblk_get_be32(buf + 28);
	if (n >= 40)
		l->max_write_same_blocks = sanblk_get_be64(buf + 36);
	return 0;
}

int sanblk_scsi_parse_vpd_lbp(const u8 *buf, size_t len,
			      struct sanblk_scsi_provisioning *p)
{
	int n = sanblk_scsi_vpd_into(buf, len, SANBLK_SCSI_VPD_LBP, p,
				     sizeof(*p));

	if (n < 2)
		return n < 0 ? n : -EINVAL;
	p->lbpu = buf[5] & 0x80;
	p->lbpws = buf[5] & 0x40;
	p->lbpws10 = buf[5] & 0x20;
	/* SBC-4 LBPRZ is 3 bits, 001b: unmapped blocks read zeroes */
	p->lbprz = ((buf[5] >> 2) & 7) == 1;
	return 0;
}

static u32 sanblk_scsi_min_len(u64 a, u32 b)
{
	return a < b ? (u32)a : b;
}

void sanblk_scsi_plan_provisioning(const struct sanblk_scsi_capacity *cap,
				   const struct sanblk_scsi_limits *l,
				   const struct sanblk_scsi_provisioning *p,
				   u32 max_blocks,
				   struct sanblk_scsi_provision_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	if (l->max_write_same_blocks)
		plan->zeroes_blocks = sanblk_scsi_min_len(l->max_write_same_blocks,
							  max_blocks);
	if (!cap->lbpme)
		return;
	/* thin and WRITE SAME(16) with UNMAP: WRITE SAME(16) itself works */
	if (!plan->zeroes_blocks && p->lbpws)
		plan->zeroes_blocks = sanblk_scsi_min_len(SANBLK_SCSI_WS_BLOCKS,
							  max_blocks);
	plan->zeroes_unmap = p->lbpws && (p->lbprz || cap->lbprz);
	if (p->lbpu && l->max_unmap_blocks && l->max_unmap_desc) {
		plan->discard_unmap = true;
		plan->discard_blocks = sanblk_scsi_min_len(l->max_unmap_blocks,
							   max_blocks);
	} else if (p->lbpws) {
		plan->discard_blocks = l->max_write_same_blocks ?
			sanblk_scsi_min_len(l->max_write_same_blocks, max_blocks) :
			max_blocks;
	}
}

/* Designation descriptor (SPC-4 7.8.6) */
#define SANBLK_SCSI_DESIG_T10		1
#define SANBLK_SCSI_DESIG_EUI64		2
#define SANBLK_SCSI_DESIG_NAA		3
#define SANBLK_SCSI_DESIG_NAME		8
#define SANBLK_SCSI_CODE_BINARY		1
#define SANBLK_SCSI_CODE_ASCII		2
#define SANBLK_SCSI_CODE_UTF8		3

/* How good a logical unit designator is; 0: not one we use. */
static int sanblk_scsi_desig_rank(const u8 *d)
{
	u8 code = d[0] & 0x0f, type = d[1] & 0x0f, n = d[3];
	u8 naa = n ? d[4] >> 4 : 0;

	if (d[1] & 0x30)		/* association: port or target */
		return 0;
	switch (type) {
	case SANBLK_SCSI_DESIG_NAA:
		if (code != SANBLK_SCSI_CODE_BINARY)
			return 0;
		if (naa == 6 && n == 16)
			return 9;
		if (naa == 5 && n == 8)
			return 8;
		return (naa == 3 || naa == 2) && n == 8 ? 7 : 0;
	case SANBLK_SCSI_DESIG_EUI64:
		if (code != SANBLK_SCSI_CODE_BINARY)
			return 0;
		return n == 16 ? 6 : n == 12 ? 5 : n == 8 ? 4 : 0;
	case SANBLK_SCSI_DESIG_T10:
		return code == SANBLK_SCSI_CODE_ASCII && n >= 8 ? 3 : 0;
	case SANBLK_SCSI_DESIG_NAME:
		return code == SANBLK_SCSI_CODE_UTF8 && n ? 2 : 0;
	}
	return 0;
}

static void sanblk_scsi_hex(struct sanblk_scsi_out *o, const u8 *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	while (n--) {
		sanblk_scsi_putc(o, hex[*p >> 4]);
		sanblk_scsi_putc(o, hex[*p++ & 0x0f]);
	}
}

static void sanblk_scsi_desig_text(struct sanblk_scsi_out *o, const u8 *d)
{
	switch (d[1] & 0x0f) {
	case SANBLK_SCSI_DESIG_NAA:
		sanblk_scsi_puts(o, "naa.");
		sanblk_scsi_hex(o, d + 4, d[3]);
		break;
	case SANBLK_SCSI_DESIG_EUI64:
		sanblk_scsi_puts(o, "eui.");
		sanblk_scsi_hex(o, d + 4, d[3]);
		break;
	case SANBLK_SCSI_DESIG_T10:
		sanblk_scsi_puts(o, "t10.");
		sanblk_scsi_ascii(o, d + 4, d[3]);
		break;
	default:
		sanblk_scsi_puts(o, "name.");
		sanblk_scsi_ascii(o, d + 4, d[3]);
		break;
	}
}

/*
 * Walk the descriptors of a page body of n bytes, each 4 bytes and its
 * DESIGNATOR LENGTH; the first of the best rank wins.  A descriptor that
 * does not fit in the page ends the walk.
 */
static const u8 *sanblk_scsi_best_desig(const u8 *p, size_t n)
{
	const u8 *best = NULL;
	size_t off = 0;
	int rank = 0, r;

	while (off + 4 <= n && off + 4 + p[off + 3] <= n) {
		r = sanblk_scsi_desig_rank(p + off);
		if (r > rank) {
			rank = r;
			best = p + off;
		}
		off += 4 + p[off + 3];
	}
	return best;
}

int sanblk_scsi_parse_vpd_devid(const u8 *buf, size_t len, char *out,
				size_t outlen)
{
	struct sanblk_scsi_out o = { out, outlen, 0 };
	int n = sanblk_scsi_vpd(buf, len, SANBLK_SCSI_VPD_DEVID);
	const u8 *best = n < 0 ? NULL : sanblk_scsi_best_desig(buf + 4, n);

	if (!best) {
		sanblk_scsi_end(&o);
		return n < 0 ? n : -ENOENT;
	}
	sanblk_scsi_desig_text(&o, best);
	return sanblk_scsi_end(&o);
}
