#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""What an iSCSI session put on the wire, seen from the host.

  iscsi-wire.py capture IFACE OUT [MAXBYTES]
      Record the IPv4 TCP frames to or from port 3260 seen on IFACE (an
      AF_PACKET socket: run it inside the test's network namespace) into
      OUT, until MAXBYTES (default 8 MiB) of frames are recorded or it is
      killed.  OUT: per frame a 4-byte big-endian length, then the frame.

  iscsi-wire.py digests CAPTURE
      Rebuild both TCP streams of the first connection in CAPTURE, split
      them into iSCSI PDUs, and check that every PDU after the login phase
      carries a CRC32C header digest, and a data digest when it has data,
      and that each is right.  Prints one line with the counts; exits 0
      when at least one PDU with data was checked each way and none was
      wrong, 1 otherwise.
"""
import socket
import struct
import sys

PORT = 3260
ETH_P_ALL = 0x0003


def capture(iface, out, maxbytes):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((iface, 0))
    n = 0
    with open(out, "wb", buffering=0) as f:
        while n < maxbytes:
            frame = s.recv(262144)
            if tcp_of(frame) is None:
                continue
            f.write(struct.pack(">I", len(frame)) + frame)
            n += len(frame) + 4


def tcp_of(frame):
    """(src, dst, seq, flags, payload) of an IPv4 TCP frame on port 3260."""
    if len(frame) < 14 + 20 or frame[12:14] != b"\x08\x00":
        return None
    ip = frame[14:]
    ihl = (ip[0] & 0x0F) * 4
    if ip[9] != 6 or len(ip) < ihl + 20:
        return None
    total = struct.unpack(">H", ip[2:4])[0]
    tcp = ip[ihl:total]
    sport, dport, seq = struct.unpack(">HHI", tcp[:8])
    if PORT not in (sport, dport):
        return None
    doff = (tcp[12] >> 4) * 4
    return ((ip[12:16], sport), (ip[16:20], dport), seq, tcp[13], tcp[doff:])


def frames(path):
    with open(path, "rb") as f:
        data = f.read()
    i = 0
    while i + 4 <= len(data):
        n = struct.unpack(">I", data[i:i + 4])[0]
        if i + 4 + n > len(data):
            break
        yield data[i + 4:i + 4 + n]
        i += 4 + n


def streams(path):
    """Both directions of the first connection: {(src, dst): bytes}."""
    isn, segs, conn = {}, {}, None
    for frame in frames(path):
        t = tcp_of(frame)
        if t is None:
            continue
        src, dst, seq, flags, payload = t
        key = (src, dst)
        if flags & 0x02:			# SYN
            if conn is None and dst[1] == PORT:
                conn = (src, dst)
            if conn and key in (conn, conn[::-1]) and key not in isn:
                isn[key] = seq + 1
            continue
        if conn and key in (conn, conn[::-1]) and payload:
            segs.setdefault(key, {})[seq] = payload
    out = {}
    for key, start in isn.items():
        buf, pos = bytearray(), start
        for seq in sorted(segs.get(key, {}), key=lambda s: (s - start) & 0xFFFFFFFF):
            p = segs[key][seq]
            off = (pos - seq) & 0xFFFFFFFF
            if off >= 0x80000000:
                break				# a gap: the capture missed a segment
            if off < len(p):
                buf += p[off:]
                pos = (pos + len(p) - off) & 0xFFFFFFFF
        out[key] = bytes(buf)
    return conn, out


def crc32c(data, table=[]):
    if not table:
        for i in range(256):
            c = i
            for _ in range(8):
                c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
            table.append(c)
    c = 0xFFFFFFFF
    for b in data:
        c = table[(c ^ b) & 0xFF] ^ (c >> 8)
    return struct.pack("<I", c ^ 0xFFFFFFFF)


def check(stream):
    """(login PDUs, header digests, data digests, wrong ones) of one way."""
    login = hd = dd = bad = 0
    i, full = 0, False
    while i + 48 <= len(stream):
        bhs = stream[i:i + 48]
        op = bhs[0] & 0x3F
        ahs = bhs[4] * 4
        dsl = int.from_bytes(bhs[5:8], "big")
        pad = (4 - dsl % 4) % 4
        if op in (0x03, 0x23) and not full:
            end = i + 48 + ahs + dsl + pad
            if end > len(stream):
                break
            login += 1
            i = end
            continue
        full = True
        hdr_end = i + 48 + ahs
        end = hdr_end + 4 + dsl + pad + (4 if dsl else 0)
        if end > len(stream):
            break
        if stream[hdr_end:hdr_end + 4] != crc32c(stream[i:hdr_end]):
            bad += 1
        hd += 1
        if dsl:
            d0 = hdr_end + 4
            if stream[d0 + dsl + pad:end] != crc32c(stream[d0:d0 + dsl + pad]):
                bad += 1
            dd += 1
        i = end
    return login, hd, dd, bad


def digests(path):
    conn, st = streams(path)
    if conn is None or len(st) != 2:
        print("no complete iSCSI connection in the capture")
        return 1
    ok, words = True, []
    for name, key in (("initiator", conn), ("target", conn[::-1])):
        login, hd, dd, bad = check(st[key])
        words.append("%s: %d login PDUs, then %d header and %d data digests checked, %d wrong"
                     % (name, login, hd, dd, bad))
        ok = ok and login > 0 and hd > 0 and dd > 0 and not bad
    print("; ".join(words))
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "capture":
        capture(sys.argv[2], sys.argv[3],
                int(sys.argv[4]) if len(sys.argv) > 4 else 8 << 20)
    elif len(sys.argv) == 3 and sys.argv[1] == "digests":
        sys.exit(digests(sys.argv[2]))
    else:
        sys.exit(__doc__)
