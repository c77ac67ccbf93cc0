// Reads a contract's source like near-sdk-js's build does: TypeScript is type
// checked (JavaScript is not), and every function the bundled module exports
// becomes a wasm export: the functions near-sdk-js's babel exporter writes for a
// `@NearBindgen` class's decorated methods, and plain exported functions
// (function-style contracts). Exported classes and constants are left out:
// near-sdk-js exports them too, as methods that can only fail.
import path from 'node:path';
import ts from 'typescript';
import { BuildError } from './errors.ts';
import { RUNTIME_EXPORTS } from './runtime.ts';

/** Names a method cannot take: its wasm export would clash with a NEAR host import or
 *  with an export of the contract runtime (runtime.ts RUNTIME_EXPORTS, and its memory). */
function reservedReason(name: string): string | undefined {
  if (name === 'panic') return 'it is a NEAR host function';
  // Read at call time: runtime.ts and this module import each other indirectly.
  if (name === 'memory' || (Object.values(RUNTIME_EXPORTS) as string[]).includes(name)) return 'the contract runtime exports it';
  return undefined;
}

/** near-sdk-js 2.0's `checkTypescript`: `tsc --noEmit --skipLibCheck
 *  --experimentalDecorators --target es2020 --moduleResolution node <file>`,
 *  ignoring any tsconfig.json (lib/cli/cli.js, checkTsBuildWithTsc). */
export const NEAR_SDK_JS_COMPILER_OPTIONS: ts.CompilerOptions = {
  noEmit: true,
  skipLibCheck: true,
  experimentalDecorators: true,
  target: ts.ScriptTarget.ES2020,
  moduleResolution: ts.ModuleResolutionKind.Node10,
};

function where(node: ts.Node): string {
  const file = node.getSourceFile();
  const { line, character } = file.getLineAndCharacterOfPosition(node.getStart());
  return `${path.relative(process.cwd(), file.fileName)}:${line + 1}:${character + 1}`;
}

function decoratorName(decorator: ts.Decorator): string | undefined {
  const expr = decorator.expression;
  if (ts.isCallExpression(expr) && ts.isIdentifier(expr.expression)) return expr.expression.text;
  if (ts.isIdentifier(expr)) return expr.text;
  return undefined;
}

function loadCompilerOptions(tsconfig: string): ts.CompilerOptions {
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (read.error) throw new BuildError(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig)).options;
}

export function isTypeScript(entry: string): boolean {
  return /\.[cm]?tsx?$/.test(entry);
}

/** Type-checks the TypeScript entries in one program, with a tsconfig.json or
 *  near-sdk-js's own options; throws a BuildError listing every diagnostic.
 *  JavaScript entries are not checked, as near-sdk-js does not check them. */
export function typecheck(entries: string[], tsconfig?: string): void {
  const typescript = entries.filter(isTypeScript);
  if (typescript.length === 0) return;
  const options = tsconfig ? loadCompilerOptions(tsconfig) : NEAR_SDK_JS_COMPILER_OPTIONS;
  const program = ts.createProgram(typescript, { ...options, noEmit: true });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    const text = ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => process.cwd(),
      getNewLine: () => '\n',
    });
    throw new BuildError(`TypeScript errors:\n${text.trim()}`);
  }
}

/** A decorated method of a `@NearBindgen` class with a reserved name fails
 *  here, at its line (the exporter would turn it into a clashing export). */
export function checkMethodNames(entry: string, text: string): void {
  const file = ts.createSourceFile(entry, text, ts.ScriptTarget.ES2020, true, isTypeScript(entry) ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  for (const statement of file.statements) {
    if (!ts.isClassDeclaration(statement) || !(ts.getDecorators(statement) ?? []).some((d) => decoratorName(d) === 'NearBindgen')) continue;
    for (const member of statement.members) {
      if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
      const reason = reservedReason(member.name.text);
      if ((ts.getDecorators(member) ?? []).length > 0 && reason) {
        throw new BuildError(`${where(member.name)}: method name "${member.name.text}" is reserved (${reason}); rename it`);
      }
    }
  }
}

function isFunctionValue(node: ts.Expression | undefined): boolean {
  return node !== undefined && (ts.isFunctionExpression(node) || ts.isArrowFunction(node));
}

/** The names under which the bundled module exports a function (not a class,
 *  which cannot be called as one, nor a constant): near-sdk-js's exporter's
 *  method functions and a function-style contract's own. */
export function exportedFunctions(bundleCode: string): string[] {
  const file = ts.createSourceFile('bundle.js', bundleCode, ts.ScriptTarget.ES2020, false, ts.ScriptKind.JS);
  const functions = new Set<string>();
  const exported: Array<{ local: string; name: string }> = [];
  const isExported = (node: ts.Node) => (ts.getModifiers(node as ts.HasModifiers) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) {
      functions.add(statement.name.text);
      if (isExported(statement)) exported.push({ local: statement.name.text, name: statement.name.text });
    } else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        if (isFunctionValue(d.initializer)) functions.add(d.name.text);
        if (isExported(statement)) exported.push({ local: d.name.text, name: d.name.text });
      }
    } else if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const e of statement.exportClause.elements) exported.push({ local: (e.propertyName ?? e.name).text, name: e.name.text });
    }
  }
  return exported.filter((e) => functions.has(e.local)).map((e) => e.name);
}

/** The wasm exports of a contract: the functions its bundle exports. */
export function contractMethods(entry: string, text: string, bundleCode: string): string[] {
  checkMethodNames(entry, text);
  const methods = exportedFunctions(bundleCode);
  const reserved = methods.filter((name) => reservedReason(name) !== undefined);
  const file = path.relative(process.cwd(), entry);
  if (reserved.length > 0) throw new BuildError(`${file}: exports "${reserved.join('", "')}", a reserved name (${reservedReason(reserved[0])}); rename it`);
  if (methods.length === 0) {
    throw new BuildError(`${file}:1:1: the contract exports no functions: export functions, or a @NearBindgen class with @call, @view or @initialize methods`);
  }
  return methods;
}
