/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Caller side of the xensim protocol, shared by the replacement Xen
 * libraries, the guest API and the xensim command.  It exposes one
 * connection type and one request call; it knows the wire format in proto.h
 * and nothing of what the hypervisor does with a request.
 */
#ifndef XENSIM_CLIENT_H
#define XENSIM_CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include "proto.h"

struct xensim_conn {
	int fd;			/* request socket */
	int event_fd;		/* read end of the event pipe, or -1 */
};

/*
 * Connect to the hypervisor of $XENSIM_DIR acting for domain @domid (0 for
 * dom0 tools).  With @want_events, the connection also gets a pipe on which
 * the hypervisor writes the 32-bit port number of each event delivered to
 * ports bound through this connection.  Returns 0 or -errno; prints why on
 * stderr when $XENSIM_DIR is unset or the hypervisor is not running.
 */
int xensim_connect(struct xensim_conn *conn, uint32_t domid,
		   int want_events);

/* Make the hypervisor drop what the connection held (ports, mappings,
 * ioreq servers), then close both descriptors. */
void xensim_disconnect(struct xensim_conn *conn);

/*
 * Send @req (with @len bytes of @data) and wait for the reply.  Up to
 * @out_max reply bytes go to @out, their count to *@out_len when non-NULL.
 * Returns the reply value (>= 0) or -errno (the hypervisor's error, or a
 * transport error).
 */
int64_t xensim_call(struct xensim_conn *conn, struct xensim_req *req,
		    const void *data, size_t len, void *out, size_t out_max,
		    size_t *out_len);

/* Shorthand for a request without payload in either direction. */
int64_t xensim_simple(struct xensim_conn *conn, uint32_t op, uint32_t dom,
		      uint64_t a, uint64_t b, uint64_t c, uint64_t d);

/* One line on stderr naming an unimplemented call; sets errno = ENOSYS. */
void xensim_unsupported(const char *func);

/* Path of the $XENSIM_DIR directory, or NULL with a message on stderr. */
const char *xensim_dir(void);

#endif
