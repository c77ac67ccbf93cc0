/* Stock QuickJS 2021-03-27 plus the public helpers that near-sdk-js's builder.c
 * calls (NEAR's QuickJS fork added them to quickjs.c). This file compiles
 * quickjs.c itself, so the helpers can use its internal functions; the few
 * static functions whose names the helpers must export are renamed on the way in. */
#define JS_NewBigInt quickjs_internal_NewBigInt
#define JS_GetBigInt quickjs_internal_GetBigInt
#include "quickjs.c"
#undef JS_NewBigInt
#undef JS_GetBigInt

#include "quickjs-libc-min.h"

JSValue JS_NewBigInt(JSContext *ctx)
{
    return quickjs_internal_NewBigInt(ctx);
}

bf_t *JS_GetBigInt(JSValueConst val)
{
    return quickjs_internal_GetBigInt(val);
}

/* Unsigned 64-bit from a Number or a BigInt; -1 (no exception) when the value is
 * negative or does not fit, so the caller can name the argument in its error. */
int JS_ToUint64Ext(JSContext *ctx, uint64_t *pres, JSValueConst val)
{
    if (JS_IsBigInt(ctx, val)) {
        bf_t *a = quickjs_internal_GetBigInt(val);
        if (a->sign && a->expn != BF_EXP_ZERO)
            return -1;
        return bf_get_uint64(pres, a) == 0 ? 0 : -1;
    } else {
        int64_t v;
        if (JS_ToInt64(ctx, &v, val) < 0 || v < 0)
            return -1;
        *pres = (uint64_t)v;
        return 0;
    }
}

int JS_ToBigUint64(JSContext *ctx, uint64_t *pres, JSValueConst val)
{
    return JS_ToUint64Ext(ctx, pres, val);
}

JSValue JS_NewStringLenRaw(JSContext *ctx, const char *buf, size_t buf_len)
{
    if (buf_len > JS_STRING_LEN_MAX)
        return JS_ThrowRangeError(ctx, "string too long");
    return js_new_string8(ctx, (const uint8_t *)buf, (int)buf_len);
}

/* Bytes of a latin1 string (one byte per character) or of a Uint8Array. The
 * Uint8Array case is ours: near-sdk-js 2.0 passes encoded args as a Uint8Array
 * to promise_batch_action_function_call_weight, whose binding calls this. */
const char *JS_ToCStringLenRaw(JSContext *ctx, size_t *plen, JSValueConst val)
{
    JSValue s;
    JSString *p;
    char *out;
    uint32_t i;

    *plen = 0;
    if (JS_VALUE_GET_TAG(val) == JS_TAG_OBJECT) {
        JSObject *o = JS_VALUE_GET_OBJ(val);
        if (o->class_id == JS_CLASS_UINT8_ARRAY) {
            size_t len = o->u.array.count;
            out = js_malloc(ctx, len + 1);
            if (!out)
                return NULL;
            memcpy(out, o->u.array.u.uint8_ptr, len);
            out[len] = '\0';
            *plen = len;
            return out;
        }
    }
    s = JS_ToString(ctx, val);
    if (JS_IsException(s))
        return NULL;
    p = JS_VALUE_GET_STRING(s);
    out = js_malloc(ctx, p->len + 1);
    if (!out) {
        JS_FreeValue(ctx, s);
        return NULL;
    }
    for (i = 0; i < p->len; i++) {
        /* A character above 0xff is not a byte: keep its low byte, as latin1 encoders do. */
        out[i] = p->is_wide_char ? (char)(p->u.str16[i] & 0xff) : (char)p->u.str8[i];
    }
    out[p->len] = '\0';
    *plen = p->len;
    JS_FreeValue(ctx, s);
    return out;
}

JSValue js_get_module_ns_public(JSContext *ctx, JSModuleDef *m)
{
    return js_get_module_ns(ctx, m);
}

JSValue js_load_module_binary(JSContext *ctx, const uint8_t *buf, size_t buf_len)
{
    JSValue obj, ret;
    JSModuleDef *m;

    obj = JS_ReadObject(ctx, buf, buf_len, JS_READ_OBJ_BYTECODE);
    if (JS_IsException(obj))
        return obj;
    if (JS_VALUE_GET_TAG(obj) != JS_TAG_MODULE) {
        JS_FreeValue(ctx, obj);
        return JS_ThrowTypeError(ctx, "contract bytecode is not a module");
    }
    if (JS_ResolveModule(ctx, obj) < 0) {
        JS_FreeValue(ctx, obj);
        return JS_EXCEPTION;
    }
    m = JS_VALUE_GET_PTR(obj);
    ret = JS_EvalFunction(ctx, obj); /* takes ownership of obj */
    if (JS_IsException(ret))
        return ret;
    JS_FreeValue(ctx, ret);
    return js_get_module_ns(ctx, m);
}

JSValue js_std_loop(JSContext *ctx)
{
    JSContext *job_ctx;
    for (;;) {
        int err = JS_ExecutePendingJob(JS_GetRuntime(ctx), &job_ctx);
        if (err < 0)
            return JS_GetException(job_ctx);
        if (err == 0)
            return JS_UNDEFINED;
    }
}
