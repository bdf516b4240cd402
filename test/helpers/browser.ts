import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type { AppDeps } from '../../src/app';
import { buildTestApp, testConfig } from './app';
import { BROWSER_MISSING, findBrowser } from './browser-path';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-gpu',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/**
 * Launches headless Chromium (CHROME_PATH, else chromium, chromium-browser or google-chrome on
 * PATH). A missing browser is an error, never a skip: a
 * browser test that silently does not run would hide a broken page.
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  // `npm test` finds or installs one first (ensure-browser.ts); a direct mocha run may not have.
  const executablePath = findBrowser();
  if (!executablePath) throw new Error(BROWSER_MISSING);
  return chromium.launch({
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

export type ServedApp = Awaited<ReturnType<typeof buildTestApp>> & {
  /** e.g. http://127.0.0.1:43121, also the app's configured public address. */
  baseUrl: string;
  close(): Promise<void>;
};

/**
 * Serves the test app on an ephemeral loopback port. The port is taken first so
 * the app's public address (cookies, links) is the address the browser uses.
 */
export async function serveTestApp(overrides: Partial<AppDeps> = {}): Promise<ServedApp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const built = await buildTestApp({
    ...overrides,
    config: overrides.config ?? testConfig({ publicBaseUrl: baseUrl }),
  });
  server.on('request', built.app);
  return {
    ...built,
    baseUrl,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
