/* QuickJS bindings for the other host functions protocol 85 (nearcore 2.13) links:
 * the gas-key promise actions (#[gas_key_host_fns]) and the yield with a
 * contract-chosen id (#[yield_with_id_host_fns]), which near-sdk-js 2.0.0's
 * builder.c predates. Signatures as nearcore's imports.rs; conventions as
 * builder.c: promise indices, gas and nonce counts as Number or BigInt, results as
 * BigInt, public keys as builder.c's add_key takes them (bytes with the key-type
 * prefix: 0 ed25519, 1 secp256k1), amounts as BigInt/decimal strings (u128),
 * account ids and comma-separated method names as strings, arguments and payloads
 * as a string or Uint8Array, the 32-byte yield id as a Uint8Array. Included after
 * builder.c (JS_Uint8Array_to_C, quickjs_to_u128) and bound only when the build
 * targets 85 or later (NEAR_PROTOCOL_VERSION, set by runtime.ts). */
#include <stdint.h>
#include <stddef.h>

#if NEAR_PROTOCOL_VERSION >= 85

extern void promise_batch_action_transfer_to_gas_key(uint64_t promise_index, uint64_t public_key_len, uint64_t public_key_ptr, uint64_t amount_ptr);
extern void promise_batch_action_add_gas_key_with_full_access(uint64_t promise_index, uint64_t public_key_len, uint64_t public_key_ptr, uint64_t num_nonces);
extern void promise_batch_action_add_gas_key_with_function_call(uint64_t promise_index, uint64_t public_key_len, uint64_t public_key_ptr, uint64_t num_nonces,
                                                                uint64_t allowance_ptr, uint64_t receiver_id_len, uint64_t receiver_id_ptr,
                                                                uint64_t method_names_len, uint64_t method_names_ptr);
extern uint64_t promise_yield_create_with_id(uint64_t method_name_len, uint64_t method_name_ptr, uint64_t arguments_len, uint64_t arguments_ptr,
                                             uint64_t amount_ptr, uint64_t gas, uint64_t gas_weight, uint64_t yield_id_len, uint64_t yield_id_ptr);
extern uint32_t promise_yield_resume_with_yield_id(uint64_t yield_id_len, uint64_t yield_id_ptr, uint64_t payload_len, uint64_t payload_ptr);

static JSValue near_promise_batch_action_transfer_to_gas_key(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
  uint64_t promise_index;
  uint64_t amount[2]; /* u128, little-endian */
  size_t public_key_len;
  uint8_t *public_key;
  if (JS_ToUint64Ext(ctx, &promise_index, argv[0]) < 0)
    return JS_ThrowTypeError(ctx, "Expect Uint64 for promise_index");
  public_key = JS_Uint8Array_to_C(ctx, argv[1], &public_key_len);
  if (public_key == NULL)
    return JS_ThrowTypeError(ctx, "Expect Uint8Array for public key");
  if (quickjs_to_u128(ctx, argv[2], amount) != 0)
    return JS_ThrowTypeError(ctx, "Expect Uint128 for amount");
  promise_batch_action_transfer_to_gas_key(promise_index, public_key_len, (uint64_t)(uintptr_t)public_key, (uint64_t)(uintptr_t)amount);
  return JS_UNDEFINED;
}

static JSValue near_promise_batch_action_add_gas_key_with_full_access(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
  uint64_t promise_index, num_nonces;
  size_t public_key_len;
  uint8_t *public_key;
  if (JS_ToUint64Ext(ctx, &promise_index, argv[0]) < 0)
    return JS_ThrowTypeError(ctx, "Expect Uint64 for promise_index");
  public_key = JS_Uint8Array_to_C(ctx, argv[1], &public_key_len);
  if (public_key == NULL)
    return JS_ThrowTypeError(ctx, "Expect Uint8Array for public key");
  if (JS_ToUint64Ext(ctx, &num_nonces, argv[2]) < 0)
    return JS_ThrowTypeError(ctx, "Expect Uint64 for num_nonces");
  promise_batch_action_add_gas_key_with_full_access(promise_index, public_key_len, (uint64_t)(uintptr_t)public_key, num_nonces);
  return JS_UNDEFINED;
}

static JSValue near_promise_batch_action_add_gas_key_with_function_call(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
  uint64_t promise_index, num_nonces;
  uint64_t allowance[2];
  size_t public_key_len, receiver_id_len, method_names_len;
  uint8_t *public_key;
  const char *receiver_id, *method_names;
  if (JS_ToUint64Ext(ctx, &promise_index, argv[0]) < 0)
    return JS_ThrowTypeError(ctx, "Expect Uint64 for promise_index");
  public_key = JS_Uint8Array_to_C(ctx, argv[1], &public_key_len);
  if (public_key == NULL)
    return JS_ThrowTypeError(ctx, "Expect Uint8Array for public key");
  if (JS_ToUint64Ext(ctx, &num_nonces, argv[2]) < 0)
    return JS_ThrowTypeError(ctx, "Expect Uint64 for num_nonces");
  if (quickjs_to_u128(ctx, argv[3], allowance) != 0)
    return JS_ThrowTypeError(ctx, "Expect Uint128 for allowance");
  receiver_id = JS_ToCStringLen(ctx, &receiver_id_len, argv[4]);
  if (receiver_id == NULL)
    return JS_EXCEPTION;
  method_names = JS_ToCStringLen(ctx, &method_names_len, argv[5]);
  if (method_names == NULL) {
    JS_FreeCString(ctx, receiver_id);
    return JS_EXCEPTION;
  }
  promise_batch_action_add_gas_key_with_function_call(promise_index, public_key_len, (uint64_t)(uintptr_t)public_key, num_nonces,
                                                      (uint64_t)(uintptr_t)allowance, receiver_id_len, (uint64_t)(uintptr_t)receiver_id,
                                                      method_names_len, (uint64_t)(uintptr_t)method_names);
  JS_FreeCString(ctx, method_names);
  JS_FreeCString(ctx, receiver_id);
  return JS_UNDEFINED;
}

