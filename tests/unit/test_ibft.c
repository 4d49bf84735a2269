// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/bft/ibft_parse.c kmod/bft/table.c kmod/bft/format.c kmod/common/text.c
/*
 * iBFT parser: tables written by scripts/mkbft (valid ones and ones with
 * a defect asked for) and hand-edited buffers; every refusal is checked
 * against its exact message.
 */
#include "unit.h"
#include "bft_util.h"
#include "bft_parse.h"

#define INI	"initiator iqn.2026-11.test:client"
#define NIC0	"nic 0 mac=52:54:00:12:34:56 ip=10.99.0.10/24 gw=10.99.0.1"
#define NIC0_DNS	" dns=10.99.0.2,10.99.0.3 dhcp=10.99.0.4"
#define NIC0_HOST	" host=client origin=dhcp bdf=00:03.0"
#define TGT0	"target 0 nic=0 ip=10.99.0.1 lun=1 name=iqn.2026-11.test:disk1"

static struct sanbft_ibft t;
static struct sanbft_entry e;
static char err[SANBFT_ERR_MAX];

static int parse(const u8 *buf, size_t len)
{
	return sanbft_ibft_parse(buf, len, &t, err, sizeof(err));
}

static const char *root(unsigned int i)
{
	static char path[SANBFT_ROOT_PATH_MAX];

	if (sanbft_ibft_entry(&t, i, &e) ||
	    sanbft_root_path(&e, path, sizeof(path)) < 0)
		return "(none)";
	return path;
}

/* Generate with one extra line and expect exactly this refusal. */
static void expect_defect(const char *line, const char *msg)
{
	size_t len;
	u8 *buf = bft_gen("ibft", &len, INI, NIC0, TGT0, line, NULL);

	CHECK(buf);
	if (!buf)
		return;
	CHECK_INT(parse(buf, len), -EINVAL);
	CHECK_STR(err, msg);
	free(buf);
}

/* The offset of control slot s in a parsed or unparsed table. */
static u16 slot_off(const u8 *buf, unsigned int s)
{
	return sanblk_get_le16(buf + 48 + 8 + 2 * s);
}

static void test_basic(void)
{
	struct sanbft_initiator ini;
	struct sanbft_nic nic;
	struct sanbft_target tgt;
	char text[64];
	size_t len;
	u8 *buf = bft_gen("ibft", &len, INI, NIC0, TGT0, NULL);

	CHECK(buf);
	if (!buf)
		return;
	CHECK_INT(parse(buf, len), 0);
	CHECK_STR(err, "");
	CHECK_STR(t.info.signature, "iBFT");
	CHECK_STR(t.info.oem_id, "FENSYS");
	CHECK_STR(t.info.oem_table_id, "iPXE");
	CHECK_INT(t.info.revision, 1);
	CHECK_INT(t.len, len);
	CHECK_INT(t.control_len, 18);
	CHECK_INT(t.n_initiators, 1);
	CHECK_INT(t.n_nics, 1);
	CHECK_INT(t.n_targets, 1);

	CHECK_INT(sanbft_ibft_initiator(&t, &ini), 0);
	CHECK_STR(ini.name, "iqn.2026-11.test:client");
	CHECK_INT(ini.flags, SANBFT_FL_VALID | SANBFT_FL_BOOT_SELECTED);
	CHECK_INT(ini.isns.family, 0);

	CHECK_INT(sanbft_ibft_nic(&t, 0, &nic), 0);
	CHECK_INT(nic.ip.family, 4);
	sanbft_format_ip(&nic.ip, text, sizeof(text));
	CHECK_STR(text, "10.99.0.10");
	CHECK_INT(nic.prefix, 24);
	sanbft_format_ip(&nic.gateway, text, sizeof(text));
	CHECK_STR(text, "10.99.0.1");
	CHECK_INT(nic.dns[0].family, 0);
	CHECK_INT(nic.vlan, 0);
	sanbft_format_mac(nic.mac, text, sizeof(text));
	CHECK_STR(text, "52:54:00:12:34:56");
	CHECK_STR(nic.hostname, "");
	CHECK_INT(sanbft_ibft_nic(&t, 1, &nic), -ENOENT);

	CHECK_INT(sanbft_ibft_target(&t, 0, &tgt), 0);
	CHECK_INT(tgt.port, 3260);
	CHECK_INT(tgt.chap_type, SANBFT_CHAP_NONE);
	CHECK_STR(tgt.name, "iqn.2026-11.test:disk1");
	CHECK_STR(tgt.chap_name, "");
	CHECK_INT(sanbft_ibft_target(&t, 1, &tgt), -ENOENT);

	CHECK_STR(root(0), "iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1");
	CHECK(e.valid);
	CHECK(e.boot_selected);
	CHECK(e.has_nic);
	CHECK_INT(e.transport, SANBFT_TRANSPORT_ISCSI);
	CHECK_STR(e.initiator_name, "iqn.2026-11.test:client");
	CHECK_INT(sanbft_ibft_entry(&t, 1, &e), -ENOENT);
	free(buf);
}

