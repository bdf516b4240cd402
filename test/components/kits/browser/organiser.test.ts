import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { seedDatabase } from '../../../../seeds';
import {
  createKitType,
  createKits,
  listHandOuts,
  listKitTypes,
} from '../../../../src/components/kits';
import { createLogger } from '../../../../src/lib/logger';
import { buildProject } from '../../../helpers/factories/events';
import { createUser, TEST_PASSWORD } from '../../../helpers/auth';
import { launchBrowser, serveTestApp, type ServedApp, signInPage } from '../../../helpers/browser';
import { clearDatabase } from '../../../helpers/hooks';
import { assertAccessibleAt390 } from './helpers';

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
    await signInPage(page, served.baseUrl, { email: admin.email }, '/kits');
  });
  after(async () => {
    await browser?.close();
    await served?.close();
    await clearDatabase();
  });

  it("shows the report tables with the report's tally, accessible at 390 px", async () => {
    await page.getByText(/Handed out: more than 269 \(7 named, more than 262 in tallies/).waitFor();
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

  it('when hand-outs are selected and "send now" is pressed, then each gets its next follow-up once and the schedule moves on', async () => {
    await page.goto(`${served.baseUrl}/kits`);
    await Promise.all([
      page.waitForURL(/\/kits\/hand-outs$/),
      page.getByRole('link', { name: 'Hand-outs and follow-ups' }).click(),
    ]);
    const row = (serial: string) => page.getByRole('row').filter({ hasText: serial });
    // DOM-0005 was handed out six weeks ago with consent: week 4 is due; DOM-0007 has no consent.
    assert.match(await row('DOM-0005').innerText(), /Yes\s+None\s+Week 4/);
    assert.equal(await page.getByLabel('Select kit DOM-0007').count(), 0);
    await page.getByLabel('Select kit DOM-0005').check();
    await page.getByLabel('Select kit DOM-0001').check();
    await Promise.all([
      page.waitForURL(/sent=2/),
      page.getByRole('button', { name: 'Send the next follow-up now' }).click(),
    ]);
    await page.getByText('2 follow-up e-mails queued').waitFor();
    assert.match(await row('DOM-0005').innerText(), /Yes\s+4\s+Week 12/);
    await assertAccessibleAt390(page, '/kits/hand-outs');
    // Nothing selected: a clear answer, nothing sent.
    const res = await page.request.post(`${served.baseUrl}/kits/hand-outs/send-now`, {
      form: { _csrf: await page.locator('input[name="_csrf"]').first().inputValue() },
    });
    assert.equal(res.status(), 400);
  });

  it('when an admin anonymises a recipient on the hand-outs page after confirming, then their name is gone and the counts stay', async () => {
    await page.goto(`${served.baseUrl}/kits/hand-outs`);
    const row = page.getByRole('row').filter({ hasText: 'DOM-0005' });
    const before = (await row.getByRole('cell').nth(2).innerText()).split(' Export')[0]!.trim();
    assert.ok(before && before !== 'Anonymised', before);
    const handOutsBefore = (await listHandOuts()).length;
    await row.getByText('Anonymise the recipient of kit DOM-0005', { exact: true }).click();
    await assertAccessibleAt390(page, '/kits/hand-outs (confirmation open)');
    await Promise.all([
      page.waitForURL(/anonymised=1/),
      page.getByRole('button', { name: 'Yes, anonymise the recipient of kit DOM-0005' }).click(),
    ]);
    await page.getByText('The recipient was anonymised; the counts stay.').waitFor();
    assert.match(await row.innerText(), /Anonymised/);
    assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(before.split(',')[0]!));
    assert.equal((await listHandOuts()).length, handOutsBefore);
  });

  it('the evidence page and the hand-out page are accessible at 390 px', async () => {
    const [type] = await listKitTypes();
    await page.goto(`${served.baseUrl}/kits/types/${type!.id}/evidence`);
    // The demo's play reports fill it in.
    await page.getByText('Demo report: the planning team played one round over lunch.').waitFor();
    await assertAccessibleAt390(page, 'evidence');
    await page.goto(`${served.baseUrl}/kits/hand-out`);
    await assertAccessibleAt390(page, 'hand-out (seeded)');
    const res = await page.goto(`${served.baseUrl}/k/DOM-0005`);
    assert.equal(res?.status(), 200);
    await assertAccessibleAt390(page, 'kit page (seeded)');
  });
});

describe('browser: importing paper hand-outs', function () {
  this.timeout(120_000);
  let browser: Browser;
  let served: ServedApp;
  let page: Page;
  let typeId: string;

  before(async () => {
    browser = await launchBrowser();
    await clearDatabase();
    served = await serveTestApp();
    const project = await buildProject();
    typeId = (await createKitType({ name: 'Dominoes', serialPrefix: 'DOM', projectId: project.id }))
      .id;
    await createKits(typeId, { count: 3 }, served.baseUrl);
    const comms = await createUser({ role: 'comms', projectIds: [project.id] });
    page = await (
      await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true })
    ).newPage();
    await page.goto(`${served.baseUrl}/sign-in?next=/kits/types/${typeId}/import`);
    await page.getByLabel('E-mail address').fill(comms.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await Promise.all([
      page.waitForURL(/\/import$/),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
  });
  after(async () => {
    await browser?.close();
    await served?.close();
    await clearDatabase();
  });

  it('when a CSV with a bad line is checked, then the lines are listed; fixed and imported, the hand-outs are stored', async () => {
    await assertAccessibleAt390(page, 'import');
    await page
      .getByLabel('Or paste the CSV')
      .fill(
        'serial,handed_out_at,name,country\nDOM-0001,2025-05-06,Ona,LT\nDOM-0002,2025-05-06,Jonas,Latvia\n',
      );
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('Line 3, country: must be two letters, e.g. LT').waitFor();
    await assertAccessibleAt390(page, 'import errors');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText('nothing was imported').waitFor();
    assert.equal((await listHandOuts()).length, 0);
    await page
      .getByLabel('Or paste the CSV')
      .fill(
        'serial,handed_out_at,name,country\nDOM-0001,2025-05-06,Ona,LT\nDOM-0002,2025-05-06,Jonas,LV\n',
      );
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('All 2 lines are fine').waitFor();
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText('Imported 2 hand-outs and 0 tallies').waitFor();
    assert.equal((await listHandOuts()).length, 2);
  });

  it('when a CSV file is chosen and checked, then Import writes it without choosing the file again', async () => {
    const lines = ['handed_out_at,name,city,country'];
    for (let i = 0; i < 1500; i++) lines.push(`2025-05-06,Person ${i},Kaunas,LT`);
    // 1,500 lines from stock but one kit left: the check says so, by line.
    await page.getByLabel('CSV file').setInputFiles({
      name: 'paper.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(lines.join('\n')),
    });
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('1500 lines without serial, but only 1 kits in stock').waitFor();
    await page.getByLabel('CSV file').setInputFiles({
      name: 'paper.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('handed_out_at,name,city,country\n2025-05-07,Rūta,Vilnius,LT\n'),
    });
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('All 1 lines are fine').waitFor();
    assert.match(await page.getByLabel('Or paste the CSV').inputValue(), /Rūta/);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText('Imported 1 hand-outs and 0 tallies').waitFor();
    const stored = await listHandOuts();
    assert.equal(stored.length, 3);
    assert.ok(stored.some((h) => h.city === 'Vilnius'));
  });
});
