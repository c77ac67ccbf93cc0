// Reads a contract's TypeScript like a compiler: type errors as file:line
// messages, and the @NearBindgen class whose decorated methods become the
// wasm's exports (near-sdk-js's babel exporter turns exactly these into functions).
import path from 'node:path';
import ts from 'typescript';
import { BuildError } from './errors.ts';

export interface ContractMethod {
  name: string;
  kind: 'call' | 'view' | 'initialize' | 'migrate';
}

export interface ContractShape {
  className: string;
  methods: ContractMethod[];
}

const METHOD_KINDS = new Set(['call', 'view', 'initialize', 'migrate']);
/** Names a method cannot take: the wasm export would clash with a NEAR host import. */
const RESERVED_METHOD_NAMES = new Set(['panic']);

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

/** Type-checks all entries in one program; throws a BuildError listing every diagnostic. */
export function typecheck(entries: string[], tsconfig: string): ts.Program {
  const program = ts.createProgram(entries, { ...loadCompilerOptions(tsconfig), noEmit: true });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    const text = ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => process.cwd(),
      getNewLine: () => '\n',
    });
    throw new BuildError(`TypeScript errors:\n${text.trim()}`);
  }
  return program;
}

export function contractShape(program: ts.Program, entry: string): ContractShape {
  const file = program.getSourceFile(entry);
  if (!file) throw new BuildError(`${entry}: not part of the TypeScript program`);
  for (const statement of file.statements) {
    if (!ts.isClassDeclaration(statement) || !statement.name) continue;
    const decorators = ts.getDecorators(statement) ?? [];
    if (!decorators.some((d) => decoratorName(d) === 'NearBindgen')) continue;
    const methods: ContractMethod[] = [];
    for (const member of statement.members) {
      if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
      // near-sdk-js's exporter only looks at a method's first decorator.
      const first = (ts.getDecorators(member) ?? [])[0];
      const kind = first && decoratorName(first);
      if (!kind || !METHOD_KINDS.has(kind)) continue;
      const name = member.name.text;
      if (RESERVED_METHOD_NAMES.has(name)) {
        throw new BuildError(`${where(member.name)}: method name "${name}" is reserved (it is a NEAR host function); rename it`);
      }
      methods.push({ name, kind: kind as ContractMethod['kind'] });
    }
    if (methods.length === 0) {
      throw new BuildError(`${where(statement)}: @NearBindgen class ${statement.name.text} has no @call, @view or @initialize method`);
    }
    return { className: statement.name.text, methods };
  }
  throw new BuildError(`${path.relative(process.cwd(), entry)}:1:1: no @NearBindgen class: a contract's entry file must declare one`);
}