static void test_two_pairs_ipv6_vlan_chap(void)
{
	struct sanbft_nic nic;
	struct sanbft_target tgt;
	char text[64];
	size_t len;
	u8 *buf = bft_gen("ibft", &len, INI,
			  NIC0 NIC0_DNS NIC0_HOST,
			  "nic 1 mac=52:54:00:ab:cd:ef ip=fd99::10/64 gw=fe80::1 vlan=42 flags=valid,global",
			  TGT0 " chap=alice:secret-one",
			  "target 1 nic=1 ip=fd99::1 port=3261 lun=2 name=iqn.2026-11.test:disk2 chap=bob:s:e:c rchap=tgt:rsecret flags=valid",
			  NULL);

	CHECK(buf);
	if (!buf)
		return;
	CHECK_INT(parse(buf, len), 0);
	CHECK_STR(err, "");
	CHECK_INT(t.n_nics, 2);
	CHECK_INT(t.n_targets, 2);

	CHECK_INT(sanbft_ibft_nic(&t, 0, &nic), 0);
	sanbft_format_ip(&nic.dns[1], text, sizeof(text));
	CHECK_STR(text, "10.99.0.3");
	sanbft_format_ip(&nic.dhcp, text, sizeof(text));
	CHECK_STR(text, "10.99.0.4");
	CHECK_STR(nic.hostname, "client");
	CHECK_INT(nic.origin, 3);
	CHECK_INT(nic.pci_bdf, 0x18);

	CHECK_INT(sanbft_ibft_nic(&t, 1, &nic), 0);
	CHECK_INT(nic.index, 1);
	CHECK_INT(nic.ip.family, 6);
	sanbft_format_ip(&nic.ip, text, sizeof(text));
	CHECK_STR(text, "fd99::10");
	CHECK_INT(nic.prefix, 64);
	sanbft_format_ip(&nic.gateway, text, sizeof(text));
	CHECK_STR(text, "fe80::1");
	CHECK_INT(nic.vlan, 42);
	CHECK_INT(nic.flags, SANBFT_FL_VALID | SANBFT_NIC_FL_GLOBAL);
	sanbft_format_mac(nic.mac, text, sizeof(text));
	CHECK_STR(text, "52:54:00:ab:cd:ef");

	CHECK_INT(sanbft_ibft_target(&t, 0, &tgt), 0);
	CHECK_INT(tgt.chap_type, SANBFT_CHAP_ONEWAY);
	CHECK_STR(tgt.chap_name, "alice");
	CHECK_STR(tgt.chap_secret, "secret-one");
	CHECK_STR(tgt.rchap_name, "");

	CHECK_INT(sanbft_ibft_target(&t, 1, &tgt), 0);
	CHECK_INT(tgt.chap_type, SANBFT_CHAP_MUTUAL);
	CHECK_STR(tgt.chap_name, "bob");
	CHECK_STR(tgt.chap_secret, "s:e:c");
	CHECK_STR(tgt.rchap_name, "tgt");
	CHECK_STR(tgt.rchap_secret, "rsecret");

	CHECK_STR(root(0), "iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1");
	CHECK(e.valid && e.boot_selected && e.has_nic && e.nic.index == 0);
	CHECK_STR(root(1), "iscsi:[fd99::1]::3261:2:iqn.2026-11.test:disk2");
	CHECK(e.valid && !e.boot_selected && e.has_nic && e.nic.index == 1);
	CHECK_INT(e.nic.vlan, 42);
	/* Credentials never appear in the root path. */
	CHECK(!strstr(root(1), "bob") && !strstr(root(1), "rsecret"));
	free(buf);
}

