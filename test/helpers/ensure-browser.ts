import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { BROWSER_MISSING, findBrowser } from './browser-path';

/**
 * First step of `npm test`: makes sure the browser tests have a browser before mocha starts.
 * Finds one (see findBrowser); else, on Debian or Ubuntu as root, installs Debian's chromium
 * quietly; else stops at once with one line saying what to install — rather than letting every
 * browser test fail on its own.
 */
function debianLike(): boolean {
  if (process.platform !== 'linux' || !existsSync('/etc/os-release')) return false;
  const release = readFileSync('/etc/os-release', 'utf8');
  const ids = /^(?:ID|ID_LIKE)=(.*)$/gm;
  for (let match = ids.exec(release); match; match = ids.exec(release)) {
    if (/\b(debian|ubuntu)\b/.test(match[1]!.replace(/"/g, ''))) return true;
  }
  return false;
}

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
  });
  if (result.status === 0) return true;
  process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}${result.error ?? ''}\n`);
  return false;
}

function installChromium(): boolean {
  console.error("No browser found for the browser tests: installing Debian's chromium (apt-get)…");
  return (
    run('apt-get', ['update', '-qq']) &&
    run('apt-get', ['install', '-y', '-qq', 'chromium']) &&
    findBrowser() !== undefined
  );
}

function main(): number {
  try {
    if (findBrowser()) return 0;
  } catch (err) {
    console.error((err as Error).message);
    return 1;
  }
  const root = process.getuid?.() === 0;
  if (root && debianLike() && installChromium()) return 0;
  console.error(BROWSER_MISSING);
  return 1;
}

process.exitCode = main();
