// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/aoe/wire.c
/*
 * AoE wire format: byte-exact encoding against hand-written frames,
 * decoding of responses, every length check, ATA command building
 * (LBA48 and LBA28), IDENTIFY parsing and the error texts.
 */
#include "aoe/wire.h"
#include "unit.h"

static void hdr(void)
{
	static const u8 want[10] = { 0x10, 0x00, 0x12, 0x34, 0x05, 0x01,
				     0xde, 0xad, 0xbe, 0xef };
	struct sanblk_aoe_hdr h = { .ver = 1, .major = 0x1234, .minor = 5,
				    .cmd = SANBLK_AOE_CMD_CFG,
				    .tag = 0xdeadbeef };
	struct sanblk_aoe_hdr d;
	u8 buf[16];

	CHECK_INT(sanblk_aoe_put_hdr(buf, sizeof(buf), &h), 10);
	CHECK(!memcmp(buf, want, 10));
	CHECK_INT(sanblk_aoe_put_hdr(buf, 9, &h), -ENOSPC);

	buf[0] = 0x1c;			/* response + error */
	buf[1] = SANBLK_AOE_ERR_DEVUNAVAIL;
	CHECK_INT(sanblk_aoe_get_hdr(buf, 10, &d), 10);
	CHECK_INT(d.ver, 1);
	CHECK_INT(d.flags, SANBLK_AOE_FL_RSP | SANBLK_AOE_FL_ERR);
	CHECK_INT(d.error, 3);
	CHECK_INT(d.major, 0x1234);
	CHECK_INT(d.minor, 5);
	CHECK_INT(d.cmd, 1);
	CHECK_INT(d.tag, 0xdeadbeef);
	CHECK_INT(sanblk_aoe_get_hdr(buf, 9, &d), -EMSGSIZE);
	CHECK_INT(sanblk_aoe_get_hdr(buf, 0, &d), -EMSGSIZE);
	buf[0] = 0x28;
	CHECK_INT(sanblk_aoe_get_hdr(buf, 10, &d), -EPROTONOSUPPORT);
	CHECK_INT(d.ver, 2);
}

static void ata_rw48(void)
{
	static const u8 want[12] = { 0x41, 0, 2, 0x34, 0x06, 0x05, 0x04,
				     0x03, 0x02, 0x01, 0, 0 };
	struct sanblk_aoe_ata a, d;
	u8 buf[12];

	CHECK_INT(sanblk_aoe_ata_rw(&a, true, true, 0x010203040506ULL, 2), 0);
	CHECK_INT(sanblk_aoe_put_ata(buf, sizeof(buf), &a), 12);
	CHECK(!memcmp(buf, want, 12));
	CHECK_INT(sanblk_aoe_put_ata(buf, 11, &a), -ENOSPC);
	CHECK_INT(sanblk_aoe_get_ata(buf, 12, &d), 12);
	CHECK_INT(d.lba, 0x010203040506ULL);
	CHECK_INT(d.scnt, 2);
	CHECK_INT(d.aflags, 0x41);
	CHECK_INT(d.cmd, SANBLK_ATA_WRITE_EXT);
	CHECK_INT(sanblk_aoe_get_ata(buf, 11, &d), -EMSGSIZE);

	CHECK_INT(sanblk_aoe_ata_rw(&a, false, true, 7, 255), 0);
	CHECK_INT(a.aflags, SANBLK_AOE_AFL_EXT);
	CHECK_INT(a.cmd, SANBLK_ATA_READ_EXT);
	CHECK_INT(sanblk_aoe_ata_rw(&a, false, true, 0, 0), -EINVAL);
	CHECK_INT(sanblk_aoe_ata_rw(&a, false, true, 0, 256), -EINVAL);
	CHECK_INT(sanblk_aoe_ata_rw(&a, false, true, SANBLK_ATA_LBA48_MAX, 1), 0);
	CHECK_INT(sanblk_aoe_ata_rw(&a, false, true, SANBLK_ATA_LBA48_MAX, 2),
		  -ERANGE);
	CHECK_INT(sanblk_aoe_ata_rw(&a, false, true, 1ULL << 48, 1), -ERANGE);
}

