// SPDX-License-Identifier: GPL-2.0-only
/*
 * SCSI CDBs, READ CAPACITY, MODE SENSE and REPORT LUNS.  Pure code (see
 * scsi.h).
 */
#include "scsi.h"

#define SANBLK_SCSI_FUA		0x08	/* byte 1 of READ/WRITE */

/* Whether a command may use the 10-byte form: 32-bit LBA, 16-bit count. */
static bool sanblk_scsi_fits10(u64 lba, u32 blocks)
{
	return lba <= 0xffffffffull && blocks <= 0xffff;
}

static int sanblk_scsi_cdb10(u8 *cdb, u8 op, u64 lba, u32 blocks)
{
	memset(cdb, 0, SANBLK_SCSI_CDB_MAX);
	cdb[0] = op;
	sanblk_put_be32(cdb + 2, (u32)lba);
	sanblk_put_be16(cdb + 7, (u16)blocks);
	return 10;
}

static int sanblk_scsi_cdb16(u8 *cdb, u8 op, u64 lba, u32 blocks)
{
	memset(cdb, 0, SANBLK_SCSI_CDB_MAX);
	cdb[0] = op;
	sanblk_put_be64(cdb + 2, lba);
	sanblk_put_be32(cdb + 10, blocks);
	return 16;
}

int sanblk_scsi_cdb_rw(u8 *cdb, bool write, u64 lba, u32 blocks, bool fua)
{
	int n;

	if (sanblk_scsi_fits10(lba, blocks))
		n = sanblk_scsi_cdb10(cdb, write ? 0x2a : 0x28, lba, blocks);
	else
		n = sanblk_scsi_cdb16(cdb, write ? 0x8a : 0x88, lba, blocks);
	if (fua)
		cdb[1] |= SANBLK_SCSI_FUA;
	return n;
}

/* blocks 0: from lba to the end of the medium. */
int sanblk_scsi_cdb_sync(u8 *cdb, u64 lba, u32 blocks)
{
	if (sanblk_scsi_fits10(lba, blocks))
		return sanblk_scsi_cdb10(cdb, 0x35, lba, blocks);
	return sanblk_scsi_cdb16(cdb, 0x91, lba, blocks);
}

int sanblk_scsi_cdb_inquiry(u8 *cdb, int vpd_page, u16 alloc)
{
	if (vpd_page < -1 || vpd_page > 0xff)
		return -EINVAL;
	memset(cdb, 0, SANBLK_SCSI_CDB_MAX);
	cdb[0] = 0x12;
	if (vpd_page >= 0) {
		cdb[1] = 0x01;			/* EVPD */
		cdb[2] = (u8)vpd_page;
	}
	sanblk_put_be16(cdb + 3, alloc);
	return 6;
}

int sanblk_scsi_cdb_read_capacity16(u8 *cdb, u32 alloc)
{
	memset(cdb, 0, SANBLK_SCSI_CDB_MAX);
	cdb[0] = 0x9e;				/* SERVICE ACTION IN(16) */
	cdb[1] = 0x10;				/* READ CAPACITY(16) */
	sanblk_put_be32(cdb + 10, alloc);
	return 16;
}

int sanblk_scsi_cdb_read_capacity10(u8 *cdb)
{
	memset(cdb, 0, SANBLK_SCSI_CDB_MAX);
	cdb[0] = 0x25;
	return 10;
}

int sanblk_scsi_cdb_report_luns(u8 *cdb, u32 alloc)
{
	memset(cdb, 0, SANBLK_SCSI_CDB_MAX);
	cdb[0] = 0xa0;				/* SELECT REPORT 0: all LUNs */
	sanblk_put_be32(cdb + 6, alloc);
	return 12;
}

int sanblk_scsi_cdb_tur(u8 *cdb)
{
	memset(cdb, 0, SANBLK_SCSI_CDB_MAX);
	return 6;				/* TEST UNIT READY is 0x00 */
}

int sanblk_scsi_cdb_mode_sense10(u8 *cdb, u8 page, u8 subpage, u16 alloc)
{
	memset(cdb, 0, SANBLK_SCSI_CDB_MAX);
	cdb[0] = 0x5a;
	cdb[1] = 0x08;				/* DBD: no block descriptors */
	cdb[2] = page & 0x3f;			/* PC 0: current values */
	cdb[3] = subpage;
	sanblk_put_be16(cdb + 7, alloc);
	return 10;
}

int sanblk_scsi_cdb_unmap(u8 *cdb, u16 param_len)
{
	memset(cdb, 0, SANBLK_SCSI_CDB_MAX);
	cdb[0] = 0x42;
	sanblk_put_be16(cdb + 7, param_len);
	return 10;
}

int sanblk_scsi_unmap_param(u8 *buf, size_t len, u64 lba, u32 blocks)
{
	if (len < SANBLK_SCSI_UNMAP_PARAM_LEN)
		return -ENOSPC;
	memset(buf, 0, SANBLK_SCSI_UNMAP_PARAM_LEN);
	sanblk_put_be16(buf, SANBLK_SCSI_UNMAP_PARAM_LEN - 2);
	sanblk_put_be16(buf + 2, 16);		/* one block descriptor */
	sanblk_put_be64(buf + 8, lba);
	sanblk_put_be32(buf + 16, blocks);
	return SANBLK_SCSI_UNMAP_PARAM_LEN;
}

