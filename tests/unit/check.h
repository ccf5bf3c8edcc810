/*
 * check: the unit tests' harness. Each test_*.c defines TESTs and lists
 * them in main() with RUN(); the binary ends with "N passed, N failed"
 * and exits non-zero when a test failed. A test passes when none of its
 * CHECKs failed; a failed CHECK lets the test go on, a failed REQUIRE
 * stops it.
 */
#ifndef BRIEF_CHECK_H
#define BRIEF_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int check_passed, check_failed, check_skipped;
static bool check_ok;

#define TEST(name) static void name(void)

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);          \
			check_ok = false;                                                          \
		}                                                                                  \
	} while (0)

/* A CHECK that ends the test when it fails: for a condition that the
 * rest of the test needs (a page that must exist before its fields are
 * read). Only in a TEST, which returns void. */
#define REQUIRE(cond)                                                                              \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("  %s:%d: required, test stopped: %s\n", __FILE__, __LINE__,        \
			       #cond);                                                             \
			check_ok = false;                                                          \
			return;                                                                    \
		}                                                                                  \
	} while (0)

#define CHECK_STR(got, want)                                                                       \
	do {                                                                                       \
		const char *g_ = (got), *w_ = (want);                                              \
		if (g_ == NULL || strcmp(g_, w_) != 0) {                                           \
			printf("  %s:%d: %s\n    got:  \"%s\"\n    want: \"%s\"\n", __FILE__,      \
			       __LINE__, #got, g_ ? g_ : "(null)", w_);                            \
			check_ok = false;                                                          \
		}                                                                                  \
	} while (0)

#define CHECK_INT(got, want)                                                                       \
	do {                                                                                       \
		long long g_ = (long long)(got), w_ = (long long)(want);                           \
		if (g_ != w_) {                                                                    \
			printf("  %s:%d: %s is %lld, want %lld\n", __FILE__, __LINE__, #got, g_,   \
			       w_);                                                                \
			check_ok = false;                                                          \
		}                                                                                  \
	} while (0)

/* True when needle is in haystack; says what was missing when not. For
 * CHECK(contains(html, "<h2 id=\"x\">")). */
static inline bool
contains(const char *haystack, const char *needle)
{
	bool found = strstr(haystack, needle) != NULL;
	if (!found)
		printf("  no \"%s\" in:\n%s\n", needle, haystack);
	return found;
}

/* Records the outcome of one named case run outside RUN (spec files). */
static inline void
check_record(const char *name, bool ok)
{
	if (ok)
		check_passed++;
	else
		check_failed++;
	printf("%s - %s\n", ok ? "ok" : "FAIL", name);
}

#define RUN(fn)                                                                                    \
	do {                                                                                       \
		check_ok = true;                                                                   \
		fn();                                                                              \
		check_record(#fn, check_ok);                                                       \
	} while (0)

static inline int
check_summary(void)
{
	if (check_skipped > 0)
		printf("%d passed, %d failed, %d skipped\n", check_passed, check_failed,
		       check_skipped);
	else
		printf("%d passed, %d failed\n", check_passed, check_failed);
	/* LeakSanitizer ends the process without flushing stdio. */
	fflush(stdout);
	return check_failed > 0;
}

#endif
