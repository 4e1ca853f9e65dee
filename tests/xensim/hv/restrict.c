// SPDX-License-Identifier: GPL-2.0-only
/*
 * Restricted connections.  A per-guest device model restricts its privcmd
 * and evtchn files to its guest before it reads guest requests (Xen's
 * docs/designs/qemu-deprivilege.md); Linux then refuses, on that file, what
 * names another domain.  The refusal is made here, on the connection, and
 * not in the libraries, so that a process sending raw protocol messages is
 * held to it as one calling ioctl() on the restricted file is.  The errnos
 * are Linux's:
 *
 *  - drivers/xen/privcmd.c: privcmd_ioctl_dm_op, privcmd_ioctl_mmap_batch
 *    and privcmd_ioctl_mmap_resource fail -EPERM for another domain;
 *    privcmd_ioctl_hypercall fails -EPERM for any hypercall;
 *    privcmd_ioctl_restrict accepts the same domid again, -EINVAL another.
 *  - drivers/xen/evtchn.c (evtchn_ioctl): IOCTL_EVTCHN_BIND_INTERDOMAIN to
 *    another domain, IOCTL_EVTCHN_BIND_VIRQ and
 *    IOCTL_EVTCHN_BIND_UNBOUND_PORT fail -EACCES; ports bound before keep
 *    working; IOCTL_EVTCHN_RESTRICT_DOMID fails -EACCES once restricted
 *    (even to the same domain) and -EINVAL for dom0 or a reserved domid.
 *
 * The hypervisor does not know which library a connection serves: a
 * restricted connection may do, for its domain, what either restricted
 * file may do, and nothing else.
 */
#include <errno.h>
#include <stdint.h>
#include <xen/xen.h>
#include "hv.h"

int hv_restriction_check(const struct hv_client *c,
			 const struct xensim_req *req, enum hv_restricted use)
{
	if (c->restrict_dom == DOMID_INVALID)
		return 0;
	switch (use) {
	case HV_R_OWN:
		return 0;
	case HV_R_DOMAIN:
		return req->dom == c->restrict_dom ? 0 : -EPERM;
	case HV_R_EVTCHN_BIND:
		return req->dom == c->restrict_dom ? 0 : -EACCES;
	case HV_R_EVTCHN_NEW:
		return -EACCES;
	default:	/* HV_R_HYPERCALL */
		return -EPERM;
	}
}

/*
 * a: the domid, cut to a domid_t as both ioctls read one.  privcmd treats
 * DOMID_INVALID as "not restricted", so restricting to it changes nothing
 * there either.
 */
HV_OP(restrict)
{
	uint32_t domid = (domid_t)req->a;

	(void)data;
	(void)r;
	if (req->op == XS_OP_EVTCHN_RESTRICT) {
		if (c->restrict_dom != DOMID_INVALID)
			return -EACCES;
		if (domid == 0 || domid >= DOMID_FIRST_RESERVED)
			return -EINVAL;
	} else if (c->restrict_dom != DOMID_INVALID) {
		return domid == c->restrict_dom ? 0 : -EINVAL;
	}
	c->restrict_dom = domid;
	return 0;
}
