import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BROWSER_MISSING, findBrowser } from '../helpers/browser-path';
import { isDebianLike, planBrowser } from '../helpers/ensure-browser';

/** How `npm test` finds the browser its browser tests drive (test/helpers/browser-path.ts). */
describe('the test command finding a browser', () => {
  let dir: string;
  const executable = (name: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
    return file;
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'forumkit-browser-path-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when CHROME_PATH is set, then it wins over browsers on PATH', () => {
    executable('chromium');
    const chosen = executable('my-chrome');
    assert.equal(findBrowser({ CHROME_PATH: chosen, PATH: dir }), chosen);
  });

  it('when CHROME_PATH names no executable, then that is an error naming it', () => {
    executable('chromium');
    const missing = path.join(dir, 'nowhere');
    assert.throws(() => findBrowser({ CHROME_PATH: missing, PATH: dir }), /CHROME_PATH.*nowhere/);
  });

  it('when only chromium-browser or google-chrome is on PATH, then that one is used, chromium first', () => {
    const other = mkdtempSync(path.join(tmpdir(), 'forumkit-browser-path-'));
    try {
      const chrome = executable('google-chrome');
      assert.equal(findBrowser({ PATH: dir }), chrome);
      const chromiumBrowser = executable('chromium-browser');
      assert.equal(findBrowser({ PATH: dir }), chromiumBrowser);
      const file = path.join(other, 'chromium');
      writeFileSync(file, '#!/bin/sh\n');
      chmodSync(file, 0o755);
      assert.equal(findBrowser({ PATH: `${dir}${path.delimiter}${other}` }), file);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('when a file of that name is not executable or nothing is on PATH, then none is found', () => {
    writeFileSync(path.join(dir, 'chromium'), '');
    assert.equal(findBrowser({ PATH: dir }), undefined);
    assert.equal(findBrowser({}), undefined);
  });

  it('when no browser is found, then as root on Debian or Ubuntu the plan is to install chromium, else to stop with one line', () => {
    assert.deepEqual(planBrowser({ PATH: dir }, { root: true, debianLike: true }), {
      install: 'chromium',
    });
    for (const machine of [
      { root: false, debianLike: true },
      { root: true, debianLike: false },
    ]) {
      assert.deepEqual(planBrowser({ PATH: dir }, machine), { stop: BROWSER_MISSING });
    }
    assert.ok(!BROWSER_MISSING.includes('\n'));
    const found = executable('chromium');
    assert.deepEqual(planBrowser({ PATH: dir }, { root: true, debianLike: true }), { use: found });
  });

  it('when /etc/os-release names Debian, Ubuntu or a derivative, then it is Debian-like', () => {
    assert.ok(isDebianLike('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n'));
    assert.ok(isDebianLike('NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n'));
    assert.ok(isDebianLike('NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\n'));
    assert.ok(!isDebianLike('NAME="Fedora Linux"\nID=fedora\n'));
    assert.ok(!isDebianLike(''));
  });

  it('when the test command is run with CHROME_PATH naming no browser, then it stops at once with one line', () => {
    const missing = path.join(dir, 'no-chrome');
    const tsx = path.resolve('node_modules/tsx/dist/cli.mjs');
    const result = spawnSync(process.execPath, [tsx, 'test/helpers/ensure-browser.ts'], {
      env: { ...process.env, CHROME_PATH: missing },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.status, 1, result.stderr);
    assert.equal(
      result.stderr,
      `CHROME_PATH is set to ${missing}, which is not an executable file\n`,
    );
  });
});
