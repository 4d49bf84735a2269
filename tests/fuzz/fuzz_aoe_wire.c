// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/aoe/wire.c
/*
 * AoE response decoding as the receive path does it: header, then the
 * ATA or config part, then IDENTIFY data.  Nothing may read out of
 * bounds, and whatever decodes re-encodes to the same bytes.  IDENTIFY
 * data, whatever capacity it claims, gives a disk every sector of which
 * the addressing chosen can reach.
 */
#include <assert.h>
#include "aoe/wire.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void identify(const u8 *buf, size_t len)
{
	struct sanblk_ata_id id;
	struct sanblk_aoe_ata a;
	u64 reach;

	if (sanblk_ata_identify_parse(buf, len, &id))
		return;
	assert(strlen(id.model) <= 40 && strlen(id.serial) <= 20 &&
	       strlen(id.firmware) <= 8);
	reach = id.lba48 ? SANBLK_ATA_LBA48_SECTORS : SANBLK_ATA_LBA28_SECTORS;
	assert(id.clamped == (id.claimed > reach));
	assert(id.sectors == (id.clamped ? reach : id.claimed));
	assert(!id.lba48 || id.sectors);
	assert(!id.flush_ext || id.lba48);
	if (id.sectors)
		assert(!sanblk_aoe_ata_rw(&a, false, id.lba48,
					  id.sectors - 1, 1));
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct sanblk_aoe_hdr h;
	struct sanblk_aoe_ata a;
	struct sanblk_aoe_cfg c;
	u8 out[SANBLK_AOE_CFG_LEN + SANBLK_AOE_CS_MAX];
	char text[96];
	int n, m;

	n = sanblk_aoe_get_hdr(data, size, &h);
	if (n < 0)
		return 0;
	assert(sanblk_aoe_put_hdr(out, sizeof(out), &h) == n);
	assert(!memcmp(out, data, (size_t)n));
	data += n;
	size -= (size_t)n;
	sanblk_aoe_error_name(h.error);

	if (h.cmd == SANBLK_AOE_CMD_CFG) {
		m = sanblk_aoe_get_cfg(data, size, &c);
		if (m < 0)
			return 0;
		assert((size_t)m <= size && c.cs + c.cslen <= data + size);
		assert(sanblk_aoe_put_cfg(out, sizeof(out), &c) == m);
		assert(!memcmp(out, data, (size_t)m));
		sanblk_aoe_frame_sectors(1500, c.scnt);
		return 0;
	}
	m = sanblk_aoe_get_ata(data, size, &a);
	if (m < 0)
		return 0;
	assert(sanblk_aoe_put_ata(out, sizeof(out), &a) == m);
	assert(!memcmp(out, data, 10));
	n = sanblk_ata_status_format(a.cmd, a.feature, text, sizeof(text));
	assert(n > 0 && (size_t)n < sizeof(text));
	identify(data + m, size - (size_t)m);
	return 0;
}
