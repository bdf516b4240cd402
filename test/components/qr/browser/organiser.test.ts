import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { buildProject } from '../../../helpers/factories/events';
import { createUser } from '../../../helpers/auth';
import { launchBrowser, serveTestApp, type ServedApp } from '../../../helpers/browser';
import { mainText, press, signInThroughForm } from '../../../helpers/browser-forms';
import { clearDatabase } from '../../../helpers/hooks';
import {
  getQrCode,
  getResource,
  listPostcards,
  listQrCodes,
  listResources,
} from '../../../../src/components/qr';

/**
 * The registry's organiser forms, filled and sent as a comms person does: a resource
 * with a cover and a PDF, edited and deleted; a city postcard with its front image;
 * a new code and a retarget; the CSV import's check and confirmation.
 */
describe('browser: QR registry forms', function () {
  this.timeout(180_000);
  let browser: Browser;
  let served: ServedApp;
  let page: Page;
  let cover: Buffer;

  before(async () => {
    browser = await launchBrowser();
    await clearDatabase();
    served = await serveTestApp();
    await buildProject({ acronym: 'Re-Value' });
    const comms = await createUser({ role: 'admin' });
    page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signInThroughForm(page, served.baseUrl, comms.email);
    cover = await sharp({ create: { width: 60, height: 80, channels: 3, background: '#c04020' } })
      .png()
      .toBuffer();
  });
  after(async () => {
    await browser?.close();
    await served?.close();
    await clearDatabase();
  });

  it('when a resource is created with a cover and a PDF, edited, and deleted after confirming, then each step shows and is stored', async () => {
    await page.goto(`${served.baseUrl}/qr`);
    await page.getByRole('link', { name: 'Resources', exact: true }).first().click();
    await page.getByText('No resources yet').waitFor();
    await page.getByRole('link', { name: 'New resource' }).click();
    await page.getByLabel('Project').selectOption({ label: 'Re-Value' });
    await page.getByLabel('Deliverable code').fill('D7.99');
    await page.getByLabel('Title').fill('Browser test booklet');
    await page.getByLabel('Type').selectOption('booklet');
    await page.getByLabel('Publication or due date').fill('2026-12');
    await page.getByLabel('The date is').selectOption('due');
    await page
      .getByLabel('Cover image')
      .setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: cover });
    await page.getByLabel('Document (PDF)').setInputFiles({
      name: 'booklet.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    });
    await press(page, 'Create resource');
    assert.match(await mainText(page), /The resource was created\./);
    assert.match(await mainText(page), /D7\.99 Browser test booklet/);
    const [created] = (await listResources({ page: 1, limit: 5 })).items;
    assert.ok(created?.coverUrl && created.documentUrl && created.qrCodeId);
    assert.equal(created.dateKind, 'due');

    // A link and a PDF at once is refused at the link field; nothing changes.
    await page.getByRole('link', { name: 'Edit D7.99 Browser test booklet' }).click();
    await page.getByLabel('Title').fill('Browser test booklet, second edition');
    await page.getByLabel('Document (PDF)').setInputFiles({
      name: 'again.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    await page.getByLabel('Or a link to it').fill('https://example.org/booklet');
    await press(page, 'Save changes');
    assert.equal(await page.getByLabel('Or a link to it').getAttribute('aria-invalid'), 'true');
    assert.equal((await getResource(created.id)).title, 'Browser test booklet');
    await page.getByLabel('Document (PDF)').setInputFiles([]);
    await press(page, 'Save changes');
    assert.match(await mainText(page), /The resource was updated\./);
    const edited = await getResource(created.id);
    assert.equal(edited.title, 'Browser test booklet, second edition');
    assert.equal(edited.externalUrl, 'https://example.org/booklet');
    assert.equal(edited.documentUrl, undefined, 'the link replaced the PDF');

    await page
      .getByRole('link', { name: 'Delete D7.99 Browser test booklet, second edition' })
      .click();
    await page.getByRole('heading', { name: /Delete resource/ }).waitFor();
    await press(page, 'Delete resource');
    assert.match(await mainText(page), /The resource was deleted\./);
    assert.equal((await listResources({ page: 1, limit: 5 })).total, 0);
  });

  it('when a city postcard is created with its front image, then its public page shows it', async () => {
    await page.goto(`${served.baseUrl}/qr/postcards/new`);
    await page.getByLabel('City', { exact: true }).fill('Kaunas');
    await page.getByLabel('Country').fill('LT');
    await page.getByLabel('Project').selectOption({ label: 'Re-Value' });
    await page.getByLabel('Short story').fill('A city of the 1930s modernist heritage.');
    await page
      .getByLabel('Front image')
      .setInputFiles({ name: 'front.png', mimeType: 'image/png', buffer: cover });
    await press(page, 'Create postcard');
    assert.match(await mainText(page), /The postcard was created\./);
    await page.getByRole('link', { name: 'Kaunas', exact: true }).click();
    await page
      .getByRole('heading', { name: /Kaunas/ })
      .first()
      .waitFor();
    const [postcard] = (await listPostcards({ page: 1, limit: 5 })).items;
    assert.ok(postcard?.frontUrl);
  });

  it('when a code is created, then retargeted to an https address and disabled on its form, then scanning it says so', async () => {
    await page.goto(`${served.baseUrl}/qr/codes/new`);
    await page.getByLabel('Kind').selectOption('stand-poster');
    await page.getByLabel('Label').fill('Poster at the entrance');
    await page.getByLabel('Leads to').selectOption('postcard');
    await page.getByLabel('City postcard').selectOption({ label: 'Kaunas, LT' });
    await press(page, 'Create QR code');
    assert.match(await mainText(page), /The code was created\./);
    const code = (await listQrCodes({ page: 1, limit: 50 }, served.baseUrl)).items.find(
      (c) => c.label === 'Poster at the entrance',
    )!;
    assert.equal(code.target.type, 'postcard');
    // The list's filter: by kind.
    await page.getByLabel('Kind').selectOption({ label: 'Game kit' });
    await press(page, 'Show');
    assert.match(await mainText(page), /No codes match this choice\./);
    await page.getByLabel('Kind').selectOption({ label: 'Stand poster' });
    await press(page, 'Show');
    assert.match(await mainText(page), /Poster at the entrance/);
    assert.doesNotMatch(
      await mainText(page),
      /Postcard: Kaunas/,
      "the postcard's own code is of another kind",
    );

    await page.getByRole('link', { name: `Edit ${code.code} Poster at the entrance` }).click();
    await page.getByLabel('Label').fill('Poster by the screen');
    await page.getByLabel('Leads to').selectOption('url');
    await page.getByLabel('Address').fill('https://example.org/film');
    await page.getByLabel(/^In use/).uncheck();
    await press(page, 'Save changes');
    assert.match(await mainText(page), /The code was updated\./);
    const saved = await getQrCode(code.id, served.baseUrl);
    assert.deepEqual(saved.target, { type: 'url', url: 'https://example.org/film' });
    assert.equal(saved.label, 'Poster by the screen');
    assert.equal(saved.enabled, false);
    const scan = await page.goto(`${served.baseUrl}/q/${code.code}`);
    assert.equal(scan?.status(), 410);
  });

  it('when a CSV of cities is checked with a problem, then fixed, checked and imported, then the cities are there', async () => {
    await page.goto(`${served.baseUrl}/qr/postcards`);
    await page.getByRole('link', { name: 'Import cities and postcards from a CSV file' }).click();
    await page.getByLabel('CSV file').setInputFiles({
      name: 'cities.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('project,city,country\nRe-Value,Tartu,Estonia\nRe-Value,Vilnius,LT\n'),
    });
    await press(page, 'Check the file');
    const problems = page.getByRole('table', { name: 'Problems by line and column' });
    assert.equal(await problems.getByRole('row').count(), 2, 'a header row and one problem');
    assert.match(await problems.innerText(), /2\s+country/);
    assert.equal((await listPostcards({ page: 1, limit: 50 })).total, 1);
    await page
      .getByLabel('Or paste the CSV')
      .fill('project,city,country\nRe-Value,Tartu,EE\nRe-Value,Vilnius,LT\n');
    await press(page, 'Check the file');
    assert.match(await mainText(page), /All 2 lines are fine: 2 new/);
    assert.equal((await listPostcards({ page: 1, limit: 50 })).total, 1, 'the check wrote nothing');
    await press(page, 'Import 2 lines');
    assert.match(await mainText(page), /Imported 2 lines: 2 new, 0 updated/);
    assert.equal((await listPostcards({ page: 1, limit: 50 })).total, 3);
  });

  it('when resources are imported from a CSV file, then they are listed with their codes', async () => {
    await page.goto(`${served.baseUrl}/qr/import/resources`);
    await page.getByLabel('CSV file').setInputFiles({
      name: 'resources.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'project,deliverableCode,title,type\nRe-Value,D1.9,Imported report,deliverable\n',
      ),
    });
    await press(page, 'Check the file');
    await press(page, 'Import 1 lines');
    assert.match(await mainText(page), /Imported 1 lines: 1 new/);
    const [resource] = (await listResources({ page: 1, limit: 5 })).items;
    assert.equal(resource?.title, 'Imported report');
    assert.ok(resource.qrCodeId);
  });
});
