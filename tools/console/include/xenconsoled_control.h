/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What xenconsoled and its clients agree on about the statistics socket:
 * where it is by default, and the largest document it serves.  The
 * document's fields are described in xenconsoled(8).
 */
#ifndef XENCONSOLED_CONTROL_H
#define XENCONSOLED_CONTROL_H

#define XENCONSOLED_CONTROL_SOCKET	"/var/run/xen/xenconsoled.sock"
#define XENCONSOLED_STATS_MAX		(64u << 20)

#endif
