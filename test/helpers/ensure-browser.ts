import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { BROWSER_MISSING, findBrowser } from './browser-path';

/**
 * First step of `npm test`: makes sure the browser tests have a browser before mocha starts.
 * Finds one (see findBrowser); else, on Debian or Ubuntu as root, installs Debian's chromium
 * quietly; else stops at once with one line saying what to install — rather than letting every
 * browser test fail on its own.
 */
export type BrowserPlan =
  { use: string } | { install: 'chromium' } | { stop: string /* the one line to print */ };

export function planBrowser(
  env: NodeJS.ProcessEnv,
  machine: { root: boolean; debianLike: boolean },
): BrowserPlan {
  let found: string | undefined;
  try {
    found = findBrowser(env);
  } catch (err) {
    return { stop: (err as Error).message };
  }
  if (found) return { use: found };
  if (machine.root && machine.debianLike) return { install: 'chromium' };
  return { stop: BROWSER_MISSING };
}

/** Debian, Ubuntu or a derivative, by /etc/os-release (ID or ID_LIKE). */
export function isDebianLike(osRelease: string): boolean {
  return /^ID(?:_LIKE)?=.*\b(?:debian|ubuntu)\b/m.test(osRelease);
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

/**
 * apt-get install, quietly. `--reinstall` also takes chromium-common (ICU data, resources)
 * again, so a machine where chromium was removed but its common files' package still counts
 * as installed gets a browser that starts; on a fresh machine it is a plain install.
 */
function installChromium(): boolean {
  console.error("No browser found for the browser tests: installing Debian's chromium (apt-get)…");
  return (
    run('apt-get', ['update', '-qq']) &&
    run('apt-get', ['install', '-y', '-qq', '--reinstall', 'chromium', 'chromium-common'])
  );
}

function main(): number {
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const plan = planBrowser(process.env, {
    root: process.getuid?.() === 0,
    debianLike: process.platform === 'linux' && isDebianLike(osRelease),
  });
  if ('use' in plan) return 0;
  if ('stop' in plan) {
    console.error(plan.stop);
    return 1;
  }
  if (installChromium() && findBrowser()) return 0;
  console.error(BROWSER_MISSING);
  return 1;
}

if (require.main === module) process.exitCode = main();
