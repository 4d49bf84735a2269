// SPDX-License-Identifier: GPL-2.0-only
/*
 * sanblk.ko's copy of the address and LUN formatters it shares with
 * sanbft.ko (see ../bft/text.c for why each module builds its own).
 */
#include "../common/text.c"
