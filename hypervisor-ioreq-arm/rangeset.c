// SPDX-License-Identifier: GPL-2.0-only
/*
 * rangeset.c - the parts of Xen's rangeset (xen/common/rangeset.c) that
 * ioreq servers use: inclusive ranges kept sorted and disjoint, adjacent
 * ranges merged on insertion, a limit of IOREQ_ARM_MAX_RANGES entries
 * (rangeset_limit) that makes insertions and hole punching fail -ENOMEM.
 * Callers check overlap and containment first, as Xen's ioreq code does.
 */
#include <errno.h>
#include <string.h>

#include "ioreq_arm_internal.h"

/* Index of the first range whose end is >= @s (r->nr if none). */
static unsigned int first_ending_at_or_after(const struct io_rangeset *r,
					     uint64_t s)
{
	unsigned int i = 0;

	while (i < r->nr && r->r[i].e < s)
		i++;
	return i;
}

bool rangeset_overlaps(const struct io_rangeset *r, uint64_t s, uint64_t e)
{
	unsigned int i = first_ending_at_or_after(r, s);

	return i < r->nr && r->r[i].s <= e;
}

bool rangeset_contains(const struct io_rangeset *r, uint64_t s, uint64_t e)
{
	unsigned int i = first_ending_at_or_after(r, s);

	return i < r->nr && r->r[i].s <= s && r->r[i].e >= e;
}

static void remove_at(struct io_rangeset *r, unsigned int i)
{
	memmove(&r->r[i], &r->r[i + 1], (r->nr - i - 1) * sizeof(r->r[0]));
	r->nr--;
}

static int insert_at(struct io_rangeset *r, unsigned int i, uint64_t s,
		     uint64_t e)
{
	if (r->nr == IOREQ_ARM_MAX_RANGES)
		return -ENOMEM;
	memmove(&r->r[i + 1], &r->r[i], (r->nr - i) * sizeof(r->r[0]));
	r->r[i] = (struct io_range){ .s = s, .e = e };
	r->nr++;
	return 0;
}

/* Adds [s, e], which overlaps nothing; merges with touching neighbours. */
int rangeset_add(struct io_rangeset *r, uint64_t s, uint64_t e)
{
	unsigned int i = first_ending_at_or_after(r, s);
	bool joins_prev = i > 0 && r->r[i - 1].e + 1 == s;
	bool joins_next = i < r->nr && e + 1 == r->r[i].s;

	if (joins_prev && joins_next) {
		r->r[i - 1].e = r->r[i].e;
		remove_at(r, i);
	} else if (joins_prev) {
		r->r[i - 1].e = e;
	} else if (joins_next) {
		r->r[i].s = s;
	} else {
		return insert_at(r, i, s, e);
	}
	return 0;
}

/* Removes [s, e], which lies inside one range. */
int rangeset_remove(struct io_rangeset *r, uint64_t s, uint64_t e)
{
	unsigned int i = first_ending_at_or_after(r, s);
	struct io_range *x = &r->r[i];

	if (x->s < s && x->e > e) {
		uint64_t old_end = x->e;
		int rc = insert_at(r, i + 1, e + 1, old_end);

		if (rc == 0)
			r->r[i].e = s - 1;
		return rc;
	}
	if (x->s == s && x->e == e)
		remove_at(r, i);
	else if (x->s == s)
		x->s = e + 1;
	else
		x->e = s - 1;
	return 0;
}