static void test_many_pairs(void)
{
	char want[96];
	size_t len;
	unsigned int i;
	u8 *buf = bft_gen("ibft", &len, INI,
			  "nic 0 mac=52:54:00:00:00:01 ip=10.99.0.10/24",
			  "nic 1 mac=52:54:00:00:00:02 ip=10.99.1.10/24",
			  "nic 2 mac=52:54:00:00:00:03 ip=10.99.2.10/24",
			  "nic 3 mac=52:54:00:00:00:04 ip=fd99:3::10/64",
			  "target 0 nic=0 ip=10.99.0.1 name=iqn.2026-11.test:t0",
			  "target 1 nic=1 ip=10.99.1.1 name=iqn.2026-11.test:t1",
			  "target 2 nic=2 ip=10.99.2.1 name=iqn.2026-11.test:t2",
			  "target 3 nic=3 ip=fd99:3::1 name=iqn.2026-11.test:t3",
			  "target 4 nic=0 ip=10.99.0.2 lun=4 name=iqn.2026-11.test:t4",
			  NULL);

	CHECK(buf);
	if (!buf)
		return;
	CHECK_INT(parse(buf, len), 0);
	CHECK_STR(err, "");
	CHECK_INT(t.control_len, 10 + 4 * 5);
	CHECK_INT(t.n_nics, 4);
	CHECK_INT(t.n_targets, 5);
	for (i = 0; i < 3; i++) {
		snprintf(want, sizeof(want),
			 "iscsi:10.99.%u.1::3260:0:iqn.2026-11.test:t%u", i, i);
		CHECK_STR(root(i), want);
		CHECK(e.has_nic && e.nic.index == i && e.valid);
	}
	CHECK_STR(root(3), "iscsi:[fd99:3::1]::3260:0:iqn.2026-11.test:t3");
	CHECK_STR(root(4), "iscsi:10.99.0.2::3260:4:iqn.2026-11.test:t4");
	CHECK(e.has_nic && e.nic.index == 0);
	CHECK_INT(sanbft_ibft_entry(&t, 5, &e), -ENOENT);
	free(buf);
}

static void test_flags(void)
{
	size_t len;
	u8 *buf = bft_gen("ibft", &len, INI,
			  "nic 0 mac=52:54:00:12:34:56 flags=none",
			  "nic 1 mac=52:54:00:12:34:57",
			  "target 0 nic=0 ip=10.99.0.1 name=iqn.2026-11.test:a",
			  "target 1 nic=1 ip=10.99.0.1 name=iqn.2026-11.test:b flags=none",
			  "target 2 nic=1 ip=10.99.0.1 name=iqn.2026-11.test:c flags=0x2",
			  "target 3 nic=9 ip=10.99.0.1 name=iqn.2026-11.test:d",
			  NULL);

	CHECK(buf);
	if (!buf)
		return;
	CHECK_INT(parse(buf, len), 0);
	CHECK_STR(err, "");
	/* NIC not valid: the entry is not valid either. */
	CHECK_INT(sanbft_ibft_entry(&t, 0, &e), 0);
	CHECK(!e.valid && e.boot_selected && e.has_nic);
	CHECK_INT(sanbft_ibft_entry(&t, 1, &e), 0);
	CHECK(!e.valid && !e.boot_selected && e.has_nic);
	CHECK_INT(e.target.flags, 0);
	CHECK_INT(sanbft_ibft_entry(&t, 2, &e), 0);
	CHECK(!e.valid && e.boot_selected);
	/* A NIC index that does not exist: no NIC, not valid, still listed. */
	CHECK_INT(sanbft_ibft_entry(&t, 3, &e), 0);
	CHECK(!e.valid && !e.has_nic);
	CHECK_STR(root(3), "iscsi:10.99.0.1::3260:0:iqn.2026-11.test:d");
	free(buf);
}

