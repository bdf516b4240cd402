import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Executable names tried on PATH, in this order, when CHROME_PATH is not set. */
export const BROWSER_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome'] as const;

/** What to do when no browser is found: one line, for the test command to print and stop. */
export const BROWSER_MISSING =
  'npm test needs Chromium or Chrome for its browser tests: install it (Debian/Ubuntu: `apt-get install chromium`) or set CHROME_PATH to its executable.';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The browser the tests drive: `CHROME_PATH` when set (it must then exist: a wrong setting is
 * an error, not a reason to pick another browser), else the first of BROWSER_COMMANDS on PATH.
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROME_PATH) {
    if (isExecutable(env.CHROME_PATH)) return env.CHROME_PATH;
    throw new Error(`CHROME_PATH is set to ${env.CHROME_PATH}, which is not an executable file`);
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const command of BROWSER_COMMANDS) {
    for (const dir of dirs) {
      const file = path.join(dir, command);
      if (isExecutable(file)) return file;
    }
  }
  return undefined;
}
