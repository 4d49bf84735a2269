// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/bft/ibft_parse.c kmod/bft/table.c kmod/bft/format.c kmod/common/text.c kmod/blk/target_bft.c kmod/blk/target.c kmod/blk/target_opt.c kmod/blk/target_value.c kmod/blk/target_cred.c
/*
 * libFuzzer harness for the iBFT parser: any input must be refused with a
 * message or accepted; once accepted, every accessor, boot entry and text
 * form must work, stay inside their buffers and agree with the counts;
 * an entry sanblk takes as a target must read back from its own
 * canonical target string as the same target.
 */
#include <stdlib.h>

#include "sanblk_pure.h"
#include "bft_parse.h"
#include "target_bft.h"

#define REQUIRE(cond) do { if (!(cond)) abort(); } while (0)

static void use_ip(const struct sanbft_ip *ip)
{
	char text[48];
	int n = sanbft_format_ip(ip, text, sizeof(text));

	REQUIRE(n >= 0 && (size_t)n == strlen(text) && n < 40);
	REQUIRE(ip->family != 0 || n == 0);
}

static void use_str(const char *s, size_t size)
{
	REQUIRE(strnlen(s, size) < size);
}

static void use_target(const struct sanbft_entry *e)
{
	static struct sanblk_target t, back;
	static char text[SANBLK_TARGET_MAX], again[SANBLK_TARGET_MAX];
	char err[SANBLK_ERR_MAX];
	int n;

	if (sanblk_target_from_bft(e, &t, err, sizeof(err))) {
		REQUIRE(err[0] && strlen(err) < sizeof(err));
		return;
	}
	n = sanblk_target_format(&t, true, text, sizeof(text));
	REQUIRE(n > 0 && (size_t)n < sizeof(text));
	REQUIRE(!sanblk_target_parse(text, &back, err, sizeof(err)));
	REQUIRE(sanblk_target_same(&t, &back));
	sanblk_target_format(&back, true, again, sizeof(again));
	REQUIRE(!strcmp(text, again));
}

static void use_entry(const struct sanbft_entry *e)
{
	char text[SANBFT_ROOT_PATH_MAX], small[7];
	int n, m;

	n = sanbft_root_path(e, text, sizeof(text));
	REQUIRE(n == -EINVAL || (n > 0 && (size_t)n == strlen(text)));
	m = sanbft_root_path(e, small, sizeof(small));
	REQUIRE(m == n && strlen(small) < sizeof(small));
	REQUIRE(sanbft_format_lun(e->target.lun, text, sizeof(text)) > 0);
	REQUIRE(sanbft_format_mac(e->nic.mac, text, sizeof(text)) == 17);
	use_ip(&e->target.ip);
	use_str(e->initiator_name, sizeof(e->initiator_name));
	REQUIRE(e->transport == SANBFT_TRANSPORT_ISCSI);
	REQUIRE(!e->valid || e->has_nic);
	use_target(e);
}

static void check_one(const u8 *data, size_t size)
{
	struct sanbft_ibft t;
	struct sanbft_initiator ini;
	struct sanbft_nic nic;
	struct sanbft_target tgt;
	struct sanbft_entry e;
	char err[SANBFT_ERR_MAX];
	unsigned int i;
	u8 *buf;

	/* An exact-size copy, so any read past the end is caught. */
	buf = malloc(size ? size : 1);
	if (!buf)
		return;
	memcpy(buf, data, size);
	if (sanbft_ibft_parse(buf, size, &t, err, sizeof(err))) {
		REQUIRE(err[0] && strlen(err) < sizeof(err));
		free(buf);
		return;
	}
	REQUIRE(!err[0] && t.len <= size && t.buf == buf);
	use_str(t.info.oem_id, sizeof(t.info.oem_id));
	use_str(t.info.oem_table_id, sizeof(t.info.oem_table_id));
	REQUIRE(t.n_initiators <= 1);
	REQUIRE((sanbft_ibft_initiator(&t, &ini) == 0) == (t.n_initiators == 1));
	use_ip(&ini.isns);
	use_ip(&ini.slp);
	use_ip(&ini.radius[0]);
	use_ip(&ini.radius[1]);
	use_str(ini.name, sizeof(ini.name));
	for (i = 0; i < t.n_nics; i++) {
		REQUIRE(sanbft_ibft_nic(&t, i, &nic) == 0);
		use_ip(&nic.ip);
		use_ip(&nic.gateway);
		use_ip(&nic.dns[0]);
		use_ip(&nic.dns[1]);
		use_ip(&nic.dhcp);
		use_str(nic.hostname, sizeof(nic.hostname));
		REQUIRE(nic.prefix <= 128);
	}
	REQUIRE(sanbft_ibft_nic(&t, t.n_nics, &nic) == -ENOENT);
	for (i = 0; i < t.n_targets; i++) {
		REQUIRE(sanbft_ibft_target(&t, i, &tgt) == 0);
		REQUIRE(tgt.chap_type <= SANBFT_CHAP_MUTUAL);
		use_str(tgt.name, sizeof(tgt.name));
		use_str(tgt.chap_name, sizeof(tgt.chap_name));
		use_str(tgt.chap_secret, sizeof(tgt.chap_secret));
		use_str(tgt.rchap_name, sizeof(tgt.rchap_name));
		use_str(tgt.rchap_secret, sizeof(tgt.rchap_secret));
		REQUIRE(sanbft_ibft_entry(&t, i, &e) == 0);
		use_entry(&e);
	}
	REQUIRE(sanbft_ibft_target(&t, t.n_targets, &tgt) == -ENOENT);
	REQUIRE(sanbft_ibft_entry(&t, t.n_targets, &e) == -ENOENT);
	free(buf);
}

#include "bft_fuzz.h"
