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
#define ABFT_SHELF		36
#define ABFT_SLOT		38
#define ABFT_MAC		40

#define ABFT_BROADCAST_SHELF	0xffff
#define ABFT_BROADCAST_SLOT	0xff

static int abft_check(const u8 *p, size_t len, char *err, size_t errlen)
{
	static const u8 zero_mac[6];
	char sig[17];
	u32 tlen;
	int rc;

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
	rc = sanbft_table_check(p, tlen, len, err, errlen);
	if (rc)
		return rc;
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
	int rc;

	memset(t, 0, sizeof(*t));
	if (errlen)
		err[0] = '\0';
	rc = abft_check(p, len, err, errlen);
	if (rc)
		return rc;
	sanbft_table_info(p, &t->info);
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