int sanblk_scsi_cdb_write_same16(u8 *cdb, u64 lba, u32 blocks, bool unmap)
{
	sanblk_scsi_cdb16(cdb, 0x93, lba, blocks);
	if (unmap)
		cdb[1] = 0x08;
	return 16;
}

static bool sanblk_scsi_block_size_ok(u32 bs)
{
	return bs >= 512 && bs <= 65536 && !(bs & (bs - 1));
}

/* RC16 bytes 0..14 hold every field we read; targets send 32. */
int sanblk_scsi_parse_capacity16(const u8 *buf, size_t len,
				 struct sanblk_scsi_capacity *c)
{
	u64 last;

	if (len < 15)
		return -EINVAL;
	last = sanblk_get_be64(buf);
	c->block_size = sanblk_get_be32(buf + 8);
	if (last == ~0ull || !sanblk_scsi_block_size_ok(c->block_size))
		return -EINVAL;
	c->blocks = last + 1;
	c->phys_exp = buf[13] & 0x0f;
	c->lbpme = buf[14] & 0x80;
	c->lbprz = buf[14] & 0x40;
	return 0;
}

int sanblk_scsi_parse_capacity10(const u8 *buf, size_t len,
				 struct sanblk_scsi_capacity *c)
{
	u32 last;

	if (len < SANBLK_SCSI_RC10_LEN)
		return -EINVAL;
	last = sanblk_get_be32(buf);
	c->block_size = sanblk_get_be32(buf + 4);
	if (!sanblk_scsi_block_size_ok(c->block_size))
		return -EINVAL;
	if (last == 0xffffffff)
		return -EOVERFLOW;
	c->blocks = (u64)last + 1;
	c->phys_exp = 0;
	c->lbpme = false;
	c->lbprz = false;
	return 0;
}

/* Header of a MODE SENSE(10) reply */
#define SANBLK_SCSI_MODE10_HDR	8
#define SANBLK_SCSI_MODE_WP	0x80
#define SANBLK_SCSI_MODE_DPOFUA	0x10

/*
 * Find page in the mode pages between off and end; its offset, or -ENOENT.
 * Each page is at least 2 bytes long, so the walk ends.
 */
static int sanblk_scsi_mode_page(const u8 *buf, size_t off, size_t end,
				 u8 page, size_t *plen)
{
	size_t hdr, n;

	while (off + 2 <= end) {
		bool spf = buf[off] & 0x40;

		if (spf && off + 4 > end)
			break;
		hdr = spf ? 4 : 2;
		n = spf ? sanblk_get_be16(buf + off + 2) : buf[off + 1];
		if (!spf && (buf[off] & 0x3f) == page) {
			*plen = sanblk_scsi_min(n, end - off - hdr);
			return (int)off;
		}
		off += hdr + n;
	}
	return -ENOENT;
}

int sanblk_scsi_parse_mode_caching(const u8 *buf, size_t len,
				   struct sanblk_scsi_caching *c)
{
	size_t end, off, plen;
	int pos;

	if (len < SANBLK_SCSI_MODE10_HDR)
		return -EINVAL;
	end = sanblk_scsi_min(len, (size_t)sanblk_get_be16(buf) + 2);
	c->wp = buf[3] & SANBLK_SCSI_MODE_WP;
	c->dpofua = buf[3] & SANBLK_SCSI_MODE_DPOFUA;
	off = SANBLK_SCSI_MODE10_HDR + (size_t)sanblk_get_be16(buf + 6);
	pos = sanblk_scsi_mode_page(buf, off, end, SANBLK_SCSI_MODE_CACHING,
				    &plen);
	if (pos < 0 || plen < 1)
		return -ENOENT;
	c->wce = buf[pos + 2] & 0x04;
	c->rcd = buf[pos + 2] & 0x01;
	return 0;
}

#define SANBLK_SCSI_LUNS_HDR	8

u32 sanblk_scsi_report_luns_len(const u8 *buf, size_t len)
{
	u32 n;

	if (len < SANBLK_SCSI_LUNS_HDR)
		return SANBLK_SCSI_LUNS_HDR;
	n = sanblk_get_be32(buf);
	if (n > 0xffffffffu - SANBLK_SCSI_LUNS_HDR)
		n = 0xffffffffu - SANBLK_SCSI_LUNS_HDR;
	return n + SANBLK_SCSI_LUNS_HDR;
}

int sanblk_scsi_parse_report_luns(const u8 *buf, size_t len, u64 *luns,
				  int max)
{
	size_t n, i;

	if (len < SANBLK_SCSI_LUNS_HDR || max < 0)
		return -EINVAL;
	n = sanblk_get_be32(buf) / 8;
	n = sanblk_scsi_min(n, (len - SANBLK_SCSI_LUNS_HDR) / 8);
	n = sanblk_scsi_min(n, (size_t)max);
	for (i = 0; i < n; i++)
		luns[i] = sanblk_get_be64(buf + SANBLK_SCSI_LUNS_HDR + 8 * i);
	return (int)n;
}

u32 sanblk_scsi_lun_number(const u8 lun[8])
{
	int i;

	for (i = 2; i < 8; i++)
		if (lun[i])
			return 0xffffffff;	/* a second level */
	switch (lun[0] >> 6) {
	case 0:				/* peripheral, bus 0 */
		return lun[0] ? 0xffffffff : lun[1];
	case 1:				/* flat space */
		return (u32)(lun[0] & 0x3f) << 8 | lun[1];
	}
	return 0xffffffff;
}
