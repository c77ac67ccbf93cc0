/* The slice of a QuickJS "libc" that a NEAR contract needs: load the bundled
 * module from bytecode and drain the job queue. Also declares the public
 * helpers near-sdk-js's builder.c expects from NEAR's QuickJS fork; they are
 * implemented in quickjs-api-ext.c on top of stock QuickJS 2021-03-27. */
#ifndef NEAR_QUICKJS_LIBC_MIN_H
#define NEAR_QUICKJS_LIBC_MIN_H
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cutils.h" /* TRUE/FALSE, which builder.c uses */
#include "quickjs.h"
#include "libbf.h"

/* Reads module bytecode, links and evaluates it; returns its namespace object. */
JSValue js_load_module_binary(JSContext *ctx, const uint8_t *buf, size_t buf_len);
/* Runs pending jobs (promise reactions) until none is left; returns the first
 * exception a job threw, or JS_UNDEFINED. */
JSValue js_std_loop(JSContext *ctx);

int JS_ToUint64Ext(JSContext *ctx, uint64_t *pres, JSValueConst val);
int JS_ToBigUint64(JSContext *ctx, uint64_t *pres, JSValueConst val);
JSValue JS_NewBigInt(JSContext *ctx);
bf_t *JS_GetBigInt(JSValueConst val);
/* Strings whose characters are bytes (latin1), as near-sdk-js uses for raw data. */
JSValue JS_NewStringLenRaw(JSContext *ctx, const char *buf, size_t buf_len);
const char *JS_ToCStringLenRaw(JSContext *ctx, size_t *plen, JSValueConst val);
JSValue js_get_module_ns_public(JSContext *ctx, JSModuleDef *m);
#endif