static void test_lun_and_port(void)
{
	static const struct {
		const char *lun, *text;
	} cases[] = {
		{ "lun=0", "0" }, { "lun=1", "1" }, { "lun=0001-0002", "1-2" },
		{ "lun=4000-0-0-1", "4000-0-0-1" }, { "lun=ABCD", "abcd" },
		{ "lun=0-0-7", "0-0-7" },
	};
	char line[128], want[128];
	unsigned int i;
	size_t len;
	u8 *buf;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(line, sizeof(line),
			 "target 0 nic=0 ip=10.99.0.1 name=iqn.x:y %s",
			 cases[i].lun);
		buf = bft_gen("ibft", &len, NIC0, line, NULL);
		CHECK(buf);
		if (!buf)
			continue;
		CHECK_INT(parse(buf, len), 0);
		snprintf(want, sizeof(want), "iscsi:10.99.0.1::3260:%s:iqn.x:y",
			 cases[i].text);
		CHECK_STR(root(0), want);
		free(buf);
	}
	/* Port 0 leaves the field empty; no initiator is fine. */
	buf = bft_gen("ibft", &len, NIC0,
		      "target 0 nic=0 ip=10.99.0.1 port=0 name=iqn.x:y", NULL);
	CHECK(buf);
	if (!buf)
		return;
	CHECK_INT(parse(buf, len), 0);
	CHECK_INT(t.n_initiators, 0);
	CHECK_STR(root(0), "iscsi:10.99.0.1:::0:iqn.x:y");
	CHECK_STR(e.initiator_name, "");
	free(buf);
}

static void test_unused_pairs(void)
{
	size_t len;
	u8 *buf;

	/* nic0 and target0 unlisted (offset 0): pair 1 still works. */
	buf = bft_gen("ibft", &len, INI, NIC0,
		      "nic 1 mac=52:54:00:12:34:57",
		      TGT0, "target 1 nic=1 ip=10.99.0.1 name=iqn.x:one",
		      "break control-offset=1:0", "break control-offset=2:0",
		      NULL);
	CHECK(buf);
	if (!buf)
		return;
	CHECK_INT(parse(buf, len), 0);
	CHECK_INT(t.n_nics, 1);
	CHECK_INT(t.n_targets, 1);
	CHECK_STR(root(0), "iscsi:10.99.0.1::3260:0:iqn.x:one");
	CHECK(e.has_nic && e.nic.index == 1);
	free(buf);

	/* An empty table: control structure listing nothing. */
	buf = bft_gen("ibft", &len, NULL);
	CHECK(buf);
	if (!buf)
		return;
	CHECK_INT(parse(buf, len), 0);
	CHECK_INT(t.n_initiators + t.n_nics + t.n_targets, 0);
	CHECK_INT(sanbft_ibft_entry(&t, 0, &e), -ENOENT);
	free(buf);
}

