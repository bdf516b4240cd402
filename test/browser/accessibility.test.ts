import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { createLogger } from '../../src/lib/logger';
import { seedDatabase } from '../../seeds';
import { createUser, TEST_PASSWORD } from '../helpers/auth';
import { launchBrowser, serveTestApp, type ServedApp } from '../helpers/browser';
import { clearDatabase } from '../helpers/hooks';

const AXE_SOURCE = require.resolve('axe-core/axe.min.js');

type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
};

/** Runs axe-core (WCAG 2.1 A and AA rules) in the page and returns what it found. */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE_SOURCE });
  // A string, evaluated in the page: axe and the DOM exist there, not in this process.
  return page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((result) => result.violations)`) as Promise<AxeViolation[]>;
}

const describeViolations = (violations: AxeViolation[]) =>
  violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    )
    .join('\n');

/**
 * The organiser pages, signed in as an admin on the seeded data, on a phone-sized
 * screen, checked with axe-core in a real browser.
 */
describe('browser: accessibility of the organiser pages', function () {
  this.timeout(120_000);
  let browser: Browser;
  let served: ServedApp;
  let page: Page;

  before(async () => {
    browser = await launchBrowser();
    await clearDatabase();
    await seedDatabase(createLogger('silent'));
    served = await serveTestApp();
    const admin = await createUser({ role: 'admin' });
    page = await (
      await browser.newContext({
        viewport: { width: 390, height: 844 },
        // axe is injected as a script; the app's CSP (rightly) refuses inline scripts.
        bypassCSP: true,
      })
    ).newPage();
    await page.goto(`${served.baseUrl}/sign-in`);
    const signInViolations = await axeViolations(page);
    assert.equal(signInViolations.length, 0, describeViolations(signInViolations));
    await page.getByLabel('E-mail address').fill(admin.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await Promise.all([
      page.waitForURL(`${served.baseUrl}/`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
  });
  after(async () => {
    await browser?.close();
    await served?.close();
    await clearDatabase();
  });

  const pages = [
    '/',
    '/calendars',
    '/account',
    '/admin/users',
    '/admin/outbox',
    '/admin/mail',
    '/stands/new',
  ];
  for (const path of pages) {
    it(`when ${path} is opened on a phone, then axe finds no WCAG A/AA violations`, async () => {
      const response = await page.goto(`${served.baseUrl}${path}`);
      assert.equal(response?.status(), 200);
      const violations = await axeViolations(page);
      assert.equal(violations.length, 0, describeViolations(violations));
    });
  }

  it('when a page does not exist, then the error page is a 404 in the layout with no WCAG A/AA violations', async () => {
    const response = await page.goto(`${served.baseUrl}/no-such-page`);
    assert.equal(response?.status(), 404);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Page not found');
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
  });

  it('when an event page is opened on a phone, then axe finds no WCAG A/AA violations', async () => {
    await page.goto(`${served.baseUrl}/`);
    await Promise.all([
      page.waitForURL(/\/events\//),
      page.getByRole('link', { name: '2025 Cities Mission Conference' }).click(),
    ]);
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
  });
});
