import assert from 'node:assert/strict';
import { listCafeDutiesOf } from '../../../../src/components/world-cafe';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { createShift, listShifts, updateShift } from '../../../../src/components/exhibitions';
import { createUser } from '../../../helpers/auth';
import { launchBrowser, serveTestApp, type ServedApp, signInPage } from '../../../helpers/browser';
import { buildStand } from '../../../helpers/factories/exhibitions';
import { pdfText } from '../../../helpers/pdf';
import { clearDatabase } from '../../../helpers/hooks';

const AXE_SOURCE = require.resolve('axe-core/axe.min.js');
const XSD = readFileSync(path.join(__dirname, '../../../fixtures/schedule.xsd'), 'utf8');

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SOURCE });
  const violations = (await page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((result) => result.violations.map((v) => v.id + ': ' + v.help + ' at ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`)) as string[];
  return violations;
}

async function assertPhoneFriendly(page: Page): Promise<void> {
  const widths = (await page.evaluate(
    '[document.documentElement.scrollWidth, window.innerWidth]',
  )) as number[];
  assert.ok(widths[0]! <= widths[1]!, `page scrolls sideways: ${widths[0]} > ${widths[1]}`);
  const violations = await axeViolations(page);
  assert.deepEqual(violations, []);
}

/** The stand pages on a 390 px phone, signed in as an admin: every form pressed as a person does. */
describe('browser: stand planner, staff page and "now at the stand"', function () {
  this.timeout(120_000);
  let browser: Browser;
  let served: ServedApp;
  let page: Page;
  let standId: string;
  let boothName: string;

  before(async () => {
    browser = await launchBrowser();
    await clearDatabase();
    served = await serveTestApp();
    const built = await buildStand({
      // An event far ahead, so its shifts are still to come whatever today is.
      event: { startDate: '2035-05-06', endDate: '2035-05-08' },
      minStaff: 1,
      team: ['booth'],
      hours: [{ start: '2035-05-06T10:00:00+03:00', end: '2035-05-06T12:00:00+03:00' }],
    });
    standId = built.stand.id;
    boothName = built.people[0]!.name;
    const admin = await createUser({ role: 'admin' });
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      bypassCSP: true,
    });
    page = await context.newPage();
    await signInPage(page, served.baseUrl, { email: admin.email });
  });
  after(async () => {
    await browser?.close();
    await served?.close();
    await clearDatabase();
  });

  const planner = () => page.goto(`${served.baseUrl}/stands/${standId}?day=2035-05-06`);

  it('when a shift is created in the planner on a phone, then the coverage gap disappears', async () => {
    await planner();
    await assertPhoneFriendly(page);
    assert.equal(await page.locator('li.gap').count(), 1);
    assert.match((await page.locator('li.gap').textContent()) ?? '', /10:00–12:00/);
    await page.locator('#shift-from').fill('10:00');
    await page.locator('#shift-to').fill('12:00');
    await page.locator('#shift-count').fill('1');
    await page.getByLabel(new RegExp(boothName)).check();
    await Promise.all([
      page.waitForURL(/day=2035-05-06/),
      page.getByRole('button', { name: 'Add shift' }).click(),
    ]);
    assert.equal(await page.locator('li.gap').count(), 0);
    assert.match(
      (await page.locator('li.shift').first().textContent()) ?? '',
      new RegExp(boothName),
    );
  });

  it('when opening hours are added with the form, then a new gap shows for them', async () => {
    await planner();
    await page.getByLabel('Opens').fill('14:00');
    await page.getByLabel('Closes').fill('16:00');
    await Promise.all([
      page.waitForURL(/day=2035-05-06/),
      page.getByRole('button', { name: 'Add opening hours' }).click(),
    ]);
    assert.match(await page.locator('#planner').innerText(), /Open: 10:00–12:00, 14:00–16:00/);
    assert.equal(await page.locator('li.gap').count(), 1);
  });

  it('when the pattern form makes one-hour blocks, then one-hour shifts cover every opening hour', async () => {
    await planner();
    await page.locator('#bulk-day').selectOption('2035-05-06');
    await page.getByLabel('Block length (minutes)').fill('60');
    await page.locator('#bulk-count').fill('1');
    await Promise.all([
      page.waitForURL(/day=2035-05-06/),
      page.getByRole('button', { name: 'Create blocks over the opening hours' }).click(),
    ]);
    const times = await page.locator('li.shift strong').allTextContents();
    assert.deepEqual(times, [
      '10:00–11:00',
      '10:00–12:00',
      '11:00–12:00',
      '14:00–15:00',
      '15:00–16:00',
    ]);
  });

  it('when a check is accepted with a reason, then it is shown as accepted', async () => {
    await planner();
    const first = page.locator('.checks form').first();
    await first.getByLabel('Reason to accept').fill('Visitors are few in the afternoon');
    await Promise.all([
      page.waitForURL(/day=2035-05-06/),
      first.getByRole('button', { name: 'Accept' }).click(),
    ]);
    assert.match(
      await page.locator('.checks').innerText(),
      /accepted by .*Visitors are few in the afternoon/,
    );
  });

  it('when a material is added and its status set, then the board moves it', async () => {
    await planner();
    await page.locator('#material-name').fill('Postcards');
    await page.getByLabel('Quantity needed').fill('27');
    await page.getByLabel('Due on site').fill('2035-05-01');
    await Promise.all([
      page.waitForURL(/stands\//),
      page.getByRole('button', { name: 'Add item' }).click(),
    ]);
    await page.getByLabel('Status of Postcards').selectOption('on-site');
    await Promise.all([
      page.waitForURL(/stands\//),
      page.locator('form.status').getByRole('button', { name: 'Set' }).click(),
    ]);
    const onSite = page
      .locator('.board .column')
      .filter({ has: page.getByRole('heading', { name: 'on-site' }) });
    assert.match(await onSite.innerText(), /Postcards/);

    await page.getByText('Change or delete Postcards').click();
    const item = page.getByRole('form', { name: 'Item Postcards' });
    await item.getByLabel('Item', { exact: true }).fill('City postcards');
    await item.getByLabel('Packed', { exact: true }).fill('27');
    await item.getByLabel('On site', { exact: true }).fill('20');
    await item.getByLabel('Due on site').fill('');
    await assertPhoneFriendly(page);
    await Promise.all([
      page.waitForURL(/stands\//),
      item.getByRole('button', { name: 'Save Postcards' }).click(),
    ]);
    assert.match(await onSite.innerText(), /City postcards.*\n.*27\/27 packed/);
    assert.doesNotMatch(await onSite.innerText(), /due/);
    await page.getByText('Change or delete City postcards').click();
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Delete City postcards', exact: true }).click(),
    ]);
    assert.match(await onSite.innerText(), /City postcards/, 'the first press only asks');
    await Promise.all([
      page.waitForURL(/materials-heading/),
      page.getByRole('button', { name: 'Yes, delete City postcards' }).click(),
    ]);
    assert.doesNotMatch(await page.locator('.board').innerText(), /City postcards/);
  });

  it('when the planner’s printout links are followed, then each answers with a PDF that reads back', async () => {
    await planner();
    const printouts = page.getByRole('navigation', { name: 'Printouts and exports' });
    for (const name of [
      'Rota for this day (PDF)',
      'Programme poster, A3 (PDF)',
      'Packing list (PDF)',
    ]) {
      const href = await printouts.getByRole('link', { name }).getAttribute('href');
      assert.ok(href, name);
      const res = await page.request.get(new URL(href, served.baseUrl).toString());
      assert.equal(res.status(), 200, name);
      assert.equal(res.headers()['content-type'], 'application/pdf');
      const text = await pdfText(await res.body());
      assert.match(text, /Cluster stand/, name);
    }
  });

  it('when a schedule link is made, then a plain fetch without cookies gets valid frab XML and JSON until the link is revoked (after a confirmation)', async () => {
    await planner();
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Make a schedule link' }).click(),
    ]);
    await assertPhoneFriendly(page);
    const xmlUrl = await page.getByLabel('frab XML').inputValue();
    const jsonUrl = await page.getByLabel('frab JSON').inputValue();
    assert.match(xmlUrl, /\/exhibitions\/schedule\/[0-9a-f]{24}\/schedule\.xml\?key=/);
    // What a conference app does: a bare GET, no cookies, no sign-in.
    const xml = await fetch(xmlUrl);
    assert.equal(xml.status, 200);
    assert.match(xml.headers.get('content-type') ?? '', /^application\/xml/);
    const text = await xml.text();
    const validation = await validateXML({
      xml: [{ fileName: 'schedule.xml', contents: text }],
      schema: [{ fileName: 'schedule.xsd', contents: XSD }],
    });
    assert.deepEqual(validation.errors, []);
    assert.match(text, /Cluster stand/);
    const json = await fetch(jsonUrl);
    assert.equal(json.status, 200);
    const body = (await json.json()) as { schedule: { conference: { days: unknown[] } } };
    assert.equal(body.schedule.conference.days.length, 3);
    // Without the key, or with a key for another event, nothing is served.
    assert.equal((await fetch(xmlUrl.replace(/\?key=.*$/, ''))).status, 401);

    await planner();
    const revoke = page.getByRole('button', { name: /^Revoke the link made/ });
    assert.equal(await revoke.count(), 1);
    await Promise.all([page.waitForLoadState('load'), revoke.click()]);
    // The first press only asks; the link still works.
    assert.equal((await fetch(xmlUrl)).status, 200);
    await assertPhoneFriendly(page);
    await Promise.all([
      page.waitForURL(/#schedule-heading$/),
      page.getByRole('button', { name: /^Yes, revoke the link made/ }).click(),
    ]);
    assert.match(
      await page.locator('section[aria-labelledby="schedule-heading"]').innerText(),
      /No schedule links yet/,
    );
    const revoked = await fetch(xmlUrl);
    assert.equal(revoked.status, 403);
    assert.equal(((await revoked.json()) as { code: string }).code, 'capability_revoked');
  });

  it('when a sign-up link is made and opened without an account, then the person takes a free shift on their phone', async () => {
    await planner();
    await page.getByRole('button', { name: `Make sign-up link for ${boothName}` }).click();
    const url = await page.locator('.notice a').getAttribute('href');
    assert.ok(url);
    const phone = await (
      await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true })
    ).newPage();
    await phone.goto(url);
    await assertPhoneFriendly(phone);
    const buttons = phone.getByRole('button', { name: /^Take the/ });
    const before = await buttons.count();
    assert.ok(before > 0);
    await Promise.all([phone.waitForURL(/exhibitions\/staff/), buttons.first().click()]);
    assert.equal(await phone.getByRole('button', { name: /^Take the/ }).count(), before - 1);
    assert.doesNotMatch(await phone.locator('main').innerText(), /No shifts yet/);
    // A shift one took can be given back, and is then offered again.
    const giveBack = phone.getByRole('button', { name: /^Give back the/ });
    assert.equal(await giveBack.count(), 1);
    await Promise.all([phone.waitForURL(/exhibitions\/staff/), giveBack.click()]);
    assert.equal(await phone.getByRole('button', { name: /^Take the/ }).count(), before);
    // What comms assigned (10:00–12:00) stays, without a give-back button.
    assert.deepEqual(
      await phone.locator('section[aria-labelledby="mine-heading"] li').allInnerTexts(),
      ['Sun 6 May 10:00–12:00'],
    );
    await assertPhoneFriendly(phone);
    await phone.context().close();
  });

  it('when a shift is changed, deleted (after a confirmation) and opening hours removed with the planner forms, then the day follows; a stale form gets 409', async () => {
    await planner();
    await page.getByText('Change or delete the 14:00–15:00 shift').click();
    const form = page.getByRole('form', { name: 'Shift 14:00–15:00' });
    await form.getByLabel('To').fill('15:30');
    await form.getByLabel('booth', { exact: true }).fill('1');
    await form.getByLabel(new RegExp(boothName)).check();
    await assertPhoneFriendly(page);
    await Promise.all([
      page.waitForURL(/day=2035-05-06/),
      form.getByRole('button', { name: 'Save the 14:00–15:00 shift' }).click(),
    ]);
    const changed = page.locator('li.shift').filter({ hasText: '14:00–15:30' });
    assert.match(await changed.innerText(), new RegExp(`${boothName} \\(booth\\)`));

    // Someone else changes the 15:00 shift while this form is open: saving it is refused.
    await page.getByText('Change or delete the 15:00–16:00 shift').click();
    const stale = page.getByRole('form', { name: 'Shift 15:00–16:00' });
    const shift = (await listShifts(standId)).find(
      (x) => x.start.toISOString() === '2035-05-06T12:00:00.000Z',
    )!;
    await updateShift(
      standId,
      shift.id,
      { version: shift.version, title: 'Changed elsewhere' },
      new Date(),
      listCafeDutiesOf,
    );
    await stale.getByLabel('Title (optional)').fill('Mine');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      stale.getByRole('button', { name: 'Save the 15:00–16:00 shift' }).click(),
    ]);
    assert.equal(answer.status(), 409);
    await page.waitForLoadState('load');
    assert.match(await page.getByRole('alert').innerText(), /Someone else changed this shift/);
    assert.match(
      await page.locator('li.shift').filter({ hasText: '15:00–16:00' }).innerText(),
      /Changed elsewhere/,
    );

    await page.getByText('Change or delete the 15:00–16:00 shift').click();
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Delete the 15:00–16:00 shift' }).click(),
    ]);
    assert.equal(await page.locator('li.shift').filter({ hasText: '15:00–16:00' }).count(), 1);
    await assertPhoneFriendly(page);
    await Promise.all([
      page.waitForURL(/day=2035-05-06/),
      page.getByRole('button', { name: 'Yes, delete the 15:00–16:00 shift' }).click(),
    ]);
    assert.equal(await page.locator('li.shift').filter({ hasText: '15:00–16:00' }).count(), 0);

    await Promise.all([
      page.waitForURL(/day=2035-05-06/),
      page.getByRole('button', { name: 'Remove opening hours 14:00–16:00' }).click(),
    ]);
    assert.match(await page.locator('#planner').innerText(), /Open: 10:00–12:00\n/);
  });

  it('when "now at the stand" is open and a shift starts meanwhile, then the page updates itself; it and the overview pass axe', async () => {
    await page.clock.install();
    const now = await page.goto(`${served.baseUrl}/stands/${standId}/now`);
    assert.equal(now?.status(), 200);
    await assertPhoneFriendly(page);
    const before = await page.locator('#next-heading + p').innerText();
    // A new first shift: the next one on the screen changes after the next update.
    await createShift(
      standId,
      { start: new Date('2035-05-06T06:30:00Z'), end: new Date('2035-05-06T07:00:00Z') },
      new Date(),
      listCafeDutiesOf,
    );
    await page.clock.fastForward(61_000);
    await page.waitForFunction(
      `document.querySelector('#next-heading + p')?.textContent?.trim() !== ${JSON.stringify(before.trim())}`,
    );
    assert.match(await page.locator('#next-heading + p').innerText(), /09:30–10:00/);
    await page.goto(`${served.baseUrl}/stands`);
    await assertPhoneFriendly(page);
  });
});