static void test_header_defects(void)
{
	char msg[SANBFT_ERR_MAX];
	size_t len;
	u8 *buf = bft_gen("ibft", &len, INI, NIC0, TGT0, NULL);

	CHECK(buf);
	if (!buf)
		return;
	expect_defect("break checksum", "checksum 0x01, expected 0");
	expect_defect("break checksum=0x3c", "checksum 0x3c, expected 0");
	expect_defect("break revision=2", "revision 2, expected 1");
	expect_defect("break revision=0", "revision 0, expected 1");
	expect_defect("break signature=XBFT",
		      "signature \"XBFT\", expected iBFT, IBFT or BIFT");
	expect_defect("break signature=aBFT",
		      "signature \"aBFT\", expected iBFT, IBFT or BIFT");
	snprintf(msg, sizeof(msg),
		 "length 0x1000 beyond the 0x%zx bytes available", len);
	expect_defect("break length=0x1000", msg);
	expect_defect("break length=0x20",
		      "length 0x20, shorter than header and control structure (0x42)");
	expect_defect("break control-id=3",
		      "control structure offset 0x30 id 3, expected 1");
	expect_defect("break control-length=10",
		      "control structure length 10, expected 18");
	expect_defect("break control-length=19",
		      "control structure length 19 is odd");
	snprintf(msg, sizeof(msg),
		 "control structure at 0x30+4096 beyond table length 0x%zx",
		 len);
	expect_defect("break control-length=4096", msg);

	/* The other two signatures are accepted. */
	memcpy(buf, "IBFT", 4);
	bft_fix_checksum(buf, len);
	CHECK_INT(parse(buf, len), 0);
	memcpy(buf, "BIFT", 4);
	bft_fix_checksum(buf, len);
	CHECK_INT(parse(buf, len), 0);
	/* Non-printable signatures are escaped. */
	memcpy(buf, "\x01\"\\z", 4);
	CHECK_INT(parse(buf, len), -EINVAL);
	CHECK_STR(err, "signature \"\\x01\\x22\\x5cz\", expected iBFT, IBFT or BIFT");
	free(buf);
}

static void test_structure_defects(void)
{
	char msg[SANBFT_ERR_MAX];
	size_t len;
	u8 *buf = bft_gen("ibft", &len, INI, NIC0, TGT0, NULL);
	u16 ini, nic, tgt;

	CHECK(buf);
	if (!buf)
		return;
	ini = slot_off(buf, 0);
	nic = slot_off(buf, 1);
	tgt = slot_off(buf, 2);
	expect_defect("break nic-length=0:90", "nic0 length 90, expected 102");
	expect_defect("break target-length=0:50",
		      "target0 length 50, expected 54");
	expect_defect("break initiator-length=0",
		      "initiator length 0, expected 74");
	snprintf(msg, sizeof(msg), "target0 at 0x%x overlaps nic0 at 0x%x",
		 tgt, nic);
	expect_defect("break nic-length=0:200", msg);
	snprintf(msg, sizeof(msg), "target0 at 0x%x+4096 beyond table length 0x%zx",
		 tgt, len);
	expect_defect("break target-length=0:4096", msg);
	expect_defect("break control-offset=1:0x10",
		      "structure at 0x10 overlaps header");
	expect_defect("break control-offset=1:0x3f",
		      "structure at 0x3f overlaps control structure");
	snprintf(msg, sizeof(msg), "structure at 0x%zx+6 beyond table length 0x%zx",
		 len - 5, len);
	snprintf(msg + 100, 40, "break control-offset=1:%zu", len - 5);
	expect_defect(msg + 100, msg);
	snprintf(msg, sizeof(msg), "nic1 at 0x%x overlaps nic0 at 0x%x",
		 nic, nic);
	snprintf(msg + 100, 40, "break control-offset=3:%u", nic);
	expect_defect(msg + 100, msg);
	snprintf(msg, sizeof(msg), "initiator at 0x%x overlaps initiator at 0x%x",
		 ini, ini);
	snprintf(msg + 100, 40, "break control-offset=3:%u", ini);
	expect_defect(msg + 100, msg);
	/* A slot pointing into string data: its "id" is a character. */
	snprintf(msg, sizeof(msg), "structure at 0x%zx id %u, expected 2, 3 or 4",
		 len - 8, buf[len - 8]);
	snprintf(msg + 100, 40, "break control-offset=2:%zu", len - 8);
	expect_defect(msg + 100, msg);
	expect_defect("break target-chap-type=0:3",
		      "target0 CHAP type 3, expected 0, 1 or 2");
	/* A longer structure than the specification's is accepted. */
	{
		size_t l2;
		u8 *b2 = bft_gen("ibft", &l2, INI, NIC0, TGT0,
				 "break target-length=0:56", NULL);

		CHECK(b2 && parse(b2, l2) == 0);
		free(b2);
	}
	free(buf);
}

