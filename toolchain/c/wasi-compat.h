/* Force-included before every QuickJS source: wasi-libc lacks a few things a
 * Linux libc has. QuickJS only uses the rounding modes when printing numbers
 * with CONFIG_PRINTF_RNDN unset paths; fesetround() just fails on wasm. */
#ifndef NEAR_WASI_COMPAT_H
#define NEAR_WASI_COMPAT_H
#include <fenv.h>
#include <stddef.h>
#ifndef FE_UPWARD
#define FE_UPWARD 0x800
#endif
#ifndef FE_DOWNWARD
#define FE_DOWNWARD 0x400
#endif
/* QuickJS stores it as size_t (*)(const void *); wasi-libc defines it, without a header. */
size_t malloc_usable_size(const void *ptr);
#endif
