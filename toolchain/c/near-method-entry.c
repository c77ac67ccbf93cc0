/* Included at the end of near-sdk-js's builder.c (through the generated
 * methods.h), so it can use builder.c's static context and host bindings.
 * Replaces builder.c's DEFINE_NEAR_METHOD: same exported no-argument functions,
 * plus the global-contract bindings, no automatic GC (it only burns gas in a
 * runtime that lives for one call), and a panic when loading the module or a
 * pending job fails, which builder.c ignored. */
#include "near-global-contracts.c"
#include "near-nep616.c"
#include "near-gas-keys-yield.c"

static void near_panic_with_exception(JSContext *ctx, JSValue error)
{
  size_t msg_len = 0, stack_len = 0;
  JSValue message = JS_GetPropertyStr(ctx, error, "message");
  JSValue stack = JS_GetPropertyStr(ctx, error, "stack");
  const char *msg = JS_IsUndefined(message) ? JS_ToCStringLen(ctx, &msg_len, error)
                                            : JS_ToCStringLen(ctx, &msg_len, message);
  const char *trace = JS_IsUndefined(stack) ? "" : JS_ToCStringLen(ctx, &stack_len, stack);
  char *out;
  if (msg == NULL) { msg = "uncaught exception"; msg_len = 18; }
  if (trace == NULL) { trace = ""; stack_len = 0; }
  /* "<message>\n<stack>", as near-sdk-js's own builder reports it. */
  out = malloc(msg_len + 1 + stack_len);
  memcpy(out, msg, msg_len);
  out[msg_len] = '\n';
  memcpy(out + msg_len + 1, trace, stack_len);
  panic_utf8(msg_len + 1 + stack_len, (uint64_t)(uintptr_t)out);
}

/* builder.c's context minus the eval intrinsic: contracts run precompiled
 * bytecode, and leaving out eval lets the linker drop QuickJS's parser and
 * compiler, a large part of the wasm. `global` is defined so bundled libraries
 * that look for it (lodash) do not fall back to Function('return this'). */
static JSContext *near_new_context(JSRuntime *rt)
{
  JSContext *ctx = JS_NewContextRaw(rt);
  JSValue global;
  if (!ctx)
    return NULL;
  JS_AddIntrinsicBaseObjects(ctx);
  JS_AddIntrinsicDate(ctx);
  JS_AddIntrinsicStringNormalize(ctx);
  JS_AddIntrinsicRegExp(ctx);
  JS_AddIntrinsicJSON(ctx);
  JS_AddIntrinsicProxy(ctx);
  JS_AddIntrinsicMapSet(ctx);
  JS_AddIntrinsicTypedArrays(ctx);
  JS_AddIntrinsicPromise(ctx);
  JS_AddIntrinsicBigInt(ctx);
  global = JS_GetGlobalObject(ctx);
  JS_SetPropertyStr(ctx, global, "global", JS_DupValue(ctx, global));
  JS_FreeValue(ctx, global);
  return ctx;
}

/* The contract's JS world, built once per call (plain build) or once at build
 * time (pre-initialised build: the build runs near_init under a host where
 * every host function traps and ships the resulting memory as the wasm's data). */
static JSContext *near_ctx;
static JSValue near_module_ns;

/* Runtime and context creation, bytecode load and module evaluation: nothing
 * here depends on the call. Returns 1 when the module left pending jobs (the
 * build refuses to snapshot those), else 0. */
static int near_init(void)
{
  JSRuntime *rt = JS_NewRuntime();

  JS_SetGCThreshold(rt, (size_t)-1);
  /* QuickJS's default limit (256 KB below the stack pointer) underflows on a
   * 256 KB wasm stack and makes every call a "stack overflow". Leave 32 KB of
   * the stack for C below the JS limit; the linker puts the stack first, so
   * going past even that traps instead of overwriting data. */
  JS_SetMaxStackSize(rt, NEAR_STACK_SIZE - 32 * 1024);
  near_ctx = near_new_context(rt);
  js_add_near_host_functions(near_ctx);
  near_add_global_contract_functions(near_ctx);
  near_add_nep616_functions(near_ctx);
  near_add_gas_key_yield_functions(near_ctx);

  near_module_ns = js_load_module_binary(near_ctx, code, code_size);
  if (JS_IsException(near_module_ns))
    near_panic_with_exception(near_ctx, JS_GetException(near_ctx));
  return JS_IsJobPending(rt) ? 1 : 0;
}

/* Runs one exported function of the evaluated module, then its pending jobs. */
static void near_call_method(const char *name)
{
  JSContext *ctx = near_ctx;
  JSRuntime *rt = JS_GetRuntime(ctx);
  JSValue fn, result, job_error;

  /* The JS stack limit is measured from this call's frame, not from wherever
   * the runtime was created (at build time, for a pre-initialised contract). */
  JS_UpdateStackTop(rt);
  fn = JS_GetPropertyStr(ctx, near_module_ns, name);
  result = JS_Call(ctx, fn, near_module_ns, 0, NULL);
  if (JS_IsException(result))
    near_panic_with_exception(ctx, JS_GetException(ctx));
  job_error = js_std_loop(ctx);
  if (!JS_IsUndefined(job_error))
    near_panic_with_exception(ctx, job_error);
}

#undef DEFINE_NEAR_METHOD
#define DEFINE_NEAR_METHOD(name) \
  void name(void) __attribute__((export_name(#name))); \
  void name(void) { near_init(); near_call_method(#name); }
