// SPDX-License-Identifier: GPL-2.0-only
/*
 * sanbft.ko's copy of the address and LUN formatters it shares with
 * sanblk.ko.  The source is one file, built into each module under that
 * module's flags, as lib/fdt.c builds libfdt: neither module has to
 * export text helpers to the other.
 */
#include "../common/text.c"
