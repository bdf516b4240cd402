import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import type { AppDeps } from '../../src/app';
import { buildTestApp, closeTestApp, testConfig, type TestApp } from './app';
import { TEST_PASSWORD } from './auth';
import { BROWSER_MISSING, findBrowser } from './browser-path';
import { lastingHandles } from './open-handles';

/**
 * One headless Chromium for the whole run, shared by every browser test: each file (or
 * test) gets a fresh context of its own, so cookies and storage never leak between them.
 * Launched on first use; the root hooks close it at the end of the run.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-gpu',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

let runDir: string | undefined;
function browserRunDir(): string {
  runDir ??= mkdtempSync(path.join(tmpdir(), 'forumkit-browser-'));
  return runDir;
}

/**
 * The shared browser's camera plays this file (Chromium's fake capture device reads it when
 * a page starts the camera): a test that films something writes its YUV4MPEG2 video here first.
 */
export function fakeCameraVideoPath(): string {
  return path.join(browserRunDir(), 'camera.y4m');
}

let launching: Promise<Browser> | undefined;

/**
 * The run's Chromium (CHROME_PATH, else chromium, chromium-browser or google-chrome on PATH).
 * A missing browser is an error, never a skip: a browser test that silently does not run
 * would hide a broken page.
 */
export function sharedBrowser(): Promise<Browser> {
  launching ??= lastingHandles(async () => {
    // `npm test` finds or installs one first (ensure-browser.ts); a direct mocha run may not have.
    const executablePath = findBrowser();
    if (!executablePath) throw new Error(BROWSER_MISSING);
    return chromium.launch({
      executablePath,
      headless: true,
      args: [
        ...CHROMIUM_ARGS,
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${fakeCameraVideoPath()}`,
      ],
    });
  });
  return launching;
}

/** Closes the shared browser (root hooks, end of run). */
export async function closeSharedBrowser(): Promise<void> {
  const browser = launching && (await launching.catch(() => undefined));
  launching = undefined;
  await browser?.close();
  if (runDir) rmSync(runDir, { recursive: true, force: true });
  runDir = undefined;
}

/** A phone's screen: most pages are checked at this size. */
export const PHONE_VIEWPORT = { width: 390, height: 844 } as const;

/** A fresh context (its own cookies and storage) in the shared browser. Close it when done. */
export async function newBrowserContext(
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return (await sharedBrowser()).newContext(options);
}

/**
 * The shared browser as a `Browser` for one test file: contexts made through it are closed
 * by its `close()`, which leaves the browser itself running for the other files.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await sharedBrowser();
  const contexts = new Set<BrowserContext>();
  return new Proxy(browser, {
    get(target, property, receiver) {
      if (property === 'newContext') {
        return async (options?: BrowserContextOptions) => {
          const context = await target.newContext(options);
          contexts.add(context);
          context.on('close', () => contexts.delete(context));
          return context;
        };
      }
      if (property === 'newPage') {
        return async (options?: BrowserContextOptions) => {
          const context = await target.newContext(options);
          contexts.add(context);
          return context.newPage();
        };
      }
      if (property === 'close') {
        return async () => {
          await Promise.all([...contexts].map((context) => context.close()));
          contexts.clear();
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

export type ServedApp = TestApp & {
  /** e.g. http://127.0.0.1:43121, also the app's configured public address. */
  baseUrl: string;
  /** Stops serving and closes the app (closeTestApp). */
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
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }).then(() => closeTestApp(built)));
  return Object.assign(built, { baseUrl, close });
}

/**
 * Signs in through the sign-in form, as a person does, and waits for the page it leads
 * to (`next`, default `/`).
 */
export async function signInPage(
  page: Page,
  baseUrl: string,
  user: { email: string; password?: string },
  next = '/',
): Promise<void> {
  await page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('E-mail address').fill(user.email);
  await page.getByLabel('Password').fill(user.password ?? TEST_PASSWORD);
  await Promise.all([
    page.waitForURL(`${baseUrl}${next}`),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

/**
 * The set-up every browser test file shares: a view of the shared Chromium and the app
 * served on a loopback port, both for the whole `describe` block and closed after it.
 *
 *   const { browser, served } = useServedBrowser();   // inside describe(...)
 *   it('…', async () => { const page = await browser().newPage(); … served().baseUrl … });
 */
export function useServedBrowser(overrides: () => Partial<AppDeps> = () => ({})): {
  browser: () => Browser;
  served: () => ServedApp;
} {
  let browser: Browser | undefined;
  let served: ServedApp | undefined;
  before(async () => {
    browser = await launchBrowser();
    served = await serveTestApp(overrides());
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });
  const need = <T>(value: T | undefined, what: string): T => {
    if (!value) throw new Error(`${what} is used before useServedBrowser's before hook ran`);
    return value;
  };
  return {
    browser: () => need(browser, 'the browser'),
    served: () => need(served, 'the served app'),
  };
}
