// SPDX-License-Identifier: GPL-2.0-only
// SOURCES: kmod/blk/target.c kmod/blk/target_opt.c kmod/blk/target_value.c kmod/blk/target_cred.c kmod/common/text.c
/*
 * The target string grammar: every form, every option, every error message,
 * canonical formatting, and that secrets never reach a message.
 */
#include "target.h"
#include "unit.h"

static struct sanblk_target t;
static char err[SANBLK_ERR_MAX];

static int parse(const char *s)
{
	memset(err, 'X', sizeof(err));
	return sanblk_target_parse(s, &t, err, sizeof(err));
}

static const char *canon(bool options)
{
	static char buf[SANBLK_TARGET_MAX];

	sanblk_target_format(&t, options, buf, sizeof(buf));
	return buf;
}

/* Parse must fail with exactly this message. */
#define BAD(s, msg) do {						\
	CHECK_INT(parse(s), -EINVAL);					\
	CHECK_STR(err, msg);						\
	CHECK_INT(t.transport, SANBLK_TRANSPORT_NONE);			\
} while (0)

static void aoe_basic(void)
{
	CHECK_INT(parse("aoe:e0.1"), 0);
	CHECK_STR(err, "");
	CHECK_INT(t.transport, SANBLK_TRANSPORT_AOE);
	CHECK_INT(t.shelf, 0);
	CHECK_INT(t.slot, 1);
	CHECK(!t.has_timeout && !t.ro && !t.has_nic_mac && !t.nic_name[0]);
	CHECK_STR(canon(true), "aoe:e0.1");

	CHECK_INT(parse("aoe:e65534.254\n"), 0);
	CHECK_INT(t.shelf, 65534);
	CHECK_INT(t.slot, 254);
	CHECK_STR(canon(false), "aoe:e65534.254");

	CHECK_INT(parse("  aoe:e007.08 "), 0);
	CHECK_INT(t.shelf, 7);
	CHECK_INT(t.slot, 8);
}

static void aoe_errors(void)
{
	BAD("aoe:e70000.1", "aoe: shelf '70000' out of range 0-65534");
	BAD("aoe:e65535.1", "aoe: shelf '65535' out of range 0-65534");
	BAD("aoe:e1.255", "aoe: slot '255' out of range 0-254");
	BAD("aoe:e99999999999999999999999.1",
	    "aoe: shelf '99999999999999999999999' out of range 0-65534");
	BAD("aoe:ex.1", "aoe: shelf 'x' is not a number");
	BAD("aoe:e.1", "aoe: shelf '' is not a number");
	BAD("aoe:e1.", "aoe: slot '' is not a number");
	BAD("aoe:e1.-1", "aoe: slot '-1' is not a number");
	BAD("aoe:e1.2.3", "aoe: slot '2.3' is not a number");
	BAD("aoe:0.1", "aoe: expected e<shelf>.<slot>, got '0.1'");
	BAD("aoe:e01", "aoe: expected e<shelf>.<slot>, got 'e01'");
	BAD("aoe:", "aoe: expected e<shelf>.<slot>, got ''");
	BAD("aoe:e0.1,initiator=iqn.x",
	    "aoe: option 'initiator' applies to iscsi only");
	BAD("aoe:e0.1,header_digest=crc32c",
	    "aoe: option 'header_digest' applies to iscsi only");
}

static void transport_errors(void)
{
	BAD("", "empty target; expected aoe:e<shelf>.<slot> or iscsi:<server>:[proto]:[port]:[lun]:<targetname>");
	BAD(" \n", "empty target; expected aoe:e<shelf>.<slot> or iscsi:<server>:[proto]:[port]:[lun]:<targetname>");
	BAD("e0.1", "no transport in 'e0.1'; expected aoe: or iscsi:");
	BAD("nbd:host", "unknown transport 'nbd' (expected aoe or iscsi)");
	BAD("AOE:e0.1", "unknown transport 'AOE' (expected aoe or iscsi)");
}