static void test_index_defects(void)
{
	char msg[SANBFT_ERR_MAX];
	size_t len;
	u8 *buf = bft_gen("ibft", &len, INI, NIC0, "nic 1 mac=52:54:00:12:34:57",
			  TGT0, "target 1 nic=1 ip=10.99.0.1 name=iqn.x:y",
			  "break nic-index=1:0", NULL);

	CHECK(buf);
	if (!buf)
		return;
	CHECK_INT(parse(buf, len), -EINVAL);
	CHECK_STR(err, "nic1 index 0 repeats nic0");
	/* Turn nic1 into a second initiator (its length is long enough). */
	buf[slot_off(buf, 3)] = SANBFT_IBFT_ID_INITIATOR;
	bft_fix_checksum(buf, len);
	CHECK_INT(parse(buf, len), -EINVAL);
	snprintf(msg, sizeof(msg), "second initiator at 0x%x, first at 0x%x",
		 slot_off(buf, 3), slot_off(buf, 0));
	CHECK_STR(err, msg);
	free(buf);
	buf = bft_gen("ibft", &len, INI, NIC0, TGT0,
		      "target 1 nic=0 ip=10.99.0.1 name=iqn.x:y", NULL);
	CHECK(buf);
	if (!buf)
		return;
	buf[slot_off(buf, 4) + 4] = 0;	/* target1's index */
	bft_fix_checksum(buf, len);
	CHECK_INT(parse(buf, len), -EINVAL);
	CHECK_STR(err, "target1 index 0 repeats target0");
	free(buf);
}

