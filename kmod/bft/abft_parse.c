// SPDX-License-Identifier: GPL-2.0-only
/*
 * AoE Boot Firmware Table parser.  The aBFT is what iPXE's sanboot leaves
 * for an AoE disk: an ACPI header followed by the target's shelf and slot
 * and the MAC of the NIC it booted from.
 *
 * A table longer than 46 bytes is accepted (the extra bytes are ignored,
 * as ACPI readers do).  The broadcast addresses (shelf 65535, slot 255)
 * and an all-zero MAC cannot name a boot disk and are refused.
 */
#include "sanblk_pure.h"
#include "bft_parse.h"

#define ABFT_SIG		0
#define ABFT_LENGTH		4
#define ABFT_REVISION		8
#define ABFT_OEM_ID		10
#define ABFT_OEM_TABLE_ID	16
#define ABFT_SHELF		36
#define ABFT_SLOT		38
#define ABFT_MAC		40

#define ABFT_BROADCAST_SHELF	0xffff
#define ABFT_BROADCAST_SLOT	0xff

static int abft_check(const u8 *p, size_t len, char *err, size_t errlen)
{
	static const u8 zero_mac[6];
	char sig[17];
	u32 tlen, i;
	u8 sum = 0;

	if (len < SANBFT_ABFT_LEN) {
		snprintf(err, errlen, "only %zu bytes, an aBFT needs %u",
			 len, SANBFT_ABFT_LEN);
		return -EINVAL;
	}
	if (memcmp(p + ABFT_SIG, "aBFT", 4)) {
		sanbft_format_signature(p + ABFT_SIG, sig, sizeof(sig));
		snprintf(err, errlen, "signature \"%s\", expected aBFT", sig);
		return -EINVAL;
	}
	tlen = sanblk_get_le32(p + ABFT_LENGTH);
	if (tlen < SANBFT_ABFT_LEN) {
		snprintf(err, errlen, "length 0x%x, shorter than an aBFT (0x%x)",
			 tlen, SANBFT_ABFT_LEN);
		return -EINVAL;
	}
	if (tlen > len) {
		snprintf(err, errlen, "length 0x%x beyond the 0x%zx bytes available",
			 tlen, len);
		return -EINVAL;
	}
	if (p[ABFT_REVISION] != 1) {
		snprintf(err, errlen, "revision %u, expected 1",
			 p[ABFT_REVISION]);
		return -EINVAL;
	}
	for (i = 0; i < tlen; i++)
		sum += p[i];
	if (sum) {
		snprintf(err, errlen, "checksum 0x%02x, expected 0", sum);
		return -EINVAL;
	}
	if (sanblk_get_le16(p + ABFT_SHELF) == ABFT_BROADCAST_SHELF) {
		snprintf(err, errlen, "shelf %u is the AoE broadcast shelf",
			 ABFT_BROADCAST_SHELF);
		return -EINVAL;
	}
	if (p[ABFT_SLOT] == ABFT_BROADCAST_SLOT) {
		snprintf(err, errlen, "slot %u is the AoE broadcast slot",
			 ABFT_BROADCAST_SLOT);
		return -EINVAL;
	}
	if (!memcmp(p + ABFT_MAC, zero_mac, sizeof(zero_mac))) {
		snprintf(err, errlen, "client MAC is all zero");
		return -EINVAL;
	}
	return 0;
}

int sanbft_abft_parse(const void *buf, size_t len, struct sanbft_abft *t,
		      char *err, size_t errlen)
{
	const u8 *p = buf;
	unsigned int i;
	int rc;

	memset(t, 0, sizeof(*t));
	if (errlen)
		err[0] = '\0';
	rc = abft_check(p, len, err, errlen);
	if (rc)
		return rc;
	memcpy(t->info.signature, p + ABFT_SIG, 4);
	t->info.length = sanblk_get_le32(p + ABFT_LENGTH);
	t->info.revision = p[ABFT_REVISION];
	memcpy(t->info.oem_id, p + ABFT_OEM_ID, 6);
	memcpy(t->info.oem_table_id, p + ABFT_OEM_TABLE_ID, 8);
	/* Keep the OEM ids printable: they end up in sysfs and logs. */
	for (i = 0; i < 6 && t->info.oem_id[i]; i++)
		if (t->info.oem_id[i] < 0x20 || t->info.oem_id[i] > 0x7e)
			t->info.oem_id[i] = '?';
	for (i = 0; i < 8 && t->info.oem_table_id[i]; i++)
		if (t->info.oem_table_id[i] < 0x20 ||
		    t->info.oem_table_id[i] > 0x7e)
			t->info.oem_table_id[i] = '?';
	t->shelf = sanblk_get_le16(p + ABFT_SHELF);
	t->slot = p[ABFT_SLOT];
	memcpy(t->mac, p + ABFT_MAC, 6);
	return 0;
}

void sanbft_abft_entry(const struct sanbft_abft *t, struct sanbft_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->transport = SANBFT_TRANSPORT_AOE;
	e->valid = true;
	e->boot_selected = true;
	e->has_nic = true;
	e->nic.flags = SANBFT_FL_VALID | SANBFT_FL_BOOT_SELECTED;
	memcpy(e->nic.mac, t->mac, 6);
	e->shelf = t->shelf;
	e->slot = t->slot;
}
