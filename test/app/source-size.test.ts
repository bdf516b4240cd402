import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Every file in src/ stays readable in one sitting: at most 400 lines, and no
 * function (declaration, expression, arrow or method) over 150 lines. A closure that
 * grows past that is a router or a page that wants splitting by what it does.
 */
const SRC = path.resolve(__dirname, '../../src');
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 150;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

type Found = { where: string; lines: number };

/** Each function-like node of a file with its length in lines (first to last line). */
function longFunctions(file: string, text: string): Found[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Found[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > MAX_FUNCTION_LINES) {
        const name =
          'name' in node && node.name && ts.isIdentifier(node.name as ts.Node)
            ? (node.name as ts.Identifier).text
            : '(anonymous)';
        found.push({ where: `${path.relative(SRC, file)}:${start + 1} ${name}`, lines });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('source size', () => {
  const files = sourceFiles(SRC);

  it('finds the sources (a wrong path would pass vacuously)', () => {
    assert.ok(files.length > 100, `only ${files.length} files under ${SRC}`);
  });

  it(`when any file in src/ is read, then it has at most ${MAX_FILE_LINES} lines`, () => {
    const tooLong = files
      .map((file) => ({
        where: path.relative(SRC, file),
        lines: lineCount(readFileSync(file, 'utf8')),
      }))
      .filter((f) => f.lines > MAX_FILE_LINES);
    assert.deepEqual(tooLong, [], 'files over the limit');
  });

  it(`when any function in src/ is read, then it has at most ${MAX_FUNCTION_LINES} lines`, () => {
    const tooLong = files.flatMap((file) => longFunctions(file, readFileSync(file, 'utf8')));
    assert.deepEqual(tooLong, [], 'functions over the limit');
  });

  it('when a function is too long, then the check names it (the check itself works)', () => {
    const body = Array.from({ length: MAX_FUNCTION_LINES + 5 }, (_, i) => `  call(${i});`);
    const text = [
      'const f = () => {',
      ...body,
      '};',
      'class C {',
      '  m() {',
      ...body,
      '  }',
      '}',
    ].join('\n');
    const found = longFunctions(path.join(SRC, 'example.ts'), text);
    assert.deepEqual(
      found.map((f) => f.where),
      ['example.ts:1 (anonymous)', `example.ts:${MAX_FUNCTION_LINES + 9} m`],
    );
  });
});
