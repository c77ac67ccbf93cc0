// What a bundle uses of the functions the lean engine leaves out (quickjs-sources.ts
// LEAN_PATCHES): a lean build of a contract that names them fails here, at build
// time, instead of with "not a function" on chain. Read from the syntax tree, so a
// string such as lodash's '[object Proxy]' does not count; conservative where the
// code is: any use of `Math` other than reading a kept function or constant counts.
// Only a name computed at run time (globalThis['Pro' + 'xy']) escapes it.
import ts from 'typescript';
import { LEAN_MISSING_MATH as MISSING_MATH } from './quickjs-sources.ts';

const LEAN_MISSING_MATH = new Set(MISSING_MATH);
const LEAN_MISSING_GLOBALS = new Set(['Proxy', 'Reflect']);

/** Each distinct use, as written (`Math.sin`, `Proxy`, `Math[…]`), in source order. */
export function leanEngineMisses(bundleCode: string): string[] {
  const file = ts.createSourceFile('bundle.js', bundleCode, ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS);
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      if (LEAN_MISSING_GLOBALS.has(node.text)) found.add(node.text);
      else if (node.text === 'Math' && !(ts.isPropertyAccessExpression(parent) && parent.name === node)) {
        if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
          if (LEAN_MISSING_MATH.has(parent.name.text)) found.add(`Math.${parent.name.text}`);
        } else if (ts.isElementAccessExpression(parent) && parent.expression === node) {
          const key = parent.argumentExpression;
          if (!ts.isStringLiteral(key)) found.add('Math[…]');
          else if (LEAN_MISSING_MATH.has(key.text)) found.add(`Math.${key.text}`);
        } else if (!ts.isPropertyAssignment(parent) || parent.name !== node) {
          found.add('Math');
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return [...found];
}
