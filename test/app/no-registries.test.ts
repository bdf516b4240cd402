import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * No module-level mutable state that routers or services fill: two `createApp`
 * calls in one process must not share a registry, and a provider a component needs
 * must come in through its ports (a compile error when missing), not through a
 * `register…()` somebody has to remember to call.
 *
 * Read from the TypeScript syntax tree of every file in src/: a top-level `let` or
 * `var` that a function assigns, or a top-level `const` holding a Map, Set, WeakMap,
 * WeakSet, array or object literal that a function changes (set, add, push, delete,
 * clear, an element or property assignment…). Constants nobody changes pass.
 */
const SRC = path.resolve(__dirname, '../../src');

/**
 * Process-wide on purpose, each for its reason. `file: name`.
 */
const ALLOWED: Record<string, string> = {
  // A cache of the database, invalidated by the registry's writes whichever app made
  // them (a cache per app would keep another app's stale copy); 2 s per entry.
  'components/qr/scan-targets.ts: cache': 'cache of stored scan targets',
  // The day's visitor salt as stored in the database (every process reads the same one).
  'components/qr/visitor-key.ts: salts': 'cache of a stored value',
  // Memo of a pure function of the user agent.
  'components/qr/scan-classifier.ts: memo': 'memo of a pure function',
  // Counts QR image renders since start, for the bench and the image-cache tests.
  'components/qr/qr.service.ts: renders': 'process statistics',
  // Password hashing shares the process's thread pool: its limit is the process's.
  'components/auth/password.ts: running': 'process-wide CPU limit',
  'components/auth/password.ts: peak': 'process-wide CPU limit',
  'components/auth/password.ts: started': 'process-wide CPU limit',
  'components/auth/password.ts: waiting': 'process-wide CPU limit',
  // State attached to one request object (gone with it); a request belongs to one app.
  'components/auth/request-state.ts: sessionIds': 'per request',
  'components/auth/request-state.ts: apiTokenHashes': 'per request',
  'components/auth/request-state.ts: clocks': 'per request',
  'components/auth/request-state.ts: bearerCapabilityKeys': 'per request',
  // Compiled templates, parsed layouts, loaded fonts, computed time-zone blocks and
  // choice lists: caches of files and pure computations, the same for every app.
  'components/mail/outbox.service.ts: defaultRenderer': 'compiled mail templates',
  'components/events/choices.ts: countries': 'computed once',
  'components/events/choices.ts: zones': 'computed once',
  'components/print/print-layouts.ts: parsed': 'parsed layout files',
  'lib/ics.ts: vtimezoneCache': 'computed time-zone blocks',
  'lib/pdf/fonts.ts: loaded': 'font files',
  'lib/pdf/layout.ts: cache': 'parsed layout files',
  'lib/embedded-mongo/validation.ts: compiled': 'compiled validators, keyed by the schema object',
};

const MUTATING_METHODS = new Set([
  'set',
  'add',
  'delete',
  'clear',
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
]);
const COLLECTIONS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** A `const` whose value can be changed in place. */
function isMutableValue(init: ts.Expression | undefined): boolean {
  if (!init) return false;
  let value = init;
  while (ts.isAsExpression(value) || ts.isSatisfiesExpression(value)) value = value.expression;
  if (ts.isArrayLiteralExpression(value) || ts.isObjectLiteralExpression(value)) return true;
  return (
    ts.isNewExpression(value) &&
    ts.isIdentifier(value.expression) &&
    COLLECTIONS.has(value.expression.text)
  );
}

type TopLevel = { name: string; kind: 'binding' | 'value' };

function topLevelState(file: ts.SourceFile): TopLevel[] {
  const found: TopLevel[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const list = statement.declarationList;
    const isConst = (list.flags & ts.NodeFlags.Const) !== 0;
    for (const declaration of list.declarations) {
      if (!ts.isIdentifier(declaration.name)) continue;
      const name = declaration.name.text;
      if (!isConst) found.push({ name, kind: 'binding' });
      else if (isMutableValue(declaration.initializer)) found.push({ name, kind: 'value' });
    }
  }
  return found;
}

const ASSIGNMENTS = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.MinusEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
]);

/** The root identifier of `x`, `x.a.b`, `x[i]`. */
function rootName(node: ts.Expression): string | undefined {
  let current = node;
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current))
    current = current.expression;
  return ts.isIdentifier(current) ? current.text : undefined;
}

/** Names of top-level state changed inside a function body of the file. */
function mutatedInFunctions(file: ts.SourceFile, state: TopLevel[]): Set<string> {
  const byName = new Map(state.map((s) => [s.name, s]));
  const mutated = new Set<string>();
  const visit = (node: ts.Node, inFunction: boolean) => {
    const insideNow = inFunction || ts.isFunctionLike(node);
    if (insideNow) {
      if (ts.isBinaryExpression(node) && ASSIGNMENTS.has(node.operatorToken.kind)) {
        const target = node.left;
        const name = rootName(target);
        const entry = name ? byName.get(name) : undefined;
        // Rebinding a `let`, or writing an element or property of a collection/object.
        if (entry && (entry.kind === 'binding' || !ts.isIdentifier(target))) mutated.add(name!);
      }
      if (
        (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
        [ts.SyntaxKind.PlusPlusToken, ts.SyntaxKind.MinusMinusToken].includes(node.operator)
      ) {
        const name = rootName(node.operand);
        if (name && byName.has(name)) mutated.add(name);
      }
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        MUTATING_METHODS.has(node.expression.name.text)
      ) {
        const name = rootName(node.expression.expression);
        if (name && byName.get(name)?.kind === 'value') mutated.add(name);
      }
      if (ts.isDeleteExpression(node)) {
        const name = rootName(node.expression);
        if (name && byName.has(name)) mutated.add(name);
      }
    }
    ts.forEachChild(node, (child) => visit(child, insideNow));
  };
  visit(file, false);
  return mutated;
}

function moduleLevelMutableState(): string[] {
  return sourceFiles(SRC).flatMap((full) => {
    const text = readFileSync(full, 'utf8');
    const file = ts.createSourceFile(full, text, ts.ScriptTarget.Latest, true);
    const state = topLevelState(file);
    if (state.length === 0) return [];
    const relative = path.relative(SRC, full).split(path.sep).join('/');
    return [...mutatedInFunctions(file, state)].map((name) => `${relative}: ${name}`);
  });
}

describe('no module-level registries', () => {
  const found = moduleLevelMutableState();

  it('when src/ is read, then no module-level state is changed by functions, except the commented allow-list', () => {
    assert.deepEqual(
      found.filter((entry) => !(entry in ALLOWED)),
      [],
    );
  });

  it('when the allow-list is read, then every entry still exists (no stale exceptions)', () => {
    assert.deepEqual(
      Object.keys(ALLOWED).filter((entry) => !found.includes(entry)),
      [],
    );
  });

  it('when a registry of the old kind is written, then the scan finds it', () => {
    const sample = ts.createSourceFile(
      'sample.ts',
      `const targets = new Map<string, () => void>();
       let lookup: (() => void) | undefined;
       const FIXED = new Set(['a']);
       export function registerTarget(name: string, fn: () => void) { targets.set(name, fn); }
       export function registerLookup(fn: () => void) { lookup = fn; }
       export const isFixed = (x: string) => FIXED.has(x);`,
      ts.ScriptTarget.Latest,
      true,
    );
    assert.deepEqual([...mutatedInFunctions(sample, topLevelState(sample))].sort(), [
      'lookup',
      'targets',
    ]);
  });
});
