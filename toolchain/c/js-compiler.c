/* qjsc's job for a NEAR contract, as a WASI command built from the same QuickJS
 * sources and flags as the contract runtime (so bytecode and atoms match):
 *   js-compiler <module.js> <module-name> <out.bin>
 * Compiles an ES module to QuickJS bytecode; on a syntax error prints it and exits 1. */
#include <stdio.h>
#include <stdlib.h>
#include "quickjs.h"

static char *read_file(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *buf;
  long size;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  size = ftell(f);
  fseek(f, 0, SEEK_SET);
  buf = malloc((size_t)size + 1);
  if (fread(buf, 1, (size_t)size, f) != (size_t)size) { fclose(f); return NULL; }
  buf[size] = '\0';
  fclose(f);
  *len = (size_t)size;
  return buf;
}

int main(int argc, char **argv)
{
  JSRuntime *rt;
  JSContext *ctx;
  JSValue obj;
  size_t src_len, out_len;
  char *src;
  uint8_t *out;
  FILE *f;

  if (argc != 4) {
    fprintf(stderr, "usage: js-compiler <module.js> <module-name> <out.bin>\n");
    return 2;
  }
  src = read_file(argv[1], &src_len);
  if (!src) { fprintf(stderr, "js-compiler: cannot read %s\n", argv[1]); return 2; }
  rt = JS_NewRuntime();
  ctx = JS_NewContext(rt);
  obj = JS_Eval(ctx, src, src_len, argv[2], JS_EVAL_TYPE_MODULE | JS_EVAL_FLAG_COMPILE_ONLY);
  if (JS_IsException(obj)) {
    JSValue err = JS_GetException(ctx);
    JSValue stack = JS_GetPropertyStr(ctx, err, "stack");
    const char *msg = JS_ToCString(ctx, err);
    const char *trace = JS_IsUndefined(stack) ? "" : JS_ToCString(ctx, stack);
    fprintf(stderr, "%s\n%s", msg ? msg : "compile error", trace ? trace : "");
    return 1;
  }
  out = JS_WriteObject(ctx, &out_len, obj, JS_WRITE_OBJ_BYTECODE);
  if (!out) { fprintf(stderr, "js-compiler: cannot serialize bytecode\n"); return 1; }
  f = fopen(argv[3], "wb");
  if (!f || fwrite(out, 1, out_len, f) != out_len) { fprintf(stderr, "js-compiler: cannot write %s\n", argv[3]); return 2; }
  fclose(f);
  return 0;
}