static void too_long(void)
{
	char s[SANBLK_TARGET_MAX + 2];

	memset(s, 'a', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	BAD(s, "target string longer than 1024 bytes");

	/* exactly the maximum is parsed (and fails on content, not length) */
	s[SANBLK_TARGET_MAX] = '\0';
	memcpy(s, "aoe:e0.1,nic=", 13);
	CHECK_INT(parse(s), -EINVAL);
	CHECK(!strncmp(err, "aoe: nic '", 10));

	/* a long bad value is quoted only in part */
	memcpy(s, "aoe:e", 5);
	memset(s + 5, '9', 200);
	strcpy(s + 205, ".1");
	CHECK_INT(parse(s), -EINVAL);
	CHECK(strlen(err) < 120);
}

static void iscsi_basic(void)
{
	static const u8 lun1[8] = { 0, 1 };

	CHECK_INT(parse("iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1"), 0);
	CHECK_INT(t.transport, SANBLK_TRANSPORT_ISCSI);
	CHECK_INT(t.server.family, 4);
	CHECK(!memcmp(t.server.addr, "\x0a\x63\x00\x01", 4));
	CHECK_INT(t.port, 3260);
	CHECK(!memcmp(t.lun, lun1, 8));
	CHECK_STR(t.name, "iqn.2026-11.test:disk1");
	CHECK_STR(t.user, "");
	CHECK_STR(canon(true), "iscsi:10.99.0.1::3260:1:iqn.2026-11.test:disk1");

	/* defaults: empty proto, port and LUN */
	CHECK_INT(parse("iscsi:192.168.1.2::::iqn.x:a:b:c"), 0);
	CHECK_INT(t.port, 3260);
	CHECK_STR(t.name, "iqn.x:a:b:c");
	CHECK_STR(canon(false), "iscsi:192.168.1.2::3260:0:iqn.x:a:b:c");

	CHECK_INT(parse("iscsi:1.2.3.4:6:860:0:eui.02004567A425678D"), 0);
	CHECK_INT(t.port, 860);
	CHECK_STR(canon(false), "iscsi:1.2.3.4::860:0:eui.02004567A425678D");
}

static void iscsi_ipv6(void)
{
	static const u8 fd99_1[16] = { 0xfd, 0x99, [15] = 1 };
	static const u8 mapped[16] = { [10] = 0xff, [11] = 0xff, 10, 0, 0, 1 };

	CHECK_INT(parse("iscsi:[fd99::1]::3260:1:iqn.2026-11.test:disk1"), 0);
	CHECK_INT(t.server.family, 6);
	CHECK(!memcmp(t.server.addr, fd99_1, 16));
	CHECK_STR(canon(false), "iscsi:[fd99::1]::3260:1:iqn.2026-11.test:disk1");

	CHECK_INT(parse("iscsi:[::ffff:10.0.0.1]:::1:n"), 0);
	CHECK(!memcmp(t.server.addr, mapped, 16));
	CHECK_STR(canon(false), "iscsi:[::ffff:a00:1]::3260:1:n");

	CHECK_INT(parse("iscsi:[1:2:3:4:5:6:7:8]:::0:n"), 0);
	CHECK_STR(canon(false), "iscsi:[1:2:3:4:5:6:7:8]::3260:0:n");
	CHECK_INT(parse("iscsi:[1:0:0:4:0:0:0:8]:::0:n"), 0);
	CHECK_STR(canon(false), "iscsi:[1:0:0:4::8]::3260:0:n");
	CHECK_INT(parse("iscsi:[::]:::0:n"), 0);
	CHECK_STR(canon(false), "iscsi:[::]::3260:0:n");
	CHECK_INT(parse("iscsi:[1::]:::0:n"), 0);
	CHECK_STR(canon(false), "iscsi:[1::]::3260:0:n");
	CHECK_INT(parse("iscsi:[1:0:2:3:4:5:6:7]:::0:n"), 0);
	CHECK_STR(canon(false), "iscsi:[1:0:2:3:4:5:6:7]::3260:0:n");

	BAD("iscsi:[fd99::1::2]:::0:n",
	    "iscsi: server 'fd99::1::2' is not an IPv6 address");
	BAD("iscsi:[1:2:3:4:5:6:7:8:9]:::0:n",
	    "iscsi: server '1:2:3:4:5:6:7:8:9' is not an IPv6 address");
	BAD("iscsi:[1:2:3:4:5:6:7::8]:::0:n",
	    "iscsi: server '1:2:3:4:5:6:7::8' is not an IPv6 address");
	BAD("iscsi:[:1]:::0:n", "iscsi: server ':1' is not an IPv6 address");
	BAD("iscsi:[1:]:::0:n", "iscsi: server '1:' is not an IPv6 address");
	BAD("iscsi:[12345::]:::0:n", "iscsi: server '12345::' is not an IPv6 address");
	BAD("iscsi:[]:::0:n", "iscsi: server '' is not an IPv6 address");
	BAD("iscsi:[::1.2.3]:::0:n", "iscsi: server '::1.2.3' is not an IPv6 address");
	BAD("iscsi:[fd99::1:::0:n", "iscsi: server '[fd99::1:::0:n' lacks the closing ']'");
	BAD("iscsi:[fd99::1]x:::0:n", "iscsi: expected ':' after ']' in '[fd99::1]x:::0:n'");
}

static void iscsi_lun(void)
{
	static const u8 l16[8] = { 0, 0x10 };
	static const u8 l4[8] = { 0, 1, 0, 2, 0, 3, 0xab, 0xcd };
	static const u8 flat[8] = { 0x40, 0x05 };

	/* RFC 4173 hex: "10" is LUN 16, as in iPXE */
	CHECK_INT(parse("iscsi:1.2.3.4:::10:n"), 0);
	CHECK(!memcmp(t.lun, l16, 8));
	CHECK_STR(canon(false), "iscsi:1.2.3.4::3260:10:n");
	CHECK_INT(parse("iscsi:1.2.3.4:::1-2-3-ABcd:n"), 0);
	CHECK(!memcmp(t.lun, l4, 8));
	CHECK_STR(canon(false), "iscsi:1.2.3.4::3260:1-2-3-abcd:n");
	CHECK_INT(parse("iscsi:1.2.3.4:::4005:n"), 0);
	CHECK(!memcmp(t.lun, flat, 8));
	CHECK_INT(parse("iscsi:1.2.3.4:::1-0:n"), 0);
	CHECK_STR(canon(false), "iscsi:1.2.3.4::3260:1:n");

	BAD("iscsi:1.2.3.4:::g:n",
	    "iscsi: LUN 'g' is not RFC 4173 hex (e.g. 1, 1f, 0-1)");
	BAD("iscsi:1.2.3.4:::12345:n",
	    "iscsi: LUN '12345' is not RFC 4173 hex (e.g. 1, 1f, 0-1)");
	BAD("iscsi:1.2.3.4:::1-2-3-4-5:n",
	    "iscsi: LUN '1-2-3-4-5' is not RFC 4173 hex (e.g. 1, 1f, 0-1)");
	BAD("iscsi:1.2.3.4:::1--2:n",
	    "iscsi: LUN '1--2' is not RFC 4173 hex (e.g. 1, 1f, 0-1)");
	BAD("iscsi:1.2.3.4:::1-:n",
	    "iscsi: LUN '1-' is not RFC 4173 hex (e.g. 1, 1f, 0-1)");
}

static void iscsi_errors(void)
{
	char name[300];

	BAD("iscsi:", "iscsi: expected <server>:[proto]:[port]:[lun]:<targetname>, got ''");
	BAD("iscsi:1.2.3.4", "iscsi: expected <server>:[proto]:[port]:[lun]:<targetname>, got '1.2.3.4'");
	BAD("iscsi:1.2.3.4::3260:1", "iscsi: expected <server>:[proto]:[port]:[lun]:<targetname>, got '1.2.3.4::3260:1'");
	BAD("iscsi:1.2.3.4::3260", "iscsi: expected <server>:[proto]:[port]:[lun]:<targetname>, got '1.2.3.4::3260'");
	BAD("iscsi:1.2.3.4:", "iscsi: expected <server>:[proto]:[port]:[lun]:<targetname>, got '1.2.3.4:'");
	BAD("iscsi::::1:n", "iscsi: server missing in ':::1:n'");
	BAD("iscsi:target.example:::1:n",
	    "iscsi: server 'target.example' is not an IPv4 or [IPv6] address");
	BAD("iscsi:1.2.3.256:::1:n",
	    "iscsi: server '1.2.3.256' is not an IPv4 or [IPv6] address");
	BAD("iscsi:1.2.3:::1:n",
	    "iscsi: server '1.2.3' is not an IPv4 or [IPv6] address");
	BAD("iscsi:1.2.3.4.5:::1:n",
	    "iscsi: server '1.2.3.4.5' is not an IPv4 or [IPv6] address");
	BAD("iscsi:1..3.4:::1:n",
	    "iscsi: server '1..3.4' is not an IPv4 or [IPv6] address");
	BAD("iscsi:1.2.3.0004:::1:n",
	    "iscsi: server '1.2.3.0004' is not an IPv4 or [IPv6] address");
	BAD("iscsi:1.2.3.4:17::1:n",
	    "iscsi: protocol '17' not supported (only 6, TCP)");
	BAD("iscsi:1.2.3.4::x:1:n", "iscsi: port 'x' is not a number");
	BAD("iscsi:1.2.3.4::-1:1:n", "iscsi: port '-1' is not a number");
	BAD("iscsi:1.2.3.4::65536:1:n", "iscsi: port '65536' out of range 1-65535");
	BAD("iscsi:1.2.3.4::0:1:n", "iscsi: port '0' out of range 1-65535");
	BAD("iscsi:1.2.3.4:::1:", "iscsi: target name missing");
	BAD("iscsi:1.2.3.4:::1:,ro", "iscsi: target name missing");
	BAD("iscsi:1.2.3.4:::1:a b", "iscsi: target name 'a b' has a blank or control character");
	BAD("iscsi:1.2.3.4:::1:a\tb", "iscsi: target name 'a\tb' has a blank or control character");
	strcpy(name, "iscsi:1.2.3.4:::1:");
	memset(name + 18, 'n', 224);
	name[18 + 224] = '\0';
	BAD(name, "iscsi: target name longer than 223 bytes");
	name[18 + 223] = '\0';
	CHECK_INT(parse(name), 0);
	CHECK_INT(strlen(t.name), 223);
}

static void iscsi_creds(void)
{
	CHECK_INT(parse("iscsi:alice:s3cret@10.0.0.1:::1:iqn.x"), 0);
	CHECK_STR(t.user, "alice");
	CHECK_STR(t.pass, "s3cret");
	CHECK_STR(t.ruser, "");
	CHECK_STR(canon(true), "iscsi:10.0.0.1::3260:1:iqn.x");

	CHECK_INT(parse("iscsi:alice:s3cret:bob:t0psecret@[fd99::1]:::1:iqn.x,ro"), 0);
	CHECK_STR(t.user, "alice");
	CHECK_STR(t.pass, "s3cret");
	CHECK_STR(t.ruser, "bob");
	CHECK_STR(t.rpass, "t0psecret");
	CHECK(t.ro);
	CHECK(!strstr(canon(true), "s3cret") && !strstr(canon(true), "alice"));

	/* '@' and ',' inside a secret: credentials end at the last '@' */
	CHECK_INT(parse("iscsi:u:p@ss,w0rd@1.2.3.4:::1:n,nic=eth0"), 0);
	CHECK_STR(t.pass, "p@ss,w0rd");
	CHECK_STR(t.nic_name, "eth0");

	/* errors name what is wrong but never quote a secret */
	BAD("iscsi:onlyuser@1.2.3.4:::1:n",
	    "iscsi: credentials must be user:secret or user:secret:ruser:rsecret");
	BAD("iscsi:u:sekrit:r@1.2.3.4:::1:n",
	    "iscsi: credentials must be user:secret or user:secret:ruser:rsecret");
	BAD("iscsi:u:sekrit:r:rsekrit:x@1.2.3.4:::1:n",
	    "iscsi: credentials must be user:secret or user:secret:ruser:rsecret");
	BAD("iscsi::sekrit@1.2.3.4:::1:n", "iscsi: empty CHAP user name");
	BAD("iscsi:u:@1.2.3.4:::1:n", "iscsi: empty CHAP secret");
	BAD("iscsi:u:sekrit::x@1.2.3.4:::1:n", "iscsi: empty reverse CHAP user name");
	BAD("iscsi:u:sekrit:r:@1.2.3.4:::1:n", "iscsi: empty reverse CHAP secret");
	BAD("iscsi:u:sekrit@1.2.3.4:::1:n,bogus",
	    "iscsi: unknown option 'bogus'");
	CHECK(!strstr(err, "sekrit"));
	BAD("iscsi:u:sekrit@nowhere:::1:n",
	    "iscsi: server 'nowhere' is not an IPv4 or [IPv6] address");
	CHECK_STR(t.pass, "");		/* a rejected parse leaves no secret */
}

static void long_secret(void)
{
	char s[SANBLK_TARGET_MAX];

	strcpy(s, "iscsi:u:");
	memset(s + 8, 'p', 256);
	strcpy(s + 8 + 256, "@1.2.3.4:::1:n");
	BAD(s, "iscsi: CHAP secret longer than 255 bytes");
	strcpy(s + 8 + 255, "@1.2.3.4:::1:n");
	CHECK_INT(parse(s), 0);
	CHECK_INT(strlen(t.pass), 255);
}

static void options(void)
{
	static const u8 mac[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
	static const u8 ip6[16] = { 0xfd, 0x99, [15] = 2 };

	CHECK_INT(parse("aoe:e0.1,nic=eth0,timeout=0,ro"), 0);
	CHECK_STR(t.nic_name, "eth0");
	CHECK(!t.has_nic_mac);
	CHECK(t.has_timeout);
	CHECK_INT(t.timeout, 0);
	CHECK(t.ro);
	CHECK_STR(canon(true), "aoe:e0.1,nic=eth0,timeout=0,ro");
	CHECK_STR(canon(false), "aoe:e0.1");

	CHECK_INT(parse("aoe:e3.4,nic=52:54:00:12:34:56,timeout=30,rw"), 0);
	CHECK(t.has_nic_mac);
	CHECK(!memcmp(t.nic_mac, mac, 6));
	CHECK(!t.ro);
	CHECK_INT(t.timeout, 30);
	CHECK_STR(canon(true), "aoe:e3.4,nic=52:54:00:12:34:56,timeout=30");
	CHECK_INT(parse("aoe:e3.4,nic=52-54-00-12-34-56"), 0);
	CHECK(t.has_nic_mac && !memcmp(t.nic_mac, mac, 6));

	CHECK_INT(parse("iscsi:10.99.0.1:::1:n,ip=10.99.0.2/24,gw=10.99.0.1,"
			"nic=eth0"), 0);
	CHECK_INT(t.ip.family, 4);
	CHECK_INT(t.prefix, 24);
	CHECK_INT(t.gw.family, 4);
	CHECK_INT(t.vlan, 0);
	CHECK_STR(canon(true), "iscsi:10.99.0.1::3260:1:n,nic=eth0,ip=10.99.0.2/24,"
		  "gw=10.99.0.1");
	CHECK_INT(parse("iscsi:10.99.0.1:::1:n,vlan=4094,nic=52:54:00:12:34:56"), 0);
	CHECK_INT(t.vlan, 4094);
	CHECK_STR(canon(true), "iscsi:10.99.0.1::3260:1:n,nic=52:54:00:12:34:56,"
		  "vlan=4094");

	CHECK_INT(parse("iscsi:[fd99::1]:::1:iqn.x,ip=fd99::2/64,gw=fd99::1,nic=eth1,"
			"initiator=iqn.2026-11.test:client,header_digest=crc32c,"
			"data_digest=none,timeout=31536000"), 0);
	CHECK(!memcmp(t.ip.addr, ip6, 16));
	CHECK_INT(t.prefix, 64);
	CHECK_STR(t.initiator, "iqn.2026-11.test:client");
	CHECK_INT(t.header_digest, SANBLK_DIGEST_CRC32C);
	CHECK_INT(t.data_digest, SANBLK_DIGEST_NONE);
	CHECK_STR(canon(true), "iscsi:[fd99::1]::3260:1:iqn.x,nic=eth1,timeout=31536000,"
		  "initiator=iqn.2026-11.test:client,ip=fd99::2/64,gw=fd99::1,"
		  "header_digest=crc32c");
	CHECK_INT(parse("iscsi:1.2.3.4:::1:n,data_digest=crc32c"), 0);
	CHECK_STR(canon(true), "iscsi:1.2.3.4::3260:1:n,data_digest=crc32c");
	CHECK_INT(parse("iscsi:1.2.3.4:::1:n,conns=16,header_digest=crc32c"), 0);
	CHECK_INT(t.conns, 16);
	CHECK_STR(canon(true), "iscsi:1.2.3.4::3260:1:n,header_digest=crc32c,conns=16");
}

static void option_errors(void)
{
	char s[64];

	BAD("aoe:e0.1,", "aoe: empty option (stray ',')");
	BAD("aoe:e0.1,,ro", "aoe: empty option (stray ',')");
	BAD("aoe:e0.1,fast", "aoe: unknown option 'fast'");
	BAD("aoe:e0.1,=1", "aoe: unknown option ''");
	BAD("aoe:e0.1,ro=1", "aoe: option 'ro' takes no value");
	BAD("aoe:e0.1,rw=1", "aoe: option 'rw' takes no value");
	BAD("aoe:e0.1,nic", "aoe: option 'nic' needs a value");
	BAD("aoe:e0.1,ro,rw", "aoe: options 'ro' and 'rw' contradict");
	BAD("aoe:e0.1,ro,ro", "aoe: option 'ro' given twice");
	BAD("aoe:e0.1,nic=eth0,nic=eth1", "aoe: option 'nic' given twice");
	BAD("aoe:e0.1,nic=", "aoe: nic '' is not an interface name or MAC address");
	BAD("aoe:e0.1,nic=a/b", "aoe: nic 'a/b' is not an interface name or MAC address");
	BAD("aoe:e0.1,nic=..", "aoe: nic '..' is not an interface name or MAC address");
	BAD("aoe:e0.1,nic=0123456789abcdef",
	    "aoe: nic '0123456789abcdef' is not an interface name or MAC address");
	BAD("aoe:e0.1,nic=52:54:00:12:34:5g",
	    "aoe: nic '52:54:00:12:34:5g' is not an interface name or MAC address");
	BAD("aoe:e0.1,timeout=x", "aoe: timeout 'x' is not a number of seconds");
	BAD("aoe:e0.1,timeout=", "aoe: timeout '' is not a number of seconds");
	BAD("aoe:e0.1,timeout=31536001",
	    "aoe: timeout '31536001' out of range 0-31536000 (0 = never)");
	BAD("iscsi:1.2.3.4:::1:n,ip=10.0.0.2", "iscsi: ip '10.0.0.2' needs /<prefix>");
	BAD("iscsi:1.2.3.4:::1:n,ip=10.0.0/8", "iscsi: ip '10.0.0/8' is not an address");
	BAD("iscsi:1.2.3.4:::1:n,ip=10.0.0.2/33", "iscsi: ip prefix in '10.0.0.2/33' out of range 0-32");
	BAD("iscsi:1.2.3.4:::1:n,ip=fd99::2/129", "iscsi: ip prefix in 'fd99::2/129' out of range 0-128");
	BAD("iscsi:1.2.3.4:::1:n,ip=10.0.0.2/", "iscsi: ip prefix in '10.0.0.2/' out of range 0-32");
	BAD("iscsi:1.2.3.4:::1:n,gw=10.0.0.1", "iscsi: option 'gw' needs 'ip'");
	BAD("aoe:e0.1,ip=10.0.0.2/8", "aoe: option 'ip' applies to iscsi only");
	BAD("aoe:e0.1,conns=2", "aoe: option 'conns' applies to iscsi only");
	BAD("iscsi:1.2.3.4:::1:n,conns=0",
	    "iscsi: conns '0' is not a number of connections 1-16");
	BAD("iscsi:1.2.3.4:::1:n,conns=17",
	    "iscsi: conns '17' is not a number of connections 1-16");
	BAD("iscsi:1.2.3.4:::1:n,conns=x",
	    "iscsi: conns 'x' is not a number of connections 1-16");
	BAD("aoe:e0.1,gw=10.0.0.1", "aoe: option 'gw' applies to iscsi only");
	BAD("iscsi:1.2.3.4:::1:n,ip=10.0.0.2/8,gw=x", "iscsi: gw 'x' is not an address");
	BAD("iscsi:1.2.3.4:::1:n,ip=10.0.0.2/8",
	    "iscsi: option 'ip' needs 'nic' (the NIC to give it to)");
	BAD("iscsi:1.2.3.4:::1:n,vlan=5", "iscsi: option 'vlan' needs 'nic' (the NIC it is on)");
	BAD("iscsi:1.2.3.4:::1:n,nic=eth0,vlan=0", "iscsi: vlan '0' is not a VLAN id 1-4094");
	BAD("iscsi:1.2.3.4:::1:n,nic=eth0,vlan=4095", "iscsi: vlan '4095' is not a VLAN id 1-4094");
	BAD("aoe:e0.1,nic=eth0,vlan=5", "aoe: option 'vlan' applies to iscsi only");
	BAD("iscsi:1.2.3.4:::1:n,nic=eth0,ip=10.0.0.2/8,gw=fd99::1",
	    "iscsi: gw and ip are of different address families");
	BAD("iscsi:1.2.3.4:::1:n,initiator=", "iscsi: initiator '' is not a name of 1-223 printable bytes");
	BAD("iscsi:1.2.3.4:::1:n,header_digest=md5",
	    "iscsi: header_digest 'md5' is not none or crc32c");
	BAD("iscsi:1.2.3.4:::1:n,data_digest=CRC32C",
	    "iscsi: data_digest 'CRC32C' is not none or crc32c");

	/* the error buffer is always terminated, however small */
	memset(s, 'X', sizeof(s));
	CHECK_INT(sanblk_target_parse("aoe:e70000.1", &t, s, 8), -EINVAL);
	CHECK_STR(s, "aoe: sh");
	CHECK_INT(sanblk_target_parse("aoe:e70000.1", &t, NULL, 0), -EINVAL);
}

static void same_and_format(void)
{
	struct sanblk_target a, b;
	char small[8];

	CHECK_INT(sanblk_target_parse("aoe:e1.2,ro", &a, NULL, 0), 0);
	CHECK_INT(sanblk_target_parse("aoe:e1.2,nic=eth1", &b, NULL, 0), 0);
	CHECK(sanblk_target_same(&a, &b));
	CHECK_INT(sanblk_target_parse("aoe:e1.3", &b, NULL, 0), 0);
	CHECK(!sanblk_target_same(&a, &b));
	CHECK_INT(sanblk_target_parse("aoe:e2.2", &b, NULL, 0), 0);
	CHECK(!sanblk_target_same(&a, &b));

	CHECK_INT(sanblk_target_parse("iscsi:u:p@1.2.3.4:::1:n", &a, NULL, 0), 0);
	CHECK_INT(sanblk_target_parse("iscsi:1.2.3.4::3260:1:n,ro", &b, NULL, 0), 0);
	CHECK(sanblk_target_same(&a, &b));
	CHECK_INT(sanblk_target_parse("iscsi:1.2.3.4::3261:1:n", &b, NULL, 0), 0);
	CHECK(!sanblk_target_same(&a, &b));
	CHECK_INT(sanblk_target_parse("iscsi:1.2.3.4:::2:n", &b, NULL, 0), 0);
	CHECK(!sanblk_target_same(&a, &b));
	CHECK_INT(sanblk_target_parse("iscsi:1.2.3.4:::1:m", &b, NULL, 0), 0);
	CHECK(!sanblk_target_same(&a, &b));
	CHECK_INT(sanblk_target_parse("iscsi:[::1]:::1:n", &b, NULL, 0), 0);
	CHECK(!sanblk_target_same(&a, &b));
	CHECK_INT(sanblk_target_parse("aoe:e1.2", &b, NULL, 0), 0);
	CHECK(!sanblk_target_same(&a, &b));

	/* formatting reports the full length and truncates safely */
	CHECK_INT(sanblk_target_format(&a, true, small, sizeof(small)),
		  (int)strlen("iscsi:1.2.3.4::3260:1:n"));
	CHECK_STR(small, "iscsi:1");
	CHECK_INT(sanblk_target_format(&a, true, NULL, 0), 23);
	memset(&a, 0, sizeof(a));
	CHECK_INT(sanblk_target_format(&a, true, small, sizeof(small)), -EINVAL);
}

static void helpers(void)
{
	struct sanblk_addr a = { 0 };
	u8 lun[8] = { 0 }, mac[6];
	char buf[48];

	CHECK_INT(sanblk_format_addr(&a, buf, sizeof(buf)), 4);
	CHECK_STR(buf, "none");
	CHECK_INT(sanblk_format_lun(lun, buf, sizeof(buf)), 1);
	CHECK_STR(buf, "0");
	lun[6] = 0xff;
	sanblk_format_lun(lun, buf, sizeof(buf));
	CHECK_STR(buf, "0-0-0-ff00");
	CHECK_INT(sanblk_parse_mac("00:11:22:33:44:55", 17, mac), 0);
	CHECK_INT(mac[5], 0x55);
	CHECK_INT(sanblk_parse_mac("00:11:22:33:44:5", 16, mac), -EINVAL);
	CHECK_INT(sanblk_parse_mac("00:11:22:33:44.55", 17, mac), -EINVAL);
}

int main(void)
{
	RUN("target", aoe_basic);
	RUN("target", aoe_errors);
	RUN("target", transport_errors);
	RUN("target", too_long);
	RUN("target", iscsi_basic);
	RUN("target", iscsi_ipv6);
	RUN("target", iscsi_lun);
	RUN("target", iscsi_errors);
	RUN("target", iscsi_creds);
	RUN("target", long_secret);
	RUN("target", options);
	RUN("target", option_errors);
	RUN("target", same_and_format);
	RUN("target", helpers);
	UNIT_EXIT();
}