static void test_string_defects(void)
{
	char msg[SANBFT_ERR_MAX], name[240];
	size_t len;
	u16 tgt, ini, off;
	u8 *buf;

	buf = bft_gen("ibft", &len, INI, NIC0, TGT0, NULL);
	CHECK(buf);
	if (!buf)
		return;
	tgt = slot_off(buf, 2);
	ini = slot_off(buf, 0);
	snprintf(msg, sizeof(msg),
		 "target0 name offset 0x2f0+22 beyond table length 0x%zx", len);
	expect_defect("break target-name-offset=0:0x2f0", msg);
	expect_defect("break target-name-offset=0:0x20",
		      "target0 name offset 0x20 overlaps header");
	expect_defect("break target-name-offset=0:0",
		      "target0 name length 22 at offset 0");
	off = sanblk_get_le16(buf + ini + 72);
	snprintf(msg, sizeof(msg),
		 "initiator name offset 0x%x+300 beyond table length 0x%zx",
		 off, len);
	expect_defect("break initiator-name-length=300", msg);

	/* The last byte of the table ends a string: one past is refused. */
	off = sanblk_get_le16(buf + tgt + 36);
	CHECK_INT(off + 22 + 1, len);
	sanblk_put_le16(buf + tgt + 34, 23);
	bft_fix_checksum(buf, len);
	CHECK_INT(parse(buf, len), 0);	/* the NUL is inside: dropped */
	CHECK_STR(root(0), "iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1");
	sanblk_put_le16(buf + tgt + 34, 24);
	bft_fix_checksum(buf, len);
	CHECK_INT(parse(buf, len), -EINVAL);
	snprintf(msg, sizeof(msg),
		 "target0 name offset 0x%x+24 beyond table length 0x%zx",
		 off, len);
	CHECK_STR(err, msg);
	sanblk_put_le16(buf + tgt + 34, 22);

	/* Embedded NUL and control characters. */
	buf[off + 3] = 0;
	bft_fix_checksum(buf, len);
	CHECK_INT(parse(buf, len), -EINVAL);
	CHECK_STR(err, "target0 name has a NUL at byte 3 of 22");
	buf[off + 3] = '\n';
	bft_fix_checksum(buf, len);
	CHECK_INT(parse(buf, len), -EINVAL);
	CHECK_STR(err, "target0 name has control character 0x0a at byte 3");
	buf[off + 3] = 0x7f;
	bft_fix_checksum(buf, len);
	CHECK_INT(parse(buf, len), -EINVAL);
	CHECK_STR(err, "target0 name has control character 0x7f at byte 3");
	/* A name of NULs only is the empty string. */
	memset(buf + off, 0, 22);
	bft_fix_checksum(buf, len);
	CHECK_INT(parse(buf, len), 0);
	CHECK_INT(sanbft_ibft_entry(&t, 0, &e), 0);
	CHECK_STR(e.target.name, "");
	CHECK_INT(sanbft_root_path(&e, msg, sizeof(msg)), -EINVAL);
	CHECK_STR(msg, "");
	free(buf);

	/* Too long for sanbft: 224 bytes of name, 256 of secret. */
	memset(name, 'a', sizeof(name));
	memcpy(name, "initiator ", 10);
	name[10 + 224] = '\0';
	buf = bft_gen("ibft", &len, NIC0, TGT0, name, NULL);
	CHECK(buf);
	CHECK_INT(parse(buf, len), -EINVAL);
	CHECK_STR(err, "initiator name length 224, longest accepted 223");
	free(buf);
	name[10 + 223] = '\0';
	buf = bft_gen("ibft", &len, NIC0, TGT0, name, NULL);
	CHECK(buf && parse(buf, len) == 0);
	CHECK_INT(sanbft_ibft_entry(&t, 0, &e), 0);
	CHECK_INT(strlen(e.initiator_name), 223);
	free(buf);
	{
		char line[400];

		snprintf(line, sizeof(line),
			 "target 0 nic=0 ip=10.99.0.1 name=iqn.x:y chap=u:%0256d",
			 0);
		buf = bft_gen("ibft", &len, NIC0, line, NULL);
		CHECK(buf);
		CHECK_INT(parse(buf, len), -EINVAL);
		CHECK_STR(err, "target0 CHAP secret length 256, longest accepted 255");
		CHECK(!strstr(err, "000"));
		free(buf);
	}
}

static void test_field_defects(void)
{
	size_t len;
	u8 *buf = bft_gen("ibft", &len, INI, NIC0, TGT0, NULL);
	u16 nic;

	CHECK(buf);
	if (!buf)
		return;
	nic = slot_off(buf, 1);
	buf[nic + 1] = 0;
	bft_fix_checksum(buf, len);
	CHECK_INT(parse(buf, len), -EINVAL);
	CHECK_STR(err, "nic0 version 0, expected 1");
	buf[nic + 1] = 1;
	buf[nic + 22] = 33;
	bft_fix_checksum(buf, len);
	CHECK_INT(parse(buf, len), -EINVAL);
	CHECK_STR(err, "nic0 prefix length 33 too long for IPv4");
	memset(buf + nic + 6, 0, 16);
	buf[nic + 6] = 0xfd;
	bft_fix_checksum(buf, len);
	CHECK_INT(parse(buf, len), 0);
	buf[nic + 22] = 129;
	bft_fix_checksum(buf, len);
	CHECK_INT(parse(buf, len), -EINVAL);
	CHECK_STR(err, "nic0 prefix length 129 too long for IPv6");
	buf[nic + 22] = 24;
	buf[48 + 4] = 1;
	bft_fix_checksum(buf, len);
	CHECK_INT(parse(buf, len), -EINVAL);
	CHECK_STR(err, "control structure index 1, expected 0");
	buf[48 + 4] = 0;
	buf[48 + 1] = 0;
	bft_fix_checksum(buf, len);
	CHECK_INT(parse(buf, len), -EINVAL);
	CHECK_STR(err, "control structure version 0, expected 1");
	free(buf);
}

