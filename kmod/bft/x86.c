// SPDX-License-Identifier: GPL-2.0-only
/*
 * Legacy BIOS: tables left in low memory, outside ACPI.
 *
 * iBFT 1.03 puts the table on a 16-byte boundary in 0x80000-0xFFFFF, never
 * in the VGA hole 0xA0000-0xBFFFF; the kernel's early scan records what it
 * found in ibft_phys_addr.  Nothing looks for the aBFT: iPXE leaves it in
 * its base-memory buffer below 0xA0000, hidden from the e820 map and not
 * in the RSDT, so it is searched for in 0-0xA0000 as WinAoE does.
 *
 * Every access goes through a mapping of exactly the range read, and a
 * candidate is copied out whole (its length field clamped to the end of
 * the window it was found in) before anything else looks at it.
 */
#include <linux/efi.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <asm/pgtable_types.h>

#include "internal.h"

#define SANBFT_IBFT_START	0x80000
#define SANBFT_VGA_START	0xA0000
#define SANBFT_VGA_END		0xC0000
#define SANBFT_LOWMEM_END	0x100000
#define SANBFT_ABFT_MAX		SZ_4K	/* longer is not an aBFT */

struct sanbft_window {
	phys_addr_t start, end;
};

/* The VGA hole is never read. */
static const struct sanbft_window sanbft_windows[] = {
	{ 0, SANBFT_VGA_START },
	{ SANBFT_VGA_END, SANBFT_LOWMEM_END },
};

bool sanbft_virt_to_phys(const void *p, phys_addr_t *addr)
{
	*addr = slow_virt_to_phys((void *)p);
	return true;
}

/* Copy len bytes at phys through a mapping of exactly that range. */
static u8 *sanbft_lowmem_copy(phys_addr_t phys, size_t len)
{
	void __iomem *map;
	u8 *buf;

	buf = kmalloc(len, GFP_KERNEL);
	if (!buf)
		return NULL;
	map = ioremap_cache(phys, len);
	if (!map) {
		kfree(buf);
		return NULL;
	}
	memcpy_fromio(buf, map, len);
	iounmap(map);
	return buf;
}

static u8 sanbft_sum(const u8 *p, size_t len)
{
	u8 sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

/*
 * Copy the candidate at phys, whose length field says len, out of a window
 * ending at end, and queue it.  The copy is at least the ACPI header (so
 * the parser can name a short length) and never goes past end.
 */
static void sanbft_lowmem_add(struct list_head *tables, const char *sig,
			      phys_addr_t phys, u32 len, phys_addr_t end)
{
	size_t n;
	u8 *raw;

	n = max_t(u64, len, SANBFT_ACPI_HDR_LEN);
	n = min_t(u64, n, end - phys);
	raw = sanbft_lowmem_copy(phys, n);
	/* An aBFT is only told from stray bytes by its checksum. */
	if (raw && !strcmp(sig, "aBFT") && sanbft_sum(raw, n)) {
		pr_debug("%s-like bytes at 0x%llx: bad checksum, skipped\n",
			 sig, (unsigned long long)phys);
		kfree(raw);
		return;
	}
	sanbft_table_found(tables, SANBFT_IN_LOWMEM, sig, true, phys, raw, n);
}

static const char *sanbft_lowmem_sig(u32 v, phys_addr_t phys)
{
	static const char * const ibft_sigs[] = { "iBFT", "IBFT", "BIFT" };
	unsigned int i;

	if (phys < SANBFT_VGA_START && v == sanblk_get_le32((const u8 *)"aBFT"))
		return "aBFT";
	if (phys < SANBFT_IBFT_START)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(ibft_sigs); i++)
		if (v == sanblk_get_le32((const u8 *)ibft_sigs[i]))
			return ibft_sigs[i];
	return NULL;
}

/*
 * Is what the length field at phys says plausible for a table found in a
 * window ending at end?  A table must at least hold its ACPI header; an
 * iBFT must end below 1 MiB (the kernel's own rule), an aBFT is small.
 */
static bool sanbft_lowmem_plausible(const char *sig, phys_addr_t phys,
				    u32 len, phys_addr_t end)
{
	if (len < SANBFT_ACPI_HDR_LEN)
		return false;
	if (!strcmp(sig, "aBFT"))
		return len <= SANBFT_ABFT_MAX && phys + len <= end;
	return phys + len <= SANBFT_LOWMEM_END;
}

static void sanbft_scan_window(struct list_head *tables,
			       const struct sanbft_window *w)
{
	size_t size = w->end - w->start, off;
	void __iomem *map;
	const char *sig;
	phys_addr_t phys;
	u32 len;

	map = ioremap_cache(w->start, size);
	if (!map) {
		pr_warn("cannot map low memory 0x%llx-0x%llx, not searched\n",
			(unsigned long long)w->start,
			(unsigned long long)w->end - 1);
		return;
	}
	for (off = 0; off + 8 <= size; off += 16) {
		phys = w->start + off;
		sig = sanbft_lowmem_sig(readl(map + off), phys);
		if (!sig || sanbft_table_known(tables, phys))
			continue;
		len = readl(map + off + 4);
		if (!sanbft_lowmem_plausible(sig, phys, len, w->end)) {
			pr_debug("%s-like bytes at 0x%llx: length %u, skipped\n",
				 sig, (unsigned long long)phys, len);
			continue;
		}
		sanbft_lowmem_add(tables, sig, phys, len, w->end);
	}
	iounmap(map);
}

/* The table the kernel's early scan found, unless already found. */
static void sanbft_find_ibft_phys_addr(struct list_head *tables)
{
	phys_addr_t phys = sanblk_ibft_phys_addr();
	const char *sig;
	u8 *hdr;

	if (!phys || phys >= SANBFT_LOWMEM_END ||
	    sanbft_table_known(tables, phys))
		return;
	hdr = sanbft_lowmem_copy(phys, 8);
	if (!hdr)
		return;
	/* Gone since early boot?  Let the parser name what is there. */
	sig = sanbft_lowmem_sig(sanblk_get_le32(hdr), phys) ?: "iBFT";
	sanbft_lowmem_add(tables, sig, phys, sanblk_get_le32(hdr + 4),
			  SANBFT_LOWMEM_END);
	kfree(hdr);
}

void sanbft_find_lowmem(struct list_head *tables)
{
	unsigned int i;

	/* iBFT 1.03: UEFI machines publish the tables through ACPI only. */
	if (efi_enabled(EFI_BOOT))
		return;
	for (i = 0; i < ARRAY_SIZE(sanbft_windows); i++)
		sanbft_scan_window(tables, &sanbft_windows[i]);
	sanbft_find_ibft_phys_addr(tables);
}
