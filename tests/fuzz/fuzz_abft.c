// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/bft/abft_parse.c kmod/bft/table.c kmod/bft/format.c kmod/common/text.c
/*
 * libFuzzer harness for the aBFT parser: any input must be refused with a
 * message or accepted; once accepted, the boot entry and its text forms
 * must work and stay inside their buffers.
 */
#include <stdlib.h>

#include "sanblk_pure.h"
#include "bft_parse.h"

#define REQUIRE(cond) do { if (!(cond)) abort(); } while (0)

static void check_one(const u8 *data, size_t size)
{
	char err[SANBFT_ERR_MAX], text[SANBFT_ROOT_PATH_MAX], small[5];
	struct sanbft_abft t;
	struct sanbft_entry e;
	int n;
	u8 *buf;

	/* An exact-size copy, so any read past the end is caught. */
	buf = malloc(size ? size : 1);
	if (!buf)
		return;
	memcpy(buf, data, size);
	if (sanbft_abft_parse(buf, size, &t, err, sizeof(err))) {
		REQUIRE(err[0] && strlen(err) < sizeof(err));
		free(buf);
		return;
	}
	REQUIRE(!err[0] && t.info.length <= size);
	REQUIRE(strnlen(t.info.oem_id, sizeof(t.info.oem_id)) < sizeof(t.info.oem_id));
	REQUIRE(strnlen(t.info.oem_table_id, sizeof(t.info.oem_table_id)) <
		sizeof(t.info.oem_table_id));
	REQUIRE(t.shelf != 0xffff && t.slot != 0xff);
	sanbft_abft_entry(&t, &e);
	REQUIRE(e.transport == SANBFT_TRANSPORT_AOE && e.valid && e.has_nic);
	n = sanbft_root_path(&e, text, sizeof(text));
	REQUIRE(n > 0 && (size_t)n == strlen(text) && !strncmp(text, "aoe:e", 5));
	REQUIRE(sanbft_root_path(&e, small, sizeof(small)) == n);
	REQUIRE(sanbft_format_mac(e.nic.mac, text, sizeof(text)) == 17);
	free(buf);
}

#include "bft_fuzz.h"
