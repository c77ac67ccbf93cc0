/* QuickJS bindings for the host functions of NEP-616 (protocol 82, nearcore 2.10:
 * deterministic state init, refund_to, current_contract_code) and of protocol 85
 * (chain_id, p256_verify), which near-sdk-js 2.0.0's builder.c predates.
 * Signatures as nearcore's imports.rs; conventions as builder.c: indices and
 * register ids as Number or BigInt, results as BigInt, bytes as Uint8Array,
 * account ids as strings, amounts as BigInt/decimal strings (u128). Included
 * after builder.c, so its JS_Uint8Array_to_C and quickjs_to_u128 are in scope.
 * Only the functions of the build's target protocol (NEAR_PROTOCOL_VERSION, set by
 * runtime.ts) are bound: a wasm that imports one its chain lacks fails to link. */
#include <stdint.h>
#include <stddef.h>

#if NEAR_PROTOCOL_VERSION >= 82

extern void promise_set_refund_to(uint64_t promise_index, uint64_t account_id_len, uint64_t account_id_ptr);
extern uint64_t promise_batch_action_state_init(uint64_t promise_index, uint64_t code_len, uint64_t code_ptr, uint64_t amount_ptr);
extern uint64_t promise_batch_action_state_init_by_account_id(uint64_t promise_index, uint64_t account_id_len, uint64_t account_id_ptr, uint64_t amount_ptr);
extern void set_state_init_data_entry(uint64_t promise_index, uint64_t action_index, uint64_t key_len, uint64_t key_ptr, uint64_t value_len, uint64_t value_ptr);
extern uint64_t current_contract_code(uint64_t register_id);
extern void refund_to_account_id(uint64_t register_id);

static JSValue near_promise_set_refund_to(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
  return near_call_with_promise_and_account_id(ctx, argv, promise_set_refund_to);
}

static JSValue near_promise_batch_action_state_init(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
  uint64_t promise_index, action_index;
  uint64_t amount[2]; /* u128, little-endian */
  size_t code_len;
  uint8_t *code;
  if (JS_ToUint64Ext(ctx, &promise_index, argv[0]) < 0)
    return JS_ThrowTypeError(ctx, "Expect Uint64 for promise_index");
  code = JS_Uint8Array_to_C(ctx, argv[1], &code_len);
  if (code == NULL)
    return JS_ThrowTypeError(ctx, "Expect Uint8Array for code_hash");
  if (quickjs_to_u128(ctx, argv[2], amount) != 0)
    return JS_ThrowTypeError(ctx, "Expect Uint128 for amount");
  action_index = promise_batch_action_state_init(promise_index, code_len, (uint64_t)(uintptr_t)code, (uint64_t)(uintptr_t)amount);
  return JS_NewBigUint64(ctx, action_index);
}

static JSValue near_promise_batch_action_state_init_by_account_id(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
  uint64_t promise_index, action_index;
  uint64_t amount[2];
  size_t account_id_len;
  const char *account_id;
  if (JS_ToUint64Ext(ctx, &promise_index, argv[0]) < 0)
    return JS_ThrowTypeError(ctx, "Expect Uint64 for promise_index");
  if (quickjs_to_u128(ctx, argv[2], amount) != 0)
    return JS_ThrowTypeError(ctx, "Expect Uint128 for amount");
  account_id = JS_ToCStringLen(ctx, &account_id_len, argv[1]);
  if (account_id == NULL)
    return JS_EXCEPTION;
  action_index = promise_batch_action_state_init_by_account_id(promise_index, account_id_len, (uint64_t)(uintptr_t)account_id, (uint64_t)(uintptr_t)amount);
  JS_FreeCString(ctx, account_id);
  return JS_NewBigUint64(ctx, action_index);
}

static JSValue near_set_state_init_data_entry(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
  uint64_t promise_index, action_index;
  size_t key_len, value_len;
  uint8_t *key, *value;
  if (JS_ToUint64Ext(ctx, &promise_index, argv[0]) < 0)
    return JS_ThrowTypeError(ctx, "Expect Uint64 for promise_index");
  if (JS_ToUint64Ext(ctx, &action_index, argv[1]) < 0)
    return JS_ThrowTypeError(ctx, "Expect Uint64 for action_index");
  key = JS_Uint8Array_to_C(ctx, argv[2], &key_len);
  if (key == NULL)
    return JS_ThrowTypeError(ctx, "Expect Uint8Array for key");
  value = JS_Uint8Array_to_C(ctx, argv[3], &value_len);
  if (value == NULL)
    return JS_ThrowTypeError(ctx, "Expect Uint8Array for value");
  set_state_init_data_entry(promise_index, action_index, key_len, (uint64_t)(uintptr_t)key, value_len, (uint64_t)(uintptr_t)value);
  return JS_UNDEFINED;
}

