// SPDX-License-Identifier: GPL-2.0-only
/*
 * AoE and ATA wire encode/decode.  Pure code (see aoe_wire.h).
 */
#include "wire.h"

int sanblk_aoe_put_hdr(u8 *buf, size_t len, const struct sanblk_aoe_hdr *h)
{
	if (len < SANBLK_AOE_HDR_LEN)
		return -ENOSPC;
	buf[0] = (u8)(h->ver << 4 | (h->flags & 0x0f));
	buf[1] = h->error;
	sanblk_put_be16(buf + 2, h->major);
	buf[4] = h->minor;
	buf[5] = h->cmd;
	sanblk_put_be32(buf + 6, h->tag);
	return SANBLK_AOE_HDR_LEN;
}

int sanblk_aoe_get_hdr(const u8 *buf, size_t len, struct sanblk_aoe_hdr *h)
{
	if (len < SANBLK_AOE_HDR_LEN)
		return -EMSGSIZE;
	h->ver = buf[0] >> 4;
	h->flags = buf[0] & 0x0f;
	h->error = buf[1];
	h->major = sanblk_get_be16(buf + 2);
	h->minor = buf[4];
	h->cmd = buf[5];
	h->tag = sanblk_get_be32(buf + 6);
	if (h->ver != SANBLK_AOE_VERSION)
		return -EPROTONOSUPPORT;
	return SANBLK_AOE_HDR_LEN;
}

int sanblk_aoe_put_ata(u8 *buf, size_t len, const struct sanblk_aoe_ata *a)
{
	int i;

	if (len < SANBLK_AOE_ATA_LEN)
		return -ENOSPC;
	buf[0] = a->aflags;
	buf[1] = a->feature;
	buf[2] = a->scnt;
	buf[3] = a->cmd;
	for (i = 0; i < 6; i++)
		buf[4 + i] = (u8)(a->lba >> (8 * i));
	buf[10] = 0;
	buf[11] = 0;
	return SANBLK_AOE_ATA_LEN;
}

int sanblk_aoe_get_ata(const u8 *buf, size_t len, struct sanblk_aoe_ata *a)
{
	int i;

	if (len < SANBLK_AOE_ATA_LEN)
		return -EMSGSIZE;
	a->aflags = buf[0];
	a->feature = buf[1];
	a->scnt = buf[2];
	a->cmd = buf[3];
	a->lba = 0;
	for (i = 0; i < 6; i++)
		a->lba |= (u64)buf[4 + i] << (8 * i);
	return SANBLK_AOE_ATA_LEN;
}

int sanblk_aoe_put_cfg(u8 *buf, size_t len, const struct sanblk_aoe_cfg *c)
{
	size_t cslen = c->cs ? c->cslen : 0;

	if (cslen > SANBLK_AOE_CS_MAX || len < SANBLK_AOE_CFG_LEN + cslen)
		return -ENOSPC;
	sanblk_put_be16(buf, c->bufcnt);
	sanblk_put_be16(buf + 2, c->fwver);
	buf[4] = c->scnt;
	buf[5] = (u8)(c->aoever << 4 | (c->ccmd & 0x0f));
	sanblk_put_be16(buf + 6, (u16)cslen);
	if (cslen)
		memcpy(buf + SANBLK_AOE_CFG_LEN, c->cs, cslen);
	return (int)(SANBLK_AOE_CFG_LEN + cslen);
}

int sanblk_aoe_get_cfg(const u8 *buf, size_t len, struct sanblk_aoe_cfg *c)
{
	if (len < SANBLK_AOE_CFG_LEN)
		return -EMSGSIZE;
	c->bufcnt = sanblk_get_be16(buf);
	c->fwver = sanblk_get_be16(buf + 2);
	c->scnt = buf[4];
	c->aoever = buf[5] >> 4;
	c->ccmd = buf[5] & 0x0f;
	c->cslen = sanblk_get_be16(buf + 6);
	if (c->cslen > SANBLK_AOE_CS_MAX ||
	    len - SANBLK_AOE_CFG_LEN < c->cslen)
		return -EMSGSIZE;
	c->cs = buf + SANBLK_AOE_CFG_LEN;
	return SANBLK_AOE_CFG_LEN + c->cslen;
}

int sanblk_aoe_ata_rw(struct sanblk_aoe_ata *a, bool write, bool lba48,
		      u64 lba, unsigned int nsect)
{
	u64 max = lba48 ? SANBLK_ATA_LBA48_MAX : SANBLK_ATA_LBA28_MAX;

	if (!nsect || nsect > 255)
		return -EINVAL;
	if (lba > max || max - lba < nsect - 1)
		return -ERANGE;
	memset(a, 0, sizeof(*a));
	a->scnt = (u8)nsect;
	if (lba48) {
		a->aflags = SANBLK_AOE_AFL_EXT;
		a->cmd = write ? SANBLK_ATA_WRITE_EXT : SANBLK_ATA_READ_EXT;
		a->lba = lba;
	} else {
		/* LBA bits 24-27 share byte 3 with the LBA-mode device bits */
		a->cmd = write ? SANBLK_ATA_WRITE : SANBLK_ATA_READ;
		a->lba = (lba & 0x0fffffffULL) | (0xe0ULL << 24);
	}
	if (write)
		a->aflags |= SANBLK_AOE_AFL_WRITE;
	return 0;
}