static void ata_rw28(void)
{
	struct sanblk_aoe_ata a;
	u8 buf[12];

	CHECK_INT(sanblk_aoe_ata_rw(&a, false, false, 0x0abcdef1, 8), 0);
	CHECK_INT(a.aflags, 0);
	CHECK_INT(a.cmd, SANBLK_ATA_READ);
	sanblk_aoe_put_ata(buf, sizeof(buf), &a);
	CHECK_INT(buf[4], 0xf1);
	CHECK_INT(buf[5], 0xde);
	CHECK_INT(buf[6], 0xbc);
	CHECK_INT(buf[7], 0xea);	/* 0xe0 | LBA bits 24-27 */
	CHECK_INT(buf[8], 0);
	CHECK_INT(sanblk_aoe_ata_rw(&a, true, false, 5, 1), 0);
	CHECK_INT(a.aflags, SANBLK_AOE_AFL_WRITE);
	CHECK_INT(a.cmd, SANBLK_ATA_WRITE);
	CHECK_INT(sanblk_aoe_ata_rw(&a, true, false, SANBLK_ATA_LBA28_MAX, 1), 0);
	CHECK_INT(sanblk_aoe_ata_rw(&a, true, false, SANBLK_ATA_LBA28_MAX - 1, 3),
		  -ERANGE);
	CHECK_INT(sanblk_aoe_ata_rw(&a, true, false, 1ULL << 28, 1), -ERANGE);
}

static void ata_misc(void)
{
	struct sanblk_aoe_ata a;

	sanblk_aoe_ata_identify(&a);
	CHECK_INT(a.cmd, 0xec);
	CHECK_INT(a.scnt, 1);
	CHECK_INT(a.aflags, 0);
	sanblk_aoe_ata_flush(&a, true);
	CHECK_INT(a.cmd, 0xea);
	CHECK_INT(a.aflags, SANBLK_AOE_AFL_EXT);
	CHECK_INT(a.scnt, 0);
	sanblk_aoe_ata_flush(&a, false);
	CHECK_INT(a.cmd, 0xe7);
	CHECK_INT(a.aflags, 0);
	CHECK(sanblk_ata_failed(0x51));
	CHECK(sanblk_ata_failed(0x60));
	CHECK(sanblk_ata_failed(0x80));
	CHECK(!sanblk_ata_failed(0x50));
	CHECK(!sanblk_ata_failed(0x40));
}

static void cfg(void)
{
	static const u8 cs[] = "hello";
	static const u8 want[13] = { 0, 16, 0x40, 0x19, 2, 0x12, 0, 5,
				     'h', 'e', 'l', 'l', 'o' };
	struct sanblk_aoe_cfg c = { .bufcnt = 16, .fwver = 0x4019, .scnt = 2,
				    .aoever = 1, .ccmd = SANBLK_AOE_CCMD_PTEST,
				    .cslen = 5, .cs = cs };
	struct sanblk_aoe_cfg d;
	u8 buf[64];

	CHECK_INT(sanblk_aoe_put_cfg(buf, sizeof(buf), &c), 13);
	CHECK(!memcmp(buf, want, 13));
	CHECK_INT(sanblk_aoe_put_cfg(buf, 12, &c), -ENOSPC);
	CHECK_INT(sanblk_aoe_get_cfg(buf, 13, &d), 13);
	CHECK_INT(d.bufcnt, 16);
	CHECK_INT(d.fwver, 0x4019);
	CHECK_INT(d.scnt, 2);
	CHECK_INT(d.aoever, 1);
	CHECK_INT(d.ccmd, 2);
	CHECK_INT(d.cslen, 5);
	CHECK(d.cs == buf + 8);
	/* config string claims more than the frame holds */
	CHECK_INT(sanblk_aoe_get_cfg(buf, 12, &d), -EMSGSIZE);
	CHECK_INT(sanblk_aoe_get_cfg(buf, 7, &d), -EMSGSIZE);
	/* a query: no string */
	c.cs = NULL;
	CHECK_INT(sanblk_aoe_put_cfg(buf, 8, &c), 8);
	CHECK_INT(buf[7], 0);
	CHECK_INT(sanblk_aoe_get_cfg(buf, 8, &d), 8);
	CHECK_INT(d.cslen, 0);
	/* oversized string is refused both ways */
	c.cs = cs;
	c.cslen = SANBLK_AOE_CS_MAX + 1;
	CHECK_INT(sanblk_aoe_put_cfg(buf, sizeof(buf), &c), -ENOSPC);
	buf[6] = 0x04;
	buf[7] = 0x01;
	CHECK_INT(sanblk_aoe_get_cfg(buf, sizeof(buf), &d), -EMSGSIZE);
}

