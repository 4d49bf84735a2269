/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Portability for the pure code (table parsers, target-string parser, wire
 * encode/decode): the same .c files are compiled into the modules and into
 * the userspace unit tests and fuzzers.  Pure code includes only this header
 * and uses only what it provides.
 */
#ifndef SANBLK_PURE_H
#define SANBLK_PURE_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#else
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

typedef __UINT8_TYPE__ u8;
typedef __UINT16_TYPE__ u16;
typedef __UINT32_TYPE__ u32;
typedef __UINT64_TYPE__ u64;
typedef __INT8_TYPE__ s8;
typedef __INT16_TYPE__ s16;
typedef __INT32_TYPE__ s32;
typedef __INT64_TYPE__ s64;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
/* The kernel's attribute macros, spelled through one helper. */
#define SANBLK_ATTR(x) __attribute__((x))
#ifndef __printf
#define __printf(a, b) SANBLK_ATTR(format(printf, a, b))
#endif
#endif /* __KERNEL__ */

/* Unaligned little/big-endian loads and stores on byte buffers. */
static inline u16 sanblk_get_le16(const u8 *p)
{
	return (u16)(p[0] | (p[1] << 8));
}

static inline u32 sanblk_get_le32(const u8 *p)
{
	return (u32)p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16) |
	       ((u32)p[3] << 24);
}

static inline u16 sanblk_get_be16(const u8 *p)
{
	return (u16)((p[0] << 8) | p[1]);
}

static inline u32 sanblk_get_be32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) |
	       (u32)p[3];
}

static inline u64 sanblk_get_be64(const u8 *p)
{
	return ((u64)sanblk_get_be32(p) << 32) | sanblk_get_be32(p + 4);
}

static inline void sanblk_put_le16(u8 *p, u16 v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

static inline void sanblk_put_le32(u8 *p, u32 v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = v >> 24;
}

static inline void sanblk_put_be16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void sanblk_put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

static inline void sanblk_put_be64(u8 *p, u64 v)
{
	sanblk_put_be32(p, (u32)(v >> 32));
	sanblk_put_be32(p + 4, (u32)v);
}

/* The value of a hex digit of either case, or -1. */
static inline int sanblk_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif /* SANBLK_PURE_H */