/* Every prefix of a valid table must be refused, never read past. */
static void test_truncated(void)
{
	const char *descs[][6] = {
		{ INI, NIC0, TGT0, NULL },
		{ INI, NIC0, "nic 1 mac=52:54:00:12:34:57 host=h",
		  TGT0 " chap=a:b rchap=c:d",
		  "target 1 nic=1 ip=fd99::1 name=iqn.x:y", NULL },
	};
	unsigned int d, failures = 0;
	size_t len, n;
	u8 *buf, *cut;

	for (d = 0; d < ARRAY_SIZE(descs); d++) {
		buf = bft_gen("ibft", &len, descs[d][0], descs[d][1],
			      descs[d][2], descs[d][3], descs[d][4], NULL);
		CHECK(buf);
		if (!buf)
			continue;
		CHECK_INT(parse(buf, len), 0);
		for (n = 0; n < len; n++) {
			cut = malloc(n ? n : 1);
			memcpy(cut, buf, n);
			err[0] = '\0';
			if (parse(cut, n) != -EINVAL || !err[0])
				failures++;
			free(cut);
		}
		/* And the table length field cut short, checksum fixed. */
		for (n = 0; n < len; n++) {
			cut = malloc(len);
			memcpy(cut, buf, len);
			sanblk_put_le32(cut + 4, n);
			if (n > 9)
				bft_fix_checksum(cut, n);
			if (parse(cut, len) == 0 && n < len - 1)
				failures++;
			free(cut);
		}
		free(buf);
	}
	CHECK_INT(failures, 0);
	/* The exact message for a short buffer. */
	buf = bft_gen("ibft", &len, INI, NIC0, TGT0, "break truncate=20", NULL);
	CHECK(buf && len == 20);
	CHECK_INT(parse(buf, len), -EINVAL);
	CHECK_STR(err, "only 20 bytes, the header needs 48");
	free(buf);
}

static void test_mkbft_cli(void)
{
	char *bad[][7] = {
		{ "mkbft", "ibft", "-o", "/dev/null", "nic 0 ip=1.2.3.4", NULL },
		{ "mkbft", "ibft", "-o", "/dev/null", "nic 0 mac=zz", NULL },
		{ "mkbft", "ibft", "-o", "/dev/null", "target 0 nic=0 ip=1.2.3.999", NULL },
		{ "mkbft", "ibft", "-o", "/dev/null", "target 0 nic=0 lun=12345", NULL },
		{ "mkbft", "ibft", "-o", "/dev/null", "aoe shelf=1 slot=1", NULL },
		{ "mkbft", "ibft", "-o", "/dev/null", "break frobnicate=1", NULL },
		{ "mkbft", "ibft", "-o", "/dev/null", "frobnicate", NULL },
		{ "mkbft", "ibft", "nic 0 mac=52:54:00:12:34:56", NULL },
		{ "mkbft", "xbft", "-o", "/dev/null", NULL },
	};
	static char * const help[] = { "mkbft", "--help", NULL };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (bft_run(bad[i]) != 2) {
			printf("  mkbft accepted: %s\n", bad[i][4] ? bad[i][4] : bad[i][1]);
			CHECK(0);
		}
	CHECK_INT(bft_run(help), 0);
}

int main(void)
{
	RUN("ibft", test_basic);
	RUN("ibft", test_two_pairs_ipv6_vlan_chap);
	RUN("ibft", test_many_pairs);
	RUN("ibft", test_flags);
	RUN("ibft", test_lun_and_port);
	RUN("ibft", test_unused_pairs);
	RUN("ibft", test_header_defects);
	RUN("ibft", test_structure_defects);
	RUN("ibft", test_index_defects);
	RUN("ibft", test_string_defects);
	RUN("ibft", test_field_defects);
	RUN("ibft", test_truncated);
	RUN("ibft", test_mkbft_cli);
	bft_cleanup();
	UNIT_EXIT();
}