/* The three that write a register: current_contract_code returns its kind. */
static JSValue near_current_contract_code(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
  uint64_t register_id;
  if (JS_ToUint64Ext(ctx, &register_id, argv[0]) < 0)
    return JS_ThrowTypeError(ctx, "Expect Uint64 for register_id");
  return JS_NewBigUint64(ctx, current_contract_code(register_id));
}

static JSValue near_refund_to_account_id(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
  uint64_t register_id;
  if (JS_ToUint64Ext(ctx, &register_id, argv[0]) < 0)
    return JS_ThrowTypeError(ctx, "Expect Uint64 for register_id");
  refund_to_account_id(register_id);
  return JS_UNDEFINED;
}

#endif

#if NEAR_PROTOCOL_VERSION >= 85
extern void chain_id(uint64_t register_id);
extern uint64_t p256_verify(uint64_t sig_len, uint64_t sig_ptr, uint64_t msg_len, uint64_t msg_ptr, uint64_t pub_key_len, uint64_t pub_key_ptr);

static JSValue near_chain_id(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
  uint64_t register_id;
  if (JS_ToUint64Ext(ctx, &register_id, argv[0]) < 0)
    return JS_ThrowTypeError(ctx, "Expect Uint64 for register_id");
  chain_id(register_id);
  return JS_UNDEFINED;
}

static JSValue near_p256_verify(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
  size_t sig_len, msg_len, key_len;
  uint8_t *sig, *msg, *key;
  sig = JS_Uint8Array_to_C(ctx, argv[0], &sig_len);
  if (sig == NULL)
    return JS_ThrowTypeError(ctx, "Expect Uint8Array for signature");
  msg = JS_Uint8Array_to_C(ctx, argv[1], &msg_len);
  if (msg == NULL)
    return JS_ThrowTypeError(ctx, "Expect Uint8Array for message");
  key = JS_Uint8Array_to_C(ctx, argv[2], &key_len);
  if (key == NULL)
    return JS_ThrowTypeError(ctx, "Expect Uint8Array for public_key");
  return JS_NewBigUint64(ctx, p256_verify(sig_len, (uint64_t)(uintptr_t)sig, msg_len, (uint64_t)(uintptr_t)msg, key_len, (uint64_t)(uintptr_t)key));
}

#endif

static void near_add_nep616_functions(JSContext *ctx)
{
#if NEAR_PROTOCOL_VERSION >= 82
  JSValue global = JS_GetGlobalObject(ctx);
  JSValue env = JS_GetPropertyStr(ctx, global, "env");
  JS_SetPropertyStr(ctx, env, "promise_set_refund_to", JS_NewCFunction(ctx, near_promise_set_refund_to, "promise_set_refund_to", 2));
  JS_SetPropertyStr(ctx, env, "promise_batch_action_state_init",
                    JS_NewCFunction(ctx, near_promise_batch_action_state_init, "promise_batch_action_state_init", 3));
  JS_SetPropertyStr(ctx, env, "promise_batch_action_state_init_by_account_id",
                    JS_NewCFunction(ctx, near_promise_batch_action_state_init_by_account_id, "promise_batch_action_state_init_by_account_id", 3));
  JS_SetPropertyStr(ctx, env, "set_state_init_data_entry", JS_NewCFunction(ctx, near_set_state_init_data_entry, "set_state_init_data_entry", 4));
  JS_SetPropertyStr(ctx, env, "current_contract_code", JS_NewCFunction(ctx, near_current_contract_code, "current_contract_code", 1));
  JS_SetPropertyStr(ctx, env, "refund_to_account_id", JS_NewCFunction(ctx, near_refund_to_account_id, "refund_to_account_id", 1));
#if NEAR_PROTOCOL_VERSION >= 85
  JS_SetPropertyStr(ctx, env, "chain_id", JS_NewCFunction(ctx, near_chain_id, "chain_id", 1));
  JS_SetPropertyStr(ctx, env, "p256_verify", JS_NewCFunction(ctx, near_p256_verify, "p256_verify", 3));
#endif
  JS_FreeValue(ctx, env);
  JS_FreeValue(ctx, global);
#endif
}
