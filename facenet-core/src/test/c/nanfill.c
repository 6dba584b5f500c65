/*
 * Loaded with LD_PRELOAD by NanFilledMemoryTest: every block PyTorch and oneDNN take with
 * posix_memalign (their CPU allocator) comes back filled with NaN bits (0xFF bytes) instead of
 * whatever the memory last held. A network that reads memory it never wrote then gives NaN every
 * time, not once in a few hundred runs when an earlier NaN happens to be there.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static int (*real_posix_memalign)(void **, size_t, size_t);
static long filled;

int posix_memalign(void **block, size_t alignment, size_t size) {
  if (!real_posix_memalign) {
    real_posix_memalign = (int (*)(void **, size_t, size_t))dlsym(RTLD_NEXT, "posix_memalign");
  }
  int failed = real_posix_memalign(block, alignment, size);
  if (!failed) {
    memset(*block, 0xFF, size);
    __atomic_add_fetch(&filled, 1, __ATOMIC_RELAXED);
  }
  return failed;
}

/* Proof that the library was loaded and used: the test checks this line. */
__attribute__((destructor)) static void report(void) {
  fprintf(stderr, "nanfill: %ld blocks filled with NaN\n", filled);
}