/* Returns the yield's promise index, or 2^64-1 when a yield with this id is already pending. */
static JSValue near_promise_yield_create_with_id(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
  uint64_t amount[2], gas, gas_weight, promise_index;
  size_t method_name_len, arguments_len, yield_id_len;
  const char *method_name, *arguments;
  uint8_t *yield_id;
  if (quickjs_to_u128(ctx, argv[2], amount) != 0)
    return JS_ThrowTypeError(ctx, "Expect Uint128 for amount");
  if (JS_ToUint64Ext(ctx, &gas, argv[3]) < 0)
    return JS_ThrowTypeError(ctx, "Expect Uint64 for gas");
  if (JS_ToUint64Ext(ctx, &gas_weight, argv[4]) < 0)
    return JS_ThrowTypeError(ctx, "Expect Uint64 for gas_weight");
  yield_id = JS_Uint8Array_to_C(ctx, argv[5], &yield_id_len);
  if (yield_id == NULL)
    return JS_ThrowTypeError(ctx, "Expect Uint8Array for yield_id");
  method_name = JS_ToCStringLen(ctx, &method_name_len, argv[0]);
  if (method_name == NULL)
    return JS_EXCEPTION;
  arguments = JS_ToCStringLenRaw(ctx, &arguments_len, argv[1]);
  if (arguments == NULL) {
    JS_FreeCString(ctx, method_name);
    return JS_EXCEPTION;
  }
  promise_index = promise_yield_create_with_id(method_name_len, (uint64_t)(uintptr_t)method_name, arguments_len, (uint64_t)(uintptr_t)arguments,
                                               (uint64_t)(uintptr_t)amount, gas, gas_weight, yield_id_len, (uint64_t)(uintptr_t)yield_id);
  js_free(ctx, (void *)arguments);
  JS_FreeCString(ctx, method_name);
  return JS_NewBigUint64(ctx, promise_index);
}

/* Returns 1 if the yield was pending and now resumes with the payload, else 0. */
static JSValue near_promise_yield_resume_with_yield_id(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
  size_t yield_id_len, payload_len;
  uint8_t *yield_id;
  const char *payload;
  uint32_t resumed;
  yield_id = JS_Uint8Array_to_C(ctx, argv[0], &yield_id_len);
  if (yield_id == NULL)
    return JS_ThrowTypeError(ctx, "Expect Uint8Array for yield_id");
  payload = JS_ToCStringLenRaw(ctx, &payload_len, argv[1]);
  if (payload == NULL)
    return JS_EXCEPTION;
  resumed = promise_yield_resume_with_yield_id(yield_id_len, (uint64_t)(uintptr_t)yield_id, payload_len, (uint64_t)(uintptr_t)payload);
  js_free(ctx, (void *)payload);
  return JS_NewBigUint64(ctx, resumed);
}

#endif

static void near_add_gas_key_yield_functions(JSContext *ctx)
{
#if NEAR_PROTOCOL_VERSION >= 85
  JSValue global = JS_GetGlobalObject(ctx);
  JSValue env = JS_GetPropertyStr(ctx, global, "env");
  JS_SetPropertyStr(ctx, env, "promise_batch_action_transfer_to_gas_key",
                    JS_NewCFunction(ctx, near_promise_batch_action_transfer_to_gas_key, "promise_batch_action_transfer_to_gas_key", 3));
  JS_SetPropertyStr(ctx, env, "promise_batch_action_add_gas_key_with_full_access",
                    JS_NewCFunction(ctx, near_promise_batch_action_add_gas_key_with_full_access, "promise_batch_action_add_gas_key_with_full_access", 3));
  JS_SetPropertyStr(ctx, env, "promise_batch_action_add_gas_key_with_function_call",
                    JS_NewCFunction(ctx, near_promise_batch_action_add_gas_key_with_function_call, "promise_batch_action_add_gas_key_with_function_call", 6));
  JS_SetPropertyStr(ctx, env, "promise_yield_create_with_id",
                    JS_NewCFunction(ctx, near_promise_yield_create_with_id, "promise_yield_create_with_id", 6));
  JS_SetPropertyStr(ctx, env, "promise_yield_resume_with_yield_id",
                    JS_NewCFunction(ctx, near_promise_yield_resume_with_yield_id, "promise_yield_resume_with_yield_id", 2));
  JS_FreeValue(ctx, env);
  JS_FreeValue(ctx, global);
#endif
}
