// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>

#include "tap.h"

static unsigned int tests_run;
static unsigned int tests_failed;

static bool report(bool cond, const char *fmt, va_list ap)
{
	tests_run++;
	if (!cond)
		tests_failed++;
	printf("%sok %u - ", cond ? "" : "not ", tests_run);
	vprintf(fmt, ap);
	putchar('\n');
	return cond;
}

bool ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(cond, fmt, ap);
	va_end(ap);
	return cond;
}

static bool compare(uint64_t got, uint64_t want, bool hex, const char *fmt,
		    va_list ap)
{
	if (report(got == want, fmt, ap))
		return true;
	if (hex)
		printf("#   got 0x%llx, want 0x%llx\n", (unsigned long long)got,
		       (unsigned long long)want);
	else
		printf("#   got %llu, want %llu\n", (unsigned long long)got,
		       (unsigned long long)want);
	return false;
}

bool is_hex(uint64_t got, uint64_t want, const char *fmt, ...)
{
	va_list ap;
	bool passed;

	va_start(ap, fmt);
	passed = compare(got, want, true, fmt, ap);
	va_end(ap);
	return passed;
}

bool is_num(uint64_t got, uint64_t want, const char *fmt, ...)
{
	va_list ap;
	bool passed;

	va_start(ap, fmt);
	passed = compare(got, want, false, fmt, ap);
	va_end(ap);
	return passed;
}

void diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("# ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
}

int tap_done(void)
{
	printf("1..%u\n", tests_run);
	fflush(stdout);
	return tests_failed ? 1 : 0;
}
