import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The project folder (the one holding package.json), found from this file whether it
 * runs from src/ (tsx) or from dist/src/ (compiled), so templates/ and public/ are read
 * from one place and an edited layout takes effect without a rebuild.
 */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'templates'))) {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`No project folder above ${start}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);

/** A path inside the project folder, e.g. `projectPath('templates', 'mail')`. */
export const projectPath = (...segments: string[]) => path.join(PROJECT_ROOT, ...segments);