void sanblk_aoe_ata_identify(struct sanblk_aoe_ata *a)
{
	memset(a, 0, sizeof(*a));
	a->scnt = 1;
	a->cmd = SANBLK_ATA_IDENTIFY;
}

void sanblk_aoe_ata_flush(struct sanblk_aoe_ata *a, bool ext)
{
	memset(a, 0, sizeof(*a));
	a->aflags = ext ? SANBLK_AOE_AFL_EXT : 0;
	a->cmd = ext ? SANBLK_ATA_FLUSH_EXT : SANBLK_ATA_FLUSH;
}

static u16 id_word(const u8 *buf, unsigned int w)
{
	return sanblk_get_le16(buf + 2 * w);
}

/* ATA strings: byte-swapped words, space padded; trimmed and sanitised. */
static void id_string(const u8 *buf, unsigned int w, unsigned int words,
		      char *out)
{
	unsigned int i, n = 0;

	for (i = 0; i < 2 * words; i++) {
		u8 c = buf[2 * w + (i ^ 1)];

		out[n++] = (c >= ' ' && c <= '~') ? (char)c : ' ';
	}
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

int sanblk_ata_identify_parse(const u8 *buf, size_t len,
			      struct sanblk_ata_id *id)
{
	u64 reach;
	u16 w83, w86;

	memset(id, 0, sizeof(*id));
	if (len < SANBLK_ATA_ID_LEN)
		return -EMSGSIZE;
	if (!(id_word(buf, 49) & (1 << 9)))
		return -ENODEV;		/* no LBA: CHS-only, not supported */
	w83 = id_word(buf, 83);
	w86 = id_word(buf, 86);
	/* word 83 is valid when bit 14 is set and bit 15 clear */
	if ((w83 & 0xc000) != 0x4000)
		w83 = 0;
	id->lba48 = (w83 & (1 << 10)) && (w86 & (1 << 10));
	if (id->lba48)
		id->claimed = (u64)id_word(buf, 100) |
			      (u64)id_word(buf, 101) << 16 |
			      (u64)id_word(buf, 102) << 32 |
			      (u64)id_word(buf, 103) << 48;
	if (!id->claimed) {
		id->lba48 = false;
		id->claimed = (u64)id_word(buf, 60) |
			      (u64)id_word(buf, 61) << 16;
	}
	/* no more sectors than the addressing in use can name */
	reach = id->lba48 ? SANBLK_ATA_LBA48_SECTORS : SANBLK_ATA_LBA28_SECTORS;
	id->clamped = id->claimed > reach;
	id->sectors = id->clamped ? reach : id->claimed;
	id->flush = w83 & (1 << 12);
	id->flush_ext = id->lba48 && (w83 & (1 << 13));
	/* word 85 bit 5: write cache enabled; valid when word 87 says so */
	if ((id_word(buf, 87) & 0xc000) == 0x4000)
		id->write_cache = id_word(buf, 85) & (1 << 5);
	id_string(buf, 10, 10, id->serial);
	id_string(buf, 23, 4, id->firmware);
	id_string(buf, 27, 20, id->model);
	return 0;
}

const char *sanblk_aoe_error_name(u8 error)
{
	switch (error) {
	case SANBLK_AOE_ERR_BADCMD:
		return "unrecognized command code";
	case SANBLK_AOE_ERR_BADARG:
		return "bad argument parameter";
	case SANBLK_AOE_ERR_DEVUNAVAIL:
		return "device unavailable";
	case SANBLK_AOE_ERR_CFG_SET:
		return "config string present";
	case SANBLK_AOE_ERR_BADVER:
		return "unsupported version";
	case SANBLK_AOE_ERR_RESERVED:
		return "target is reserved";
	}
	return "unknown error";
}

static const char * const st_bits[8] = {
	"ERR", "IDX", "CORR", "DRQ", "DSC", "DF", "DRDY", "BSY",
};

static const char * const err_bits[8] = {
	"AMNF", "NM", "ABRT", "MCR", "IDNF", "MC", "UNC", "ICRC",
};

static int bits_format(const char * const names[8], u8 v, char *buf,
		       size_t len)
{
	int pos = 0, i;

	for (i = 7; i >= 0; i--) {
		size_t room = (size_t)pos < len ? len - (size_t)pos : 0;

		if (!(v & (1 << i)))
			continue;
		pos += snprintf(room ? buf + pos : NULL, room, "%s%s",
				pos ? " " : "", names[i]);
	}
	return pos;
}

int sanblk_ata_status_format(u8 status, u8 error, char *buf, size_t len)
{
	char sb[48], eb[48];

	bits_format(st_bits, status, sb, sizeof(sb));
	if (!(status & SANBLK_ATA_ST_ERR))
		return snprintf(buf, len, "status 0x%02x (%s)", status, sb);
	bits_format(err_bits, error, eb, sizeof(eb));
	return snprintf(buf, len, "status 0x%02x (%s) error 0x%02x (%s)",
			status, sb, error, eb);
}

unsigned int sanblk_aoe_frame_sectors(unsigned int mtu, u8 target_scnt)
{
	unsigned int n;

	if (mtu <= SANBLK_AOE_HDR_LEN + SANBLK_AOE_ATA_LEN)
		return 0;
	n = (mtu - SANBLK_AOE_HDR_LEN - SANBLK_AOE_ATA_LEN) / SANBLK_SECTOR;
	if (target_scnt && n > target_scnt)
		n = target_scnt;
	return n > 255 ? 255 : n;
}
