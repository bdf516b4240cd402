import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/**
 * The embedded engine stands on its own: it can be lifted out of forumkit (or
 * read and tested alone) because nothing in it reaches into the app. Its logger
 * is passed in; its only imports are its own files, Node's built-ins and npm packages.
 */
const ENGINE_DIR = path.resolve(__dirname, '../../src/lib/embedded-mongo');
const packageJson = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'),
) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
const PACKAGES = new Set([
  ...Object.keys(packageJson.dependencies ?? {}),
  ...Object.keys(packageJson.devDependencies ?? {}),
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

/** Every literal module specifier: import/export … from, side-effect import, import(), require(). */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.push(m[1]!);
  return found;
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function isAllowed(specifier: string, file: string, root: string): boolean {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    const relative = path.relative(root, path.resolve(path.dirname(file), specifier));
    return !relative.startsWith('..') && !path.isAbsolute(relative);
  }
  if (specifier.startsWith('node:')) return builtinModules.includes(specifier.slice(5));
  if (builtinModules.includes(specifier)) return true;
  return PACKAGES.has(packageName(specifier));
}

/** `file: specifier` for each import under `root` that leaves it for anything but Node or a package. */
function outsideImports(root: string): string[] {
  return sourceFiles(root).flatMap((file) =>
    specifiers(readFileSync(file, 'utf8'))
      .filter((specifier) => !isAllowed(specifier, file, root))
      .map((specifier) => `${path.relative(root, file)}: ${specifier}`),
  );
}

describe('embedded engine independence', () => {
  it('when any file of the engine imports a module, then it is its own, a Node built-in or an npm package', () => {
    assert.deepEqual(outsideImports(ENGINE_DIR), []);
  });

  it('when a file reaches out of the folder or names an unknown module, then the check lists it', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'fk-engine-imports-'));
    try {
      mkdirSync(path.join(root, 'engine', 'commands'), { recursive: true });
      writeFileSync(
        path.join(root, 'engine', 'server.ts'),
        [
          "import net from 'node:net';",
          "import fs from 'fs';",
          "import { ObjectId } from 'bson';",
          "import { Query } from 'mingo/operators/update';",
          "import { silent } from './logger';",
          "import { createLogger } from '../logger';",
          "export { loadConfig } from '../../config';",
          "import './side-effect';",
          "const later = () => import('../views');",
          "const old = require('src/lib/paths');",
          "import type { Thing } from 'not-a-dependency-of-forumkit';",
        ].join('\n'),
      );
      writeFileSync(
        path.join(root, 'engine', 'commands', 'read.ts'),
        "import type { Doc } from '../bson-values';\nimport { log } from '../../logger';\n",
      );
      assert.deepEqual(outsideImports(path.join(root, 'engine')).sort(), [
        'commands/read.ts: ../../logger',
        'server.ts: ../../config',
        'server.ts: ../logger',
        'server.ts: ../views',
        'server.ts: not-a-dependency-of-forumkit',
        'server.ts: src/lib/paths',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