static void put_w(u8 *id, int w, unsigned int v)
{
	id[2 * w] = (u8)v;
	id[2 * w + 1] = (u8)(v >> 8);
}

static void put_s(u8 *id, int w, const char *s, int words)
{
	int i, n = (int)strlen(s);

	for (i = 0; i < 2 * words; i++)
		id[2 * w + (i ^ 1)] = (u8)(i < n ? s[i] : ' ');
}

static void identify(void)
{
	struct sanblk_ata_id id;
	u8 buf[512];

	memset(buf, 0, sizeof(buf));
	CHECK_INT(sanblk_ata_identify_parse(buf, 511, &id), -EMSGSIZE);
	CHECK_INT(sanblk_ata_identify_parse(buf, 512, &id), -ENODEV);

	put_w(buf, 49, 1 << 9);
	put_w(buf, 60, 0x5678);
	put_w(buf, 61, 0x0123);
	put_s(buf, 10, "SER123", 10);
	put_s(buf, 23, "V25", 4);
	put_s(buf, 27, "vblade disk", 20);
	CHECK_INT(sanblk_ata_identify_parse(buf, 512, &id), 0);
	CHECK(!id.lba48 && !id.flush && !id.flush_ext && !id.write_cache);
	CHECK_INT(id.sectors, 0x01235678);
	CHECK_STR(id.serial, "SER123");
	CHECK_STR(id.firmware, "V25");
	CHECK_STR(id.model, "vblade disk");

	/* LBA48 supported (83) and enabled (86), flush + flush ext */
	put_w(buf, 83, 0x4000 | 1 << 13 | 1 << 12 | 1 << 10);
	put_w(buf, 86, 1 << 13 | 1 << 12 | 1 << 10);
	put_w(buf, 100, 0x0000);
	put_w(buf, 101, 0x0010);
	put_w(buf, 102, 0x0001);
	CHECK_INT(sanblk_ata_identify_parse(buf, 512, &id), 0);
	CHECK(id.lba48 && id.flush && id.flush_ext);
	CHECK_INT(id.sectors, 0x100100000ULL);
	CHECK(!id.write_cache);
	put_w(buf, 85, 1 << 5);
	put_w(buf, 87, 0x4000);
	CHECK_INT(sanblk_ata_identify_parse(buf, 512, &id), 0);
	CHECK(id.write_cache);

	/* LBA48 capacity zero: fall back to the LBA28 words */
	put_w(buf, 101, 0);
	put_w(buf, 102, 0);
	CHECK_INT(sanblk_ata_identify_parse(buf, 512, &id), 0);
	CHECK(!id.lba48 && !id.flush_ext && id.flush);
	CHECK_INT(id.sectors, 0x01235678);

	/* word 83 not valid (bit 15 set): nothing of it is believed */
	put_w(buf, 101, 0x10);
	put_w(buf, 83, 0xc000 | 1 << 13 | 1 << 12 | 1 << 10);
	CHECK_INT(sanblk_ata_identify_parse(buf, 512, &id), 0);
	CHECK(!id.lba48 && !id.flush);

	/* control characters in strings become blanks */
	buf[2 * 27 + 1] = 0x07;
	CHECK_INT(sanblk_ata_identify_parse(buf, 512, &id), 0);
	CHECK_STR(id.model, " blade disk");
}

