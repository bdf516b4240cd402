import assert from 'node:assert/strict';
import request from 'supertest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createKitType, createKits, listHandOuts, listKits } from '../../../../src/components/kits';
import { buildProject } from '../../../helpers/factories/events';
import { createUser } from '../../../helpers/auth';
import { launchBrowser, serveTestApp, type ServedApp, signInPage } from '../../../helpers/browser';
import { clearDatabase } from '../../../helpers/hooks';
import { assertAccessibleAt390 } from './helpers';

describe('browser: handing out kits at the stand', function () {
  this.timeout(120_000);
  let browser: Browser;
  let served: ServedApp;
  let context: BrowserContext;
  let page: Page;
  let serials: string[];

  before(async () => {
    browser = await launchBrowser();
    await clearDatabase();
    served = await serveTestApp();
    // Stand staff hand out their project's kits: a comms user of the kit type's project.
    const project = await buildProject();
    const type = await createKitType({
      name: 'Dominoes',
      serialPrefix: 'DOM',
      projectId: project.id,
    });
    serials = (await createKits(type.id, { count: 3 }, served.baseUrl)).map((k) => k.serial);
    const staff = await createUser({ role: 'comms', projectIds: [project.id] });
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    page = await context.newPage();
    await signInPage(page, served.baseUrl, { email: staff.email }, '/kits/hand-out');
  });
  after(async () => {
    await browser?.close();
    await served?.close();
    await clearDatabase();
  });

  it('the hand-out page is accessible at 390 px', async () => {
    await assertAccessibleAt390(page, '/kits/hand-out');
  });

  it('when a kit is handed out offline, then it is kept on the phone and synced exactly once when the network is back', async () => {
    await context.setOffline(true);
    await page.getByLabel('Kit code').fill(serials[0]!);
    await page.getByLabel('Name', { exact: true }).fill('Ona Offline');
    await page.getByLabel('Organisation').fill('City of Testville');
    await page.getByLabel('E-mail', { exact: true }).fill('ona@example.org');
    await page.getByLabel(/receive up to two e-mails/).check();
    await page.getByRole('button', { name: 'Hand out' }).click();
    await page.getByText('1 waiting to be sent').waitFor();
    assert.equal((await listHandOuts()).length, 0);

    await context.setOffline(false);
    await page.getByText('Everything is sent.').waitFor();
    await page.getByText(`Handed out kit ${serials[0]} to Ona Offline`).first().waitFor();
    // A reload and another flush send nothing again.
    await page.reload();
    await page.evaluate('new Promise((r) => setTimeout(r, 300))');
    const stored = await listHandOuts();
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.serial, serials[0]);
    assert.equal(stored[0]?.consents.followUp.given, true);
  });

  it('when the code is left empty, then a kit is taken from stock; a second hand-out of a kit says who has it', async () => {
    await page.getByLabel('Name', { exact: true }).fill('Petras Stock');
    await page.getByRole('button', { name: 'Hand out' }).click();
    await page.getByText(`Handed out kit ${serials[1]} to Petras Stock`).first().waitFor();
    await page.getByLabel('Kit code').fill(serials[0]!);
    await page.getByRole('button', { name: 'Hand out' }).click();
    await page.getByText(`kit ${serials[0]} is already with Ona Offline`).first().waitFor();
    assert.equal((await listHandOuts()).length, 2);
  });

  it('when a handheld scanner types the short address and Enter, then the form moves on to the recipient and that kit is handed out; a typed short code works too', async () => {
    const kits = await listKits({ page: 1, limit: 10 });
    const third = kits.items.find((k) => k.serial === serials[2])!;
    await page.getByLabel('Kit code').pressSequentially(`${served.baseUrl}/q/${third.qrCode}`);
    await page.getByLabel('Kit code').press('Enter');
    // Enter from the scanner hands out nothing yet: the name field is next.
    await page.getByText(`Code read: ${served.baseUrl}/q/${third.qrCode}`).first().waitFor();
    assert.equal(await page.evaluate('document.activeElement.id'), 'name');
    assert.equal((await listHandOuts()).length, 2);
    await page.getByLabel('Name', { exact: true }).fill('Saulė Scanner');
    await page.getByRole('button', { name: 'Hand out' }).click();
    await page.getByText(`Handed out kit ${serials[2]} to Saulė Scanner`).first().waitFor();
    // The short code alone (as printed under some codes) finds the kit: it is taken now.
    await page.getByLabel('Kit code').fill(third.qrCode);
    await page.getByRole('button', { name: 'Hand out' }).click();
    await page.getByText(`kit ${serials[2]} is already with Saulė Scanner`).first().waitFor();
    assert.equal((await listHandOuts()).length, 3);
  });

  it('serves the scanner libraries from this site', async () => {
    await request(served.app).get('/static/vendor/idb/umd.js').expect(200);
    await request(served.app).get('/static/vendor/jsqr/jsQR.js').expect(200);
  });

  it('when the answer to a hand-out is lost on the way back, then the phone sends it again and it is still stored once', async () => {
    const extra = await createKits(
      (await listKits({ page: 1, limit: 1 })).items[0]!.kitTypeId,
      { count: 1 },
      served.baseUrl,
    );
    let lost = 0;
    let stored!: () => void;
    const reachedServer = new Promise<void>((resolve) => (stored = resolve));
    // The server takes the hand-out; the phone never hears back (a mobile network dropping).
    await page.route('**/api/hand-outs', async (route) => {
      if (lost++ === 0) {
        await route.fetch();
        stored();
        await route.abort('connectionreset');
      } else await route.continue();
    });
    await page.getByLabel('Kit code').fill(extra[0]!.serial);
    await page.getByLabel('Name', { exact: true }).fill('Lina Lost');
    await page.getByRole('button', { name: 'Hand out' }).click();
    await reachedServer;
    await page.getByText('1 waiting to be sent').waitFor();
    assert.equal((await listHandOuts()).filter((h) => h.serial === extra[0]!.serial).length, 1);
    // Coming back online flushes the queue: the repeat is answered with the stored hand-out.
    await page.context().setOffline(true);
    await page.context().setOffline(false);
    await page.getByText(`Handed out kit ${extra[0]!.serial} to Lina Lost`).first().waitFor();
    await page.getByText('Everything is sent.').waitFor();
    await page.unroute('**/api/hand-outs');
    assert.ok(lost >= 2);
    assert.equal((await listHandOuts()).filter((h) => h.serial === extra[0]!.serial).length, 1);
  });
});
