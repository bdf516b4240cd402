import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { issueCapabilityLink } from '../../../../src/components/auth';
import { TABLE_SCOPE, putNote, putOutcomes, putQuote } from '../../../../src/components/world-cafe';
import { launchBrowser, serveTestApp, type ServedApp } from '../../../helpers/browser';
import { buildWorldCafeSession, buildWorldCafeTable } from '../../../helpers/factories/world-cafe';
import { clearDatabase } from '../../../helpers/hooks';
import mongoose from 'mongoose';

const AXE_SOURCE = require.resolve('axe-core/axe.min.js');

async function check(page: Page) {
  await page.addScriptTag({ path: AXE_SOURCE });
  const violations = (await page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`)) as string[];
  assert.deepEqual(violations, []);
  const overflow = await page.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
  assert.equal(overflow, 0, 'no horizontal scrolling at 390 px');
}

describe('browser: World Café pages on a phone (axe, 390 px) and the voting forms', function () {
  this.timeout(120_000);
  let browser: Browser;
  let served: ServedApp;
  let page: Page;
  let sessionId: string;
  let captureUrl: string;
  let tableId: string;
  let tableNumber: number;

  before(async () => {
    browser = await launchBrowser();
    await clearDatabase();
    served = await serveTestApp();
    const session = await buildWorldCafeSession();
    sessionId = session.id;
    const table = await buildWorldCafeTable({ sessionId });
    tableId = table.id;
    tableNumber = table.number;
    await putOutcomes(table.id, { baseVersion: 0, items: [{ text: 'Prototype <small>' }] });
    captureUrl = (
      await issueCapabilityLink({
        scope: TABLE_SCOPE,
        resourceId: table.id,
        baseUrl: served.baseUrl,
      })
    ).url;
    page = await (
      await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true })
    ).newPage();
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });

  for (const [name, path] of [
    ['capture page', () => captureUrl],
    ['live wall', () => `${served.baseUrl}/world-cafe/sessions/${sessionId}/wall`],
    ['voting page', () => `${served.baseUrl}/world-cafe/sessions/${sessionId}/vote`],
    [
      "table's public page (where the tent's code leads)",
      () => `${served.baseUrl}/world-cafe/sessions/${sessionId}/tables/${tableNumber}`,
    ],
  ] as const) {
    it(`when the ${name} is opened on a phone, then axe finds no WCAG A/AA violations and nothing scrolls sideways`, async () => {
      const response = await page.goto(path());
      assert.equal(response?.status(), 200);
      await check(page);
    });
  }

  it('when a visitor presses Vote and then leaves an e-mail with consent, then both are stored once', async () => {
    await page.goto(`${served.baseUrl}/world-cafe/sessions/${sessionId}/vote`);
    await page.getByRole('button', { name: 'Vote for: Prototype <small>' }).click();
    await page.getByText('Thank you, your vote counts.').waitFor();
    await page.getByRole('button', { name: 'Vote for: Prototype <small>' }).click();
    await page.getByText('You have already voted for that outcome.').waitFor();
    await page.getByLabel('Your e-mail address').fill('visitor@example.org');
    await page.getByRole('button', { name: 'Send me the report' }).click();
    await page.getByText('Tick the box').waitFor();
    await page.getByLabel('Keep my address to send me the published report (only that)').check();
    await page.getByRole('button', { name: 'Send me the report' }).click();
    await page.getByText('We will send you the report once it is published.').waitFor();
    const db = mongoose.connection.db!;
    assert.equal(await db.collection('worldcafevotes').countDocuments({ target: 'outcome' }), 1);
    assert.equal(
      await db.collection('worldcafesubscribers').countDocuments({ email: 'visitor@example.org' }),
      1,
    );
  });

  it('when notes and quotes with HTML and script reach the wall, before and while it is open, then it shows them as text and runs nothing', async () => {
    const markup = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    await putNote(tableId, 'note-markup-0001', { text: `Before ${markup}` });
    await putQuote(tableId, 'quote-markup-0001', { text: `Quoted ${markup}`, consent: true });
    const wall = await (
      await browser.newContext({ viewport: { width: 1280, height: 800 } })
    ).newPage();
    await wall.goto(`${served.baseUrl}/world-cafe/sessions/${sessionId}/wall`);
    await wall.getByText('Live').waitFor();
    await putNote(tableId, 'note-markup-0002', { text: `Live ${markup}` });
    await wall.getByText(`Live ${markup}`).waitFor();
    await wall.getByText(`Before ${markup}`).waitFor();
    await wall.getByText(`“Quoted ${markup}”`, { exact: false }).first().waitFor();
    // The only image is the wall's own voting QR: none is made from the text.
    assert.deepEqual(
      await wall
        .locator('.wc-wall img')
        .evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src'))),
      [`/world-cafe/sessions/${sessionId}/vote-qr.svg`],
      'no element made from the text',
    );
    assert.equal(await wall.locator('.wc-wall script').count(), 0);
    assert.equal(await wall.evaluate('window.__pwned'), undefined, 'no script ran');
    await wall.context().close();
  });
});
