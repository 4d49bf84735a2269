// SPDX-License-Identifier: GPL-2.0-only
/*
 * mkbft's aBFT writer: the one aoe line and the fixed-size table iPXE
 * writes for it.
 */
#include <string.h>

#include "mkbft.h"

/* What the aoe line described. */
static struct {
	bool has_aoe;
	unsigned long shelf, slot;
	u8 aoe_mac[6];
} abft;

static void line_aoe(char **w, int n)
{
	bool has_shelf = false, has_slot = false, has_mac = false;
	char key[32];
	const char *v;

	need_mode(MODE_ABFT, w[0]);
	if (abft.has_aoe)
		die("bad word '%s': a second aoe line", w[0]);
	abft.has_aoe = true;
	for (int i = 1; i < n; i++) {
		v = kv(w[i], key, sizeof(key));
		if (v && !strcmp(key, "shelf")) {
			abft.shelf = num(w[i], v, 0xffff);
			has_shelf = true;
		} else if (v && !strcmp(key, "slot")) {
			abft.slot = num(w[i], v, 0xff);
			has_slot = true;
		} else if (v && !strcmp(key, "mac")) {
			parse_mac(w[i], v, abft.aoe_mac);
			has_mac = true;
		} else {
			die("bad word '%s'", w[i]);
		}
	}
	if (!has_shelf || !has_slot || !has_mac)
		die("bad word '%s': expected 'aoe shelf=N slot=N mac=MAC'",
		    w[0]);
}

bool abft_line(char **w, int n)
{
	if (strcmp(w[0], "aoe"))
		return false;
	line_aoe(w, n);
	return true;
}

void abft_build(void)
{
	if (!abft.has_aoe)
		die("an aBFT needs an 'aoe shelf=N slot=N mac=MAC' line");
	grow(SANBFT_ABFT_LEN);
	sanblk_put_le16(tab + 36, abft.shelf);
	tab[38] = abft.slot;
	memcpy(tab + 40, abft.aoe_mac, 6);
	put_acpi_header("aBFT");
}