static void put_lba48(u8 *id, u64 n)
{
	int i;

	for (i = 0; i < 4; i++)
		put_w(id, 100 + i, (unsigned int)(n >> (16 * i)) & 0xffff);
}

static void put_lba28(u8 *id, u32 n)
{
	put_w(id, 60, n & 0xffff);
	put_w(id, 61, n >> 16);
}

/*
 * Parse, then check the outcome, that the last sector can be addressed in
 * the mode chosen and, for a disk as large as the mode reaches, that the
 * sector after it cannot.
 */
#define CHECK_CAP(buf, want_lba48, want_claimed, want_sectors) do {	\
	struct sanblk_ata_id _id;					\
	struct sanblk_aoe_ata _ata;					\
									\
	CHECK_INT(sanblk_ata_identify_parse(buf, 512, &_id), 0);	\
	CHECK_INT(_id.lba48, want_lba48);				\
	CHECK_INT(_id.claimed, want_claimed);				\
	CHECK_INT(_id.sectors, want_sectors);				\
	CHECK_INT(_id.clamped, (u64)(want_claimed) != (want_sectors));	\
	CHECK_INT(sanblk_aoe_ata_rw(&_ata, false, _id.lba48,		\
				    _id.sectors - 1, 1), 0);		\
	if (_id.sectors == (_id.lba48 ? SANBLK_ATA_LBA48_SECTORS :	\
			    SANBLK_ATA_LBA28_SECTORS))			\
		CHECK_INT(sanblk_aoe_ata_rw(&_ata, false, _id.lba48,	\
					    _id.sectors, 1), -ERANGE);	\
} while (0)

static void identify_clamp(void)
{
	const u64 r28 = SANBLK_ATA_LBA28_SECTORS, r48 = SANBLK_ATA_LBA48_SECTORS;
	u8 buf[512];

	CHECK_INT(r28, 0x10000000);
	CHECK_INT(r48, 0x1000000000000ULL);

	/* LBA28 only: LBAs 0 to 0x0fffffff */
	memset(buf, 0, sizeof(buf));
	put_w(buf, 49, 1 << 9);
	put_lba28(buf, 0x0fffffff);		/* ATA's own maximum */
	CHECK_CAP(buf, false, 0x0fffffff, 0x0fffffff);
	put_lba28(buf, 0x10000000);		/* exactly the reach */
	CHECK_CAP(buf, false, r28, r28);
	put_lba28(buf, 0x10000001);		/* one over */
	CHECK_CAP(buf, false, 0x10000001, r28);
	put_lba28(buf, 0xffffffff);
	CHECK_CAP(buf, false, 0xffffffff, r28);

	/* words 100-103 are not read unless LBA48 is supported and enabled */
	put_lba28(buf, 0x1000);
	put_lba48(buf, ~0ULL);
	CHECK_CAP(buf, false, 0x1000, 0x1000);
	put_w(buf, 83, 0x4000 | 1 << 10);	/* supported, not enabled */
	CHECK_CAP(buf, false, 0x1000, 0x1000);
	put_w(buf, 83, 0x4000);			/* enabled, not supported */
	put_w(buf, 86, 1 << 10);
	CHECK_CAP(buf, false, 0x1000, 0x1000);
	put_w(buf, 83, 0xc000 | 1 << 10);	/* word 83 not valid */
	CHECK_CAP(buf, false, 0x1000, 0x1000);
	put_lba28(buf, 0x12345678);		/* ... and LBA28 still clamped */
	CHECK_CAP(buf, false, 0x12345678, r28);

	/* LBA48: LBAs 0 to 2^48 - 1 */
	put_w(buf, 83, 0x4000 | 1 << 10);
	put_lba28(buf, 0x0fffffff);
	put_lba48(buf, r48 - 1);		/* ATA's own maximum */
	CHECK_CAP(buf, true, r48 - 1, r48 - 1);
	put_lba48(buf, r48);			/* exactly the reach */
	CHECK_CAP(buf, true, r48, r48);
	put_lba48(buf, r48 + 1);		/* one over */
	CHECK_CAP(buf, true, r48 + 1, r48);
	put_lba48(buf, ~0ULL);			/* absurd: 2^64 - 1 */
	CHECK_CAP(buf, true, ~0ULL, r48);
	put_lba48(buf, 0x8000000000000000ULL);	/* only word 103 set */
	CHECK_CAP(buf, true, 0x8000000000000000ULL, r48);
	put_lba48(buf, r28 + 1);		/* beyond LBA28 is LBA48's job */
	CHECK_CAP(buf, true, r28 + 1, r28 + 1);

	/* LBA48 with a zero count falls back to LBA28, clamped as such */
	put_lba48(buf, 0);
	put_lba28(buf, 0xffffffff);
	CHECK_CAP(buf, false, 0xffffffff, r28);
}

