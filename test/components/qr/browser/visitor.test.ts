import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { createLogger } from '../../../../src/lib/logger';
import { getEventBySlug } from '../../../../src/components/events';
import { getQrCode, listResources } from '../../../../src/components/qr';
import { seedDatabase } from '../../../../seeds';
import { createUser } from '../../../helpers/auth';
import { launchBrowser, serveTestApp, type ServedApp, signInPage } from '../../../helpers/browser';
import { clearDatabase } from '../../../helpers/hooks';
import { pdfInfo, pdfText } from '../../../helpers/pdf';

const PHONE_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';

/**
 * A visitor scans a printed code with a phone, lands on the resource page and sends
 * feedback; a comms user then finds the scan and the comment on the analytics page.
 */
describe('browser: a visitor scans, lands and gives feedback; comms sees it', function () {
  this.timeout(120_000);
  let browser: Browser;
  let served: ServedApp;

  before(async () => {
    browser = await launchBrowser();
    await clearDatabase();
    await seedDatabase(createLogger('silent'));
    served = await serveTestApp();
  });
  after(async () => {
    await browser?.close();
    await served?.qr.stop();
    await served?.close();
    await clearDatabase();
  });

  it('when the short address is opened on a phone, then the scan and the feedback show up for comms', async () => {
    const conference = await getEventBySlug('2025-cities-mission-conference');
    const d77 = (await listResources({ page: 1, limit: 50 })).items.find(
      (r) => r.deliverableCode === 'D7.7',
    )!;
    const code = await getQrCode(d77.qrCodeId!, served.baseUrl);

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      userAgent: PHONE_UA,
      isMobile: true,
      javaScriptEnabled: false,
    });
    const visitor = await phone.newPage();
    await visitor.goto(`${served.baseUrl}/q/${code.code}?s=qr`);
    assert.equal(new URL(visitor.url()).pathname, `/r/${d77.id}`);
    assert.equal(
      await visitor.getByRole('heading', { level: 1 }).textContent(),
      'Re-Value Impact dialogues with NetZeroCities 2',
    );
    await visitor.getByText('The document is coming').waitFor();
    await visitor.getByLabel('5').check();
    await visitor.getByLabel('Comment (optional)').fill('Found it at the stand, thank you');
    await visitor.getByRole('button', { name: 'Send feedback' }).click();
    await visitor.getByRole('heading', { name: 'Thank you for your feedback' }).waitFor();
    await served.qr.scans.flush();

    const comms = await createUser({ role: 'comms', eventIds: [conference.id] });
    const desk = await (
      await browser.newContext({ viewport: { width: 390, height: 844 } })
    ).newPage();
    await signInPage(desk, served.baseUrl, { email: comms.email });
    await desk.goto(`${served.baseUrl}/qr`);
    await desk.getByRole('link', { name: '2025 Cities Mission Conference' }).click();
    await desk.getByRole('heading', { name: /Scans: 2025 Cities Mission Conference/ }).waitFor();
    const totals = desk.getByRole('table', { name: 'Totals' });
    assert.equal(
      await totals
        .getByRole('row', { name: /^From a printed QR code/ })
        .getByRole('cell')
        .textContent(),
      '1',
    );
    await desk.getByText('Found it at the stand, thank you').waitFor();
    assert.match(await desk.content(), /average rating 5 of 5/);
  });

  it('when a comms user picks codes on the sheet page and presses print, then the PDF holds exactly those labels', async () => {
    const conference = await getEventBySlug('2025-cities-mission-conference');
    const comms = await createUser({ role: 'comms', eventIds: [conference.id] });
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      acceptDownloads: true,
    });
    const desk = await context.newPage();
    await signInPage(desk, served.baseUrl, { email: comms.email });
    await desk.goto(`${served.baseUrl}/qr`);
    await desk.getByRole('link', { name: 'print a QR sheet' }).first().click();
    await desk.getByRole('heading', { name: /Print QR codes/ }).waitFor();
    const boxes = desk.getByRole('checkbox');
    const total = await boxes.count();
    assert.equal(total, 18, 'nine resources and nine postcards');
    // Keep the first three: untick the rest.
    for (let i = 3; i < total; i++) await boxes.nth(i).uncheck();
    await desk.getByLabel('Label stock').selectOption('l7160');
    const [response] = await Promise.all([
      desk.waitForResponse((r) => r.url().includes('/api/print/qr-labels.pdf')),
      desk.getByRole('button', { name: 'Print the sheet (PDF)' }).click(),
    ]);
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/pdf');
    // Chromium shows the PDF in its viewer; the same address with the browser's cookies gives the bytes.
    const again = await desk.context().request.get(response.url());
    const pdf = await again.body();
    assert.equal((await pdfInfo(pdf)).Pages, '1');
    const text = await pdfText(pdf);
    const codes = [...text.matchAll(/\b[2-9a-hjkmnp-z]{7}\b/g)].map((m) => m[0]);
    assert.equal(new Set(codes).size, 3, text);
  });
});
