/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every libFuzzer target here shares: the entry point, the input
 * read as a script (past its end every read is zero), and CHECK, which
 * aborts with the failed invariant so that libFuzzer keeps the input.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct script {
	const uint8_t *p, *end;
};

static inline uint8_t next8(struct script *sc)
{
	return sc->p < sc->end ? *sc->p++ : 0;
}

static inline uint32_t next32(struct script *sc)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++)
		v |= (uint32_t)next8(sc) << (8 * i);
	return v;
}

/* Fill n bytes from the script. */
static inline void next_bytes(struct script *sc, void *buf, size_t n)
{
	uint8_t *b = buf;

	for (size_t i = 0; i < n; i++)
		b[i] = next8(sc);
}

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "invariant failed: %s (%s:%d)\n", \
				#cond, __FILE__, __LINE__);		\
			abort();					\
		}							\
	} while (0)

#endif
