import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { issueCapabilityLink, revokeCapabilityLink } from '../../../../src/components/auth';
import { TABLE_SCOPE, type TableView } from '../../../../src/components/world-cafe';
import { type ServedApp, useServedBrowser } from '../../../helpers/browser';
import { buildWorldCafeSession, buildWorldCafeTable } from '../../../helpers/factories/world-cafe';
import { clearDatabase } from '../../../helpers/hooks';

type StoredNote = { clientId: string; text: string };

async function notesOf(tableId: string): Promise<StoredNote[]> {
  return mongoose.connection
    .db!.collection<StoredNote>('worldcafenotes')
    .find({ tableId: new mongoose.Types.ObjectId(tableId) })
    .sort({ capturedAt: 1 })
    .toArray();
}

async function addNote(page: Page, text: string) {
  await page.getByLabel('What was said or decided').fill(text);
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.locator('#entries li', { hasText: text }).waitFor();
}

describe('browser: World Café capture page, offline', function () {
  this.timeout(120_000);
  let browser: Browser;
  let served: ServedApp;
  let context: BrowserContext;
  let table: TableView;
  let url: string;

  const fixture = useServedBrowser();
  before(() => {
    browser = fixture.browser();
    served = fixture.served();
  });
  beforeEach(async () => {
    await clearDatabase();
    const session = await buildWorldCafeSession();
    table = await buildWorldCafeTable({ sessionId: session.id, number: 1 });
    url = (
      await issueCapabilityLink({
        scope: TABLE_SCOPE,
        resourceId: table.id,
        baseUrl: served.baseUrl,
      })
    ).url;
    context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      serviceWorkers: 'allow',
    });
  });
  afterEach(async () => {
    await context?.close();
  });

  it('when notes are captured with the network cut and the page is reloaded offline, then back online each note is stored exactly once, in order', async () => {
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('#capture[data-offline-ready="yes"]').waitFor();
    await addNote(page, 'Online first note');
    await page
      .locator('#entries li[data-status="synced"]', { hasText: 'Online first note' })
      .waitFor();

    await context.setOffline(true);
    await addNote(page, 'Offline note one');
    await addNote(page, 'Offline note <b>two</b>');
    assert.equal(await page.locator('#entries li[data-status="pending"]').count(), 2);
    await page.getByText('2 pending').waitFor();

    await page.reload();
    await page
      .locator('#entries li[data-status="pending"]', { hasText: 'Offline note one' })
      .waitFor();
    assert.equal(await page.locator('#entries li[data-status="pending"]').count(), 2);
    await addNote(page, 'Offline note three, after the reload');
    assert.equal((await notesOf(table.id)).length, 1);
    // User text is shown as text, never as markup.
    assert.equal(await page.locator('#entries b').count(), 0);

    await context.setOffline(false);
    await page.getByText('All synced').waitFor({ timeout: 30_000 });
    const stored = await notesOf(table.id);
    assert.deepEqual(
      stored.map((n) => n.text),
      [
        'Online first note',
        'Offline note one',
        'Offline note <b>two</b>',
        'Offline note three, after the reload',
      ],
    );
    assert.equal(new Set(stored.map((n) => n.clientId)).size, 4);

    // A second tab replaying the same queue stores nothing twice.
    const second = await context.newPage();
    await second.goto(url);
    await second.getByText('All synced').waitFor();
    await page.reload();
    await page.getByText('All synced').waitFor();
    assert.equal((await notesOf(table.id)).length, 4);
  });

  it('when a quote, key outcomes, a photo and the round head count are entered on the phone, then they reach the server with consent and version', async () => {
    const page = await context.newPage();
    await page.goto(url);
    await page.getByLabel('Quote', { exact: true }).fill('Own the next step');
    await page.getByLabel("Speaker's role (optional)").fill('planner');
    await page.getByLabel('The speaker agrees to publication').check();
    await page.getByRole('button', { name: 'Add quote' }).click();
    await page.getByLabel('People at the table in this round').fill('5');
    await page.getByRole('button', { name: 'Save count' }).click();
    await page.locator('#entries li', { hasText: 'People at the table in round 1: 5' }).waitFor();
    await page.getByLabel('Key outcomes').fill('Prototype small\nMap stakeholders');
    await page.getByRole('button', { name: 'Save outcomes' }).click();
    await page.getByLabel('Photo', { exact: true }).setInputFiles({
      name: 'flipchart.png',
      mimeType: 'image/png',
      buffer: await sharp({ create: { width: 40, height: 30, channels: 3, background: '#ffffff' } })
        .png()
        .toBuffer(),
    });
    await page.getByRole('button', { name: 'Add photo' }).click();
    await page
      .locator('#entries li[data-status="synced"]', { hasText: 'Flipchart photo' })
      .waitFor();
    await page.getByText('All synced').waitFor();
    assert.equal(await mongoose.connection.db!.collection('worldcafephotos').countDocuments(), 1);
    await page
      .locator('#entries li[data-status="synced"]', { hasText: 'Key outcomes (2)' })
      .waitFor();
    const quote = await mongoose.connection.db!.collection('worldcafequotes').findOne({});
    assert.equal(quote?.text, 'Own the next step');
    assert.equal(quote?.consent, true);
    const stored = await mongoose.connection
      .db!.collection('worldcafetables')
      .findOne({ _id: new mongoose.Types.ObjectId(table.id) });
    assert.deepEqual(
      (stored?.outcomes.items as { text: string }[]).map((o) => o.text),
      ['Prototype small', 'Map stakeholders'],
    );
    assert.equal(stored?.outcomes.version, 1);
    assert.deepEqual(stored?.participantCounts, [{ round: 1, count: 5 }]);
  });

  it('when dots are put on a note with a thumb, also offline, then each dot is stored once and the count shows it', async () => {
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('#capture[data-offline-ready="yes"]').waitFor();
    await addNote(page, 'Start with one street');
    const row = page.locator('#entries li', { hasText: 'Start with one street' });
    const dot = row.getByRole('button', { name: 'Add a dot to: Start with one street' });
    await page.getByText('All synced').waitFor();
    await dot.waitFor();
    const box = await dot.boundingBox();
    assert.ok(
      box && box.height >= 44 && box.width >= 44,
      `a thumb-sized button: ${JSON.stringify(box)}`,
    );
    await dot.click();
    await dot.click();
    // Exactly "2 dots": "2 dots (1 pending)" is still on its way.
    await row.getByText('· 2 dots', { exact: true }).waitFor();
    await page.getByText('All synced').waitFor();
    const dots = () =>
      mongoose.connection.db!.collection('worldcafevotes').countDocuments({ target: 'note' });
    assert.equal(await dots(), 2);

    await context.setOffline(true);
    await dot.click();
    await row.getByText('· 3 dots (1 pending)').waitFor();
    assert.equal(await dots(), 2);
    await context.setOffline(false);
    await page.getByText('All synced').waitFor({ timeout: 30_000 });
    await row.getByText('· 3 dots', { exact: true }).waitFor();
    assert.equal(await dots(), 3);
    await page.reload();
    await page
      .locator('#entries li', { hasText: 'Start with one street' })
      .getByText('· 3 dots', { exact: true })
      .waitFor();
    assert.equal(await dots(), 3);
  });

  it('when the link was revoked, then the page says so clearly with 403', async () => {
    const link = await issueCapabilityLink({
      scope: TABLE_SCOPE,
      resourceId: table.id,
      baseUrl: served.baseUrl,
    });
    await revokeCapabilityLink(link.id);
    const page = await context.newPage();
    const response = await page.goto(link.url);
    assert.equal(response?.status(), 403);
    assert.equal(
      await page.getByRole('heading', { level: 1 }).textContent(),
      'This link has been revoked',
    );
    await page.getByText('Ask the session').waitFor();
  });
});
