// SPDX-License-Identifier: GPL-2.0-only
/*
 * Boot firmware tables linked into the ACPI RSDT/XSDT: where UEFI firmware
 * (iPXE EFI included) installs them, and where QEMU -acpitable puts them.
 */
#include <linux/acpi.h>
#include <linux/slab.h>

#include "internal.h"

/* No firmware installs more than a few of each; bound the walk anyway. */
#define SANBFT_ACPI_MAX_INSTANCES	8

static const char * const sanbft_acpi_sigs[] = { "iBFT", "IBFT", "BIFT", "aBFT" };

static void sanbft_acpi_one(struct list_head *tables, const char *sig,
			    struct acpi_table_header *hdr)
{
	phys_addr_t addr = 0;
	bool have_addr;

	have_addr = sanbft_virt_to_phys(hdr, &addr);
	/* ACPICA mapped hdr->length bytes; copy exactly those. */
	sanbft_table_found(tables, SANBFT_IN_ACPI, sig, have_addr, addr,
			   kmemdup(hdr, hdr->length, GFP_KERNEL), hdr->length);
}

void sanbft_find_acpi(struct list_head *tables)
{
	struct acpi_table_header *hdr;
	char sig[ACPI_NAMESEG_SIZE + 1];
	unsigned int i, inst;

	if (acpi_disabled)
		return;
	for (i = 0; i < ARRAY_SIZE(sanbft_acpi_sigs); i++) {
		strscpy(sig, sanbft_acpi_sigs[i], sizeof(sig));
		/* ACPICA counts instances from 1. */
		for (inst = 1; inst <= SANBFT_ACPI_MAX_INSTANCES; inst++) {
			if (ACPI_FAILURE(acpi_get_table(sig, inst, &hdr)))
				break;
			sanbft_acpi_one(tables, sanbft_acpi_sigs[i], hdr);
			acpi_put_table(hdr);
		}
	}
}
