/* QuickJS bindings for NEAR's global-contract actions (protocol 78, nearcore 2.7),
 * which near-sdk-js 2.0.0's builder.c predates. Same conventions as builder.c:
 * promise index as Number or BigInt, bytes as Uint8Array, account ids as strings. */
#include <stdint.h>
#include <stddef.h>
#include "quickjs-libc-min.h"

extern void promise_batch_action_deploy_global_contract(uint64_t promise_index, uint64_t code_len, uint64_t code_ptr);
extern void promise_batch_action_deploy_global_contract_by_account_id(uint64_t promise_index, uint64_t code_len, uint64_t code_ptr);
extern void promise_batch_action_use_global_contract(uint64_t promise_index, uint64_t code_hash_len, uint64_t code_hash_ptr);
extern void promise_batch_action_use_global_contract_by_account_id(uint64_t promise_index, uint64_t account_id_len, uint64_t account_id_ptr);

static uint8_t *near_gc_bytes(JSContext *ctx, JSValueConst value, size_t *len)
{
  size_t offset, bytes_per_element = 0, buffer_len;
  uint8_t *data;
  JSValue buffer = JS_GetTypedArrayBuffer(ctx, value, &offset, len, &bytes_per_element);
  if (JS_IsException(buffer) || bytes_per_element != 1)
    return NULL;
  data = JS_GetArrayBuffer(ctx, &buffer_len, buffer);
  JS_FreeValue(ctx, buffer);
  return data == NULL ? NULL : data + offset;
}

static JSValue near_gc_deploy(JSContext *ctx, JSValueConst *argv, int by_account_id)
{
  uint64_t promise_index;
  size_t code_len;
  uint8_t *code_ptr;
  if (JS_ToUint64Ext(ctx, &promise_index, argv[0]) < 0)
    return JS_ThrowTypeError(ctx, "Expect Uint64 for promise_index");
  code_ptr = near_gc_bytes(ctx, argv[1], &code_len);
  if (code_ptr == NULL)
    return JS_ThrowTypeError(ctx, "Expect Uint8Array for code");
  if (by_account_id)
    promise_batch_action_deploy_global_contract_by_account_id(promise_index, code_len, (uint64_t)(uintptr_t)code_ptr);
  else
    promise_batch_action_deploy_global_contract(promise_index, code_len, (uint64_t)(uintptr_t)code_ptr);
  return JS_UNDEFINED;
}

static JSValue near_deploy_global_contract(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
  return near_gc_deploy(ctx, argv, 0);
}

static JSValue near_deploy_global_contract_by_account_id(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
  return near_gc_deploy(ctx, argv, 1);
}

static JSValue near_use_global_contract(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
  uint64_t promise_index;
  size_t hash_len;
  uint8_t *hash_ptr;
  if (JS_ToUint64Ext(ctx, &promise_index, argv[0]) < 0)
    return JS_ThrowTypeError(ctx, "Expect Uint64 for promise_index");
  hash_ptr = near_gc_bytes(ctx, argv[1], &hash_len);
  if (hash_ptr == NULL)
    return JS_ThrowTypeError(ctx, "Expect Uint8Array for code_hash");
  promise_batch_action_use_global_contract(promise_index, hash_len, (uint64_t)(uintptr_t)hash_ptr);
  return JS_UNDEFINED;
}

/* (promise index, account id string) -> host(promise_index, len, ptr): the shape of
 * use_global_contract_by_account_id and of promise_set_refund_to (near-nep616.c). */
static JSValue near_call_with_promise_and_account_id(JSContext *ctx, JSValueConst *argv,
                                                     void (*host)(uint64_t, uint64_t, uint64_t))
{
  uint64_t promise_index;
  size_t account_id_len;
  const char *account_id;
  if (JS_ToUint64Ext(ctx, &promise_index, argv[0]) < 0)
    return JS_ThrowTypeError(ctx, "Expect Uint64 for promise_index");
  account_id = JS_ToCStringLen(ctx, &account_id_len, argv[1]);
  if (account_id == NULL)
    return JS_EXCEPTION;
  host(promise_index, account_id_len, (uint64_t)(uintptr_t)account_id);
  JS_FreeCString(ctx, account_id);
  return JS_UNDEFINED;
}

static JSValue near_use_global_contract_by_account_id(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
  return near_call_with_promise_and_account_id(ctx, argv, promise_batch_action_use_global_contract_by_account_id);
}

static void near_add_global_contract_functions(JSContext *ctx)
{
  JSValue global = JS_GetGlobalObject(ctx);
  JSValue env = JS_GetPropertyStr(ctx, global, "env");
  JS_SetPropertyStr(ctx, env, "promise_batch_action_deploy_global_contract",
                    JS_NewCFunction(ctx, near_deploy_global_contract, "promise_batch_action_deploy_global_contract", 2));
  JS_SetPropertyStr(ctx, env, "promise_batch_action_deploy_global_contract_by_account_id",
                    JS_NewCFunction(ctx, near_deploy_global_contract_by_account_id, "promise_batch_action_deploy_global_contract_by_account_id", 2));
  JS_SetPropertyStr(ctx, env, "promise_batch_action_use_global_contract",
                    JS_NewCFunction(ctx, near_use_global_contract, "promise_batch_action_use_global_contract", 2));
  JS_SetPropertyStr(ctx, env, "promise_batch_action_use_global_contract_by_account_id",
                    JS_NewCFunction(ctx, near_use_global_contract_by_account_id, "promise_batch_action_use_global_contract_by_account_id", 2));
  JS_FreeValue(ctx, env);
  JS_FreeValue(ctx, global);
}
