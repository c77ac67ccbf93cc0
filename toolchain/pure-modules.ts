// Which of near-sdk-js's modules rollup may leave out when a contract uses none of
// their exports: those whose top level only declares (read from the syntax tree).
// Rollup keeps a module it cannot prove pure for its statements' "side effects";
// near-sdk-js's are TypeScript enums filling their own object, e.g. `CurveType`,
// which no contract of ours reads and every contract carried.
import ts from 'typescript';

/** Evaluating it runs no code of anyone's: literals, functions, variables declared above (no TDZ), arithmetic on those. */
function isInert(node: ts.Expression, earlier: Set<string>): boolean {
  if (ts.isParenthesizedExpression(node)) return isInert(node.expression, earlier);
  if (ts.isLiteralExpression(node) || ts.isNoSubstitutionTemplateLiteral(node)) return true;
  if (ts.isIdentifier(node)) return earlier.has(node.text) || node.text === 'undefined';
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword || node.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isFunctionExpression(node) || ts.isArrowFunction(node)) return true;
  if (ts.isPrefixUnaryExpression(node)) return node.operator === ts.SyntaxKind.MinusToken && ts.isLiteralExpression(node.operand);
  if (ts.isBinaryExpression(node)) {
    // Arithmetic on literals (`2n ** 64n - 1n`): no valueOf of anyone's to call.
    const arithmetic = [ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.AsteriskAsteriskToken, ts.SyntaxKind.SlashToken];
    const literal = (side: ts.Expression): boolean => ts.isLiteralExpression(side) || (ts.isIdentifier(side) && earlier.has(side.text)) ||
      (ts.isBinaryExpression(side) && isInert(side, earlier)) || (ts.isParenthesizedExpression(side) && literal(side.expression));
    return arithmetic.includes(node.operatorToken.kind) && literal(node.left) && literal(node.right);
  }
  if (ts.isArrayLiteralExpression(node)) return node.elements.every((element) => !ts.isSpreadElement(element) && isInert(element, earlier));
  if (ts.isObjectLiteralExpression(node)) {
    return node.properties.every((property) => ts.isPropertyAssignment(property) && !ts.isComputedPropertyName(property.name) && isInert(property.initializer, earlier));
  }
  return false;
}

/** `Symbol.iterator` and the like: a well-known symbol as a method name. */
function isWellKnownSymbol(node: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Symbol';
}

/**
 * A class whose definition runs nothing: no static initialisers (but inert ones) or
 * blocks, no decorators, computed names only well-known symbols, `extends` Error or a
 * class declared above or imported (near-sdk-js's lib has no import cycles, so an
 * imported class is initialised).
 */
function isInertClass(node: ts.ClassDeclaration, earlier: Set<string>): boolean {
  const heritage = node.heritageClauses ?? [];
  if (!heritage.every((clause) => clause.types.every((type) => ts.isIdentifier(type.expression) && (earlier.has(type.expression.text) || type.expression.text === 'Error')))) return false;
  if (ts.getDecorators(node)?.length) return false;
  return node.members.every((member) => {
    if (ts.isClassStaticBlockDeclaration(member)) return false;
    if (member.name && ts.isComputedPropertyName(member.name) && !isWellKnownSymbol(member.name.expression)) return false;
    if (ts.isPropertyDeclaration(member) && member.initializer && member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) return isInert(member.initializer, earlier);
    return true;
  });
}

/**
 * TypeScript's enum: `(function (E) { E[E["A"] = 0] = "A"; E["B"] = "b"; })(E || (E = {}));`
 * with E a variable of this module: it only fills E's own new object.
 */
function isEnumFill(node: ts.Expression, declared: Set<string>): boolean {
  if (!ts.isCallExpression(node) || node.arguments.length !== 1) return false;
  const callee = ts.isParenthesizedExpression(node.expression) ? node.expression.expression : node.expression;
  if (!ts.isFunctionExpression(callee) || callee.parameters.length !== 1 || !ts.isIdentifier(callee.parameters[0].name)) return false;
  const param = callee.parameters[0].name.text;
  const arg = node.arguments[0];
  // E || (E = {})
  if (!ts.isBinaryExpression(arg) || arg.operatorToken.kind !== ts.SyntaxKind.BarBarToken || !ts.isIdentifier(arg.left) || !declared.has(arg.left.text)) return false;
  const fallback = ts.isParenthesizedExpression(arg.right) ? arg.right.expression : arg.right;
  if (!ts.isBinaryExpression(fallback) || fallback.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isIdentifier(fallback.left) || fallback.left.text !== arg.left.text) return false;
  if (!ts.isObjectLiteralExpression(fallback.right) || fallback.right.properties.length > 0) return false;
  /** `E[<literal or E[...] = literal>] = literal`, element writes on the parameter only. */
  const isFill = (expression: ts.Expression): boolean => {
    if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
    const target = expression.left;
    if (!ts.isElementAccessExpression(target) || !ts.isIdentifier(target.expression) || target.expression.text !== param) return false;
    if (!ts.isLiteralExpression(expression.right)) return false;
    return ts.isLiteralExpression(target.argumentExpression) || isFill(target.argumentExpression);
  };
  return callee.body.statements.every((statement) => ts.isExpressionStatement(statement) && isFill(statement.expression));
}

/** The top-level statements of an ES module that could do something when it is evaluated (their text), none if it only declares. */
export function impureStatements(code: string): string[] {
  const source = ts.createSourceFile('module.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const declared = new Set<string>();
  // What a statement may read without a TDZ error: functions (hoisted), imports, and what is declared above it.
  const earlier = new Set<string>();
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) declared.add(d.name.text);
    if (ts.isFunctionDeclaration(statement) && statement.name) earlier.add(statement.name.text);
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) earlier.add(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) earlier.add(element.name.text);
      if (bindings && ts.isNamespaceImport(bindings)) earlier.add(bindings.name.text);
    }
  }
  const impure: string[] = [];
  for (const statement of source.statements) {
    let pure: boolean;
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) || ts.isFunctionDeclaration(statement) || ts.isEmptyStatement(statement)) pure = true;
    else if (ts.isClassDeclaration(statement)) pure = isInertClass(statement, earlier);
    else if (ts.isVariableStatement(statement)) {
      pure = statement.declarationList.declarations.every((d) => ts.isIdentifier(d.name) && (d.initializer === undefined || isInert(d.initializer, earlier)));
    } else if (ts.isExpressionStatement(statement)) pure = isEnumFill(statement.expression, declared);
    else pure = false;
    if (!pure) impure.push(statement.getText(source));
    if (ts.isClassDeclaration(statement) && statement.name) earlier.add(statement.name.text);
    if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) earlier.add(d.name.text);
  }
  return impure;
}
