// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/target_bft.c kmod/blk/target.c kmod/blk/target_opt.c kmod/blk/target_value.c kmod/blk/target_cred.c kmod/bft/ibft_parse.c kmod/bft/abft_parse.c kmod/bft/table.c kmod/bft/format.c kmod/common/text.c
/*
 * Firmware boot entries as targets: tables written by scripts/mkbft,
 * parsed by sanbft's parser, turned into the target sanblk attaches; the
 * canonical target string says what was taken, and a forged entry is
 * refused with its message and no secret in it.
 */
#include "unit.h"
#include "bft_util.h"
#include "bft_parse.h"
#include "target_bft.h"

#define INI	"initiator iqn.2026-11.test:client"
#define NIC0	"nic 0 mac=52:54:00:12:34:56 ip=10.99.0.10/24 gw=10.99.0.1"
#define TGT0	"target 0 nic=0 ip=10.99.0.1 lun=1 name=iqn.2026-11.test:disk1"

static struct sanbft_entry e;
static struct sanblk_target t;
static char err[SANBLK_ERR_MAX];
static char canon[SANBLK_TARGET_MAX];

/* Entry i of an iBFT made of the lines, 0 when it parsed. */
static int ibft_entry(unsigned int i, ...)
{
	struct sanbft_ibft tab;
	char perr[SANBFT_ERR_MAX];
	const char *l[8] = { NULL };
	unsigned int n = 0;
	va_list ap;
	size_t len;
	u8 *buf;
	int ret;

	va_start(ap, i);
	while (n < 7 && (l[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	buf = bft_gen("ibft", &len, l[0], l[1], l[2], l[3], l[4], l[5], l[6],
		      NULL);
	if (!buf)
		return -1;
	ret = sanbft_ibft_parse(buf, len, &tab, perr, sizeof(perr));
	if (!ret)
		ret = sanbft_ibft_entry(&tab, i, &e);
	free(buf);
	return ret;
}

static int convert(void)
{
	int ret = sanblk_target_from_bft(&e, &t, err, sizeof(err));

	sanblk_target_format(&t, true, canon, sizeof(canon));
	return ret;
}

static void test_iscsi(void)
{
	CHECK_INT(ibft_entry(0, INI, NIC0, TGT0, NULL), 0);
	CHECK_INT(convert(), 0);
	CHECK_STR(err, "");
	CHECK_STR(canon, "iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1,"
		  "nic=52:54:00:12:34:56,timeout=0,"
		  "initiator=iqn.2026-11.test:client,ip=10.99.0.10/24,gw=10.99.0.1");
	CHECK_STR(t.user, "");

	/* port as given; no address on the NIC (firmware without DHCP) */
	CHECK_INT(ibft_entry(0, INI, "nic 0 mac=52:54:00:12:34:56 vlan=42",
			     "target 0 nic=0 ip=fd99::1 port=860 lun=0001-0002 name=iqn.x",
			     NULL), 0);
	CHECK_INT(convert(), 0);
	CHECK_STR(canon, "iscsi:[fd99::1]::860:1-2:iqn.x,nic=52:54:00:12:34:56,"
		  "vlan=42,timeout=0,initiator=iqn.2026-11.test:client");

	/* a gateway of the other family is dropped, not used */
	CHECK_INT(ibft_entry(0, "nic 0 mac=52:54:00:12:34:56 ip=10.99.0.10/24 gw=fd99::1",
			     TGT0, NULL), 0);
	CHECK_INT(convert(), 0);
	CHECK_STR(canon, "iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1,"
		  "nic=52:54:00:12:34:56,timeout=0,ip=10.99.0.10/24");
}

static void test_chap(void)
{
	CHECK_INT(ibft_entry(0, INI, NIC0, TGT0 " chap=alice:s3cretsecret", NULL), 0);
	CHECK_INT(convert(), 0);
	CHECK_STR(t.user, "alice");
	CHECK_STR(t.pass, "s3cretsecret");
	CHECK_STR(t.ruser, "");
	CHECK(!strstr(canon, "s3cret"));

	CHECK_INT(ibft_entry(0, INI, NIC0, TGT0 " chap=alice:s3cretsecret"
			     " rchap=bob:t0psecretval", NULL), 0);
	CHECK_INT(convert(), 0);
	CHECK_STR(t.ruser, "bob");
	CHECK_STR(t.rpass, "t0psecretval");
	CHECK(!strstr(canon, "t0psecret"));

	/* CHAP asked for with nothing to answer with */
	CHECK_INT(ibft_entry(0, INI, NIC0, TGT0, "break target-chap-type=0:1",
			     NULL), 0);
	CHECK_INT(convert(), -EINVAL);
	CHECK_STR(err, "iscsi: the firmware's CHAP name or secret is empty or unusable");
	CHECK_INT(ibft_entry(0, INI, NIC0, TGT0 " chap=alice:s3cretsecret",
			     "break target-chap-type=0:2", NULL), 0);
	CHECK_INT(convert(), -EINVAL);
	CHECK_STR(err, "iscsi: the firmware's reverse CHAP name or secret is unusable");
	CHECK(!strstr(err, "s3cret"));
}

static void test_forged(void)
{
	/* an entry whose strings sanbft accepted but sanblk cannot use */
	memset(&e, 0, sizeof(e));
	e.transport = SANBFT_TRANSPORT_ISCSI;
	CHECK_INT(convert(), -EINVAL);
	CHECK_STR(err, "iscsi: the firmware's target has no address");
	e.target.ip.family = 4;
	CHECK_INT(convert(), -EINVAL);
	CHECK_STR(err, "iscsi: the firmware's target name is empty or not printable");
	strcpy(e.target.name, "iqn with blank");
	CHECK_INT(convert(), -EINVAL);
	strcpy(e.target.name, "iqn.x@y");	/* found by fuzz_ibft */
	CHECK_INT(convert(), -EINVAL);
	CHECK_STR(err, "iscsi: the firmware's target name is empty or not printable");
	strcpy(e.target.name, "iqn.x");
	memset(e.initiator_name, 'a', sizeof(e.initiator_name));
	CHECK_INT(convert(), -EINVAL);
	CHECK_STR(err, "iscsi: the firmware's initiator name is not printable");
	e.initiator_name[0] = '\0';
	e.target.chap_type = 7;	/* sanbft refuses it; sanblk too */
	CHECK_INT(convert(), -EINVAL);
	CHECK_STR(err, "iscsi: CHAP type 7 of the firmware's target is unknown");
	e.target.chap_type = 0;
	CHECK_INT(convert(), 0);
	CHECK_STR(canon, "iscsi:0.0.0.0::3260:0:iqn.x,timeout=0");
	e.has_nic = true;
	e.nic.mac[5] = 1;
	e.nic.vlan = 4095;
	CHECK_INT(convert(), -EINVAL);
	CHECK_STR(err, "iscsi: the firmware's NIC has VLAN 4095, beyond 4094");
	e.nic.vlan = 0;
	e.nic.ip.family = 4;
	e.nic.prefix = 33;
	CHECK_INT(convert(), -EINVAL);
	CHECK_STR(err, "iscsi: the firmware's NIC has prefix length 33");
	e.nic.prefix = 8;
	e.nic.ip.family = 9;	/* not an address family: no address */
	CHECK_INT(convert(), 0);
	CHECK_STR(canon, "iscsi:0.0.0.0::3260:0:iqn.x,nic=00:00:00:00:00:01,timeout=0");
	e.transport = SANBFT_TRANSPORT_NONE;
	CHECK_INT(convert(), -EINVAL);
	CHECK_STR(err, "the firmware entry has no transport");
}

static void test_aoe(void)
{
	struct sanbft_abft tab;
	char perr[SANBFT_ERR_MAX];
	size_t len;
	u8 *buf = bft_gen("abft", &len, "aoe shelf=3 slot=4 mac=52:54:00:12:34:56",
			  NULL);

	CHECK(buf);
	if (!buf)
		return;
	CHECK_INT(sanbft_abft_parse(buf, len, &tab, perr, sizeof(perr)), 0);
	free(buf);
	sanbft_abft_entry(&tab, &e);
	CHECK_INT(convert(), 0);
	CHECK_STR(canon, "aoe:e3.4,nic=52:54:00:12:34:56,timeout=0");
	e.slot = 255;
	CHECK_INT(convert(), -EINVAL);
	CHECK_STR(err, "aoe: the firmware's e3.255 is a broadcast address");
}

int main(void)
{
	RUN("target_bft", test_iscsi);
	RUN("target_bft", test_chap);
	RUN("target_bft", test_forged);
	RUN("target_bft", test_aoe);
	bft_cleanup();
	UNIT_EXIT();
}
