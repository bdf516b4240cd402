import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { seedDatabase } from '../../seeds';
import { listKitTypes } from '../../src/components/kits';
import { createLogger } from '../../src/lib/logger';
import { createUser, TEST_PASSWORD } from '../helpers/auth';
import { launchBrowser, serveTestApp, type ServedApp } from '../helpers/browser';
import { clearDatabase } from '../helpers/hooks';
import { assertAccessibleAt390 } from './kits-helpers';

describe('browser: kit reports for organisers (seeded data)', function () {
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
      await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true })
    ).newPage();
    await page.goto(`${served.baseUrl}/sign-in?next=/kits`);
    await page.getByLabel('E-mail address').fill(admin.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await Promise.all([
      page.waitForURL(`${served.baseUrl}/kits`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
  });
  after(async () => {
    await browser?.close();
    await served?.close();
    await clearDatabase();
  });

  it("shows the report tables with the report's tally, accessible at 390 px", async () => {
    await page.getByText(/Handed out: more than 266 \(4 named, more than 262 in tallies/).waitFor();
    await assertAccessibleAt390(page, '/kits');
  });

  it('when an event is chosen in the filter form, then the tables show that event only', async () => {
    await page.getByLabel('Event').selectOption({ label: '2025 Cities Mission Conference' });
    await Promise.all([
      page.waitForURL(/eventId=/),
      page.getByRole('button', { name: 'Show' }).click(),
    ]);
    await page.getByText(/Handed out: more than 250 \(0 named/).waitFor();
    await assertAccessibleAt390(page, '/kits?eventId=');
  });

  it('the evidence page and the hand-out page are accessible at 390 px', async () => {
    const [type] = await listKitTypes();
    await page.goto(`${served.baseUrl}/kits/types/${type!.id}/evidence`);
    await assertAccessibleAt390(page, 'evidence');
    await page.goto(`${served.baseUrl}/kits/hand-out`);
    await assertAccessibleAt390(page, 'hand-out (seeded)');
    const res = await page.goto(`${served.baseUrl}/k/DOM-0005`);
    assert.equal(res?.status(), 200);
    await assertAccessibleAt390(page, 'kit page (seeded)');
  });
});
