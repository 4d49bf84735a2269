// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the iBFT and aBFT parsers share: both tables open with the same
 * ACPI-style header (signature, length, revision, checksum, OEM ids at the
 * same offsets), checked and decoded here once.
 */
#include "sanblk_pure.h"
#include "bft_parse.h"

#define HDR_SIG		0
#define HDR_LENGTH	4
#define HDR_REVISION	8
#define HDR_OEM_ID	10
#define HDR_OEM_TABLE_ID 16

int sanbft_table_check(const u8 *p, u32 tlen, size_t len, char *err,
		       size_t errlen)
{
	u8 sum = 0;
	u32 i;

	if (tlen > len) {
		snprintf(err, errlen, "length 0x%x beyond the 0x%zx bytes available",
			 tlen, len);
		return -EINVAL;
	}
	if (p[HDR_REVISION] != 1) {
		snprintf(err, errlen, "revision %u, expected 1", p[HDR_REVISION]);
		return -EINVAL;
	}
	for (i = 0; i < tlen; i++)
		sum += p[i];
	if (sum) {
		snprintf(err, errlen, "checksum 0x%02x, expected 0", sum);
		return -EINVAL;
	}
	return 0;
}

/* Copy an OEM id, keeping it printable: it ends up in sysfs and logs. */
static void sanbft_oem_text(char *dst, const u8 *src, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n && src[i]; i++)
		dst[i] = src[i] < 0x20 || src[i] > 0x7e ? '?' : src[i];
	dst[i] = '\0';
}

void sanbft_table_info(const u8 *p, struct sanbft_table_info *info)
{
	memset(info, 0, sizeof(*info));
	memcpy(info->signature, p + HDR_SIG, 4);
	info->length = sanblk_get_le32(p + HDR_LENGTH);
	info->revision = p[HDR_REVISION];
	sanbft_oem_text(info->oem_id, p + HDR_OEM_ID, 6);
	sanbft_oem_text(info->oem_table_id, p + HDR_OEM_TABLE_ID, 8);
}