static void texts(void)
{
	char buf[96];

	CHECK_STR(sanblk_aoe_error_name(1), "unrecognized command code");
	CHECK_STR(sanblk_aoe_error_name(2), "bad argument parameter");
	CHECK_STR(sanblk_aoe_error_name(3), "device unavailable");
	CHECK_STR(sanblk_aoe_error_name(4), "config string present");
	CHECK_STR(sanblk_aoe_error_name(5), "unsupported version");
	CHECK_STR(sanblk_aoe_error_name(6), "target is reserved");
	CHECK_STR(sanblk_aoe_error_name(0), "unknown error");
	CHECK_STR(sanblk_aoe_error_name(200), "unknown error");

	sanblk_ata_status_format(0x51, 0x04, buf, sizeof(buf));
	CHECK_STR(buf, "status 0x51 (DRDY DSC ERR) error 0x04 (ABRT)");
	sanblk_ata_status_format(0x60, 0x40, buf, sizeof(buf));
	CHECK_STR(buf, "status 0x60 (DRDY DF)");
	sanblk_ata_status_format(0xff, 0xff, buf, sizeof(buf));
	CHECK_STR(buf, "status 0xff (BSY DRDY DF DSC DRQ CORR IDX ERR) "
		  "error 0xff (ICRC UNC MC IDNF MCR ABRT NM AMNF)");
	CHECK_INT(sanblk_ata_status_format(0x51, 0x40, buf, 10),
		  (int)strlen("status 0x51 (DRDY DSC ERR) error 0x40 (UNC)"));
	CHECK_STR(buf, "status 0x");
}

static void frame_sectors(void)
{
	CHECK_INT(sanblk_aoe_frame_sectors(1500, 0), 2);
	CHECK_INT(sanblk_aoe_frame_sectors(1500, 255), 2);
	CHECK_INT(sanblk_aoe_frame_sectors(1500, 1), 1);
	CHECK_INT(sanblk_aoe_frame_sectors(9000, 0), 17);
	CHECK_INT(sanblk_aoe_frame_sectors(9000, 8), 8);
	CHECK_INT(sanblk_aoe_frame_sectors(65535, 0), 127);
	CHECK_INT(sanblk_aoe_frame_sectors(534, 0), 1);
	CHECK_INT(sanblk_aoe_frame_sectors(533, 0), 0);
	CHECK_INT(sanblk_aoe_frame_sectors(22, 0), 0);
	CHECK_INT(sanblk_aoe_frame_sectors(0, 0), 0);
	CHECK_INT(sanblk_aoe_frame_sectors(1u << 20, 0), 255);
}

int main(void)
{
	RUN("aoe_wire", hdr);
	RUN("aoe_wire", ata_rw48);
	RUN("aoe_wire", ata_rw28);
	RUN("aoe_wire", ata_misc);
	RUN("aoe_wire", cfg);
	RUN("aoe_wire", identify);
	RUN("aoe_wire", identify_clamp);
	RUN("aoe_wire", texts);
	RUN("aoe_wire", frame_sectors);
	UNIT_EXIT();
}
