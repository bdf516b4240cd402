import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { createLogger } from '../../src/lib/logger';
import { seedDatabase } from '../../seeds';
import { getEventBySlug } from '../../src/components/events';
import { listStandsOfEvent } from '../../src/components/exhibitions';
import { DEMO_EVENT_SLUG } from '../../seeds/data/demo-event';
import {
  listAllQrCodes,
  listPostcards,
  listResources,
  updateQrCode,
} from '../../src/components/qr';
import {
  issueClaimLink,
  listHandOuts,
  listKitTypes,
  sendFollowUpsNow,
} from '../../src/components/kits';
import mongoose from 'mongoose';
import { createUser, TEST_PASSWORD } from '../helpers/auth';
import { launchBrowser, serveTestApp, type ServedApp, signInPage } from '../helpers/browser';
import { assertNoHorizontalScroll, press } from '../helpers/browser-forms';
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
    '/problems',
    '/problems/validation_failed',
    '/qr',
    '/stands/new',
    '/world-cafe',
  ];
  for (const path of pages) {
    it(`when ${path} is opened on a phone, then axe finds no WCAG A/AA violations`, async () => {
      const response = await page.goto(`${served.baseUrl}${path}`);
      assert.equal(response?.status(), 200);
      const violations = await axeViolations(page);
      assert.equal(violations.length, 0, describeViolations(violations));
    });
  }

  // The pages to create, edit and delete records: lists, empty forms, and a form showing errors.
  const formPages = [
    '/events',
    '/events/new',
    '/directory',
    ...['clusters', 'projects', 'organisations', 'cities', 'people'].flatMap((kind) => [
      `/directory/${kind}`,
      `/directory/${kind}/new`,
    ]),
  ];
  for (const path of formPages) {
    it(`when ${path} is opened on a phone, then axe finds no WCAG A/AA violations and nothing scrolls sideways`, async () => {
      const response = await page.goto(`${served.baseUrl}${path}`);
      assert.equal(response?.status(), 200);
      const violations = await axeViolations(page);
      assert.equal(violations.length, 0, describeViolations(violations));
      await assertNoHorizontalScroll(page);
    });
  }

  it("when an event's edit, delete and programme pages are opened on a phone, then axe finds no violations and nothing scrolls sideways", async () => {
    await page.goto(`${served.baseUrl}/events`);
    await Promise.all([
      page.waitForURL(/\/events\/[0-9a-f]{24}$/),
      page.getByRole('link', { name: '2025 Cities Mission Conference', exact: true }).click(),
    ]);
    const eventPath = new URL(page.url()).pathname;
    await page.goto(`${served.baseUrl}${eventPath}/programme`);
    const editItem = await page
      .getByRole('link', { name: /^Edit / })
      .first()
      .getAttribute('href');
    const deleteItem = await page
      .getByRole('link', { name: /^Delete / })
      .first()
      .getAttribute('href');
    for (const path of [
      `${eventPath}/edit`,
      `${eventPath}/delete`,
      `${eventPath}/programme`,
      `${eventPath}/programme/new`,
      `/world-cafe${eventPath}/sessions`,
      editItem,
      deleteItem,
    ]) {
      const response = await page.goto(`${served.baseUrl}${path}`);
      assert.equal(response?.status(), 200, String(path));
      const violations = await axeViolations(page);
      assert.equal(violations.length, 0, `${path}: ${describeViolations(violations)}`);
      await assertNoHorizontalScroll(page);
    }
  });

  it('when the demo stand’s planner, set-up page (every edit form unfolded) and now page are opened on a phone, then axe finds no violations and nothing scrolls sideways', async () => {
    const event = await getEventBySlug(DEMO_EVENT_SLUG);
    const [stand] = await listStandsOfEvent(event.id);
    assert.ok(stand, 'the demo event has a stand');
    for (const path of [
      '/stands',
      `/stands/${stand.id}`,
      `/stands/${stand.id}/setup`,
      `/stands/${stand.id}/now`,
    ]) {
      const response = await page.goto(`${served.baseUrl}${path}`);
      assert.equal(response?.status(), 200, path);
      await page.evaluate(
        `document.querySelectorAll('details').forEach((d) => { d.open = true; })`,
      );
      const violations = await axeViolations(page);
      assert.equal(violations.length, 0, `${path}: ${describeViolations(violations)}`);
      await assertNoHorizontalScroll(page);
    }
  });

  it('when a form comes back with errors on a phone, then axe finds no violations and nothing scrolls sideways', async () => {
    await page.goto(`${served.baseUrl}/events/new`);
    await page.getByLabel('First day').fill('2025-05-08');
    await press(page, 'Create event');
    assert.equal(
      await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid'),
      'true',
    );
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await assertNoHorizontalScroll(page);
  });

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

/**
 * The visitors' pages (QR landing pages, feedback, code errors) and the QR analytics
 * page, on the seeded data, at 390 px: no WCAG A/AA violations, no sideways scrolling.
 */
describe('browser: accessibility of the QR pages', function () {
  this.timeout(120_000);
  let browser: Browser;
  let served: ServedApp;
  let page: Page;
  const paths: string[] = [];

  before(async () => {
    browser = await launchBrowser();
    await clearDatabase();
    await seedDatabase(createLogger('silent'));
    served = await serveTestApp();
    const demo = await getEventBySlug('demo-expo');
    const resource = (await listResources({ page: 1, limit: 50 })).items[0]!;
    const postcard = (await listPostcards({ page: 1, limit: 50 })).items[0]!;
    const codes = await listAllQrCodes({ eventId: demo.id }, served.baseUrl);
    const kit = codes.find((c) => c.kind === 'kit')!;
    const poster = codes.find((c) => c.kind === 'stand-poster')!;
    await updateQrCode(poster.id, { enabled: false }, served.baseUrl);
    // A stand zone, as exhibitions places codes: its analytics page is checked too.
    const zoneId = '0123456789abcdef01234567';
    await updateQrCode(kit.id, { zoneId }, served.baseUrl);
    paths.push(
      `/r/${resource.id}`,
      `/p/${postcard.id}`,
      `/e/${demo.slug}`,
      `/l/${kit.code}`,
      '/q/zzzzzzz',
      `/q/${poster.code}`,
      `/feedback/thanks?subject=resource&id=${resource.id}`,
      `/qr/analytics?scope=event&id=${demo.id}`,
      `/qr/sheet?eventId=${demo.id}`,
      `/qr/analytics?scope=zone&id=${zoneId}`,
      // The registry's organiser pages: lists, forms, edit and delete pages, imports.
      ...['/qr/resources', '/qr/postcards', '/qr/codes'].flatMap((p) => [p, `${p}/new`]),
      `/qr/resources/${resource.id}/edit`,
      `/qr/resources/${resource.id}/delete`,
      `/qr/postcards/${postcard.id}/edit`,
      `/qr/postcards/${postcard.id}/delete`,
      `/qr/codes/${kit.id}/edit`,
      '/qr/import/resources',
      '/qr/import/postcards',
    );
    const admin = await createUser({ role: 'admin' });
    page = await (
      await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true })
    ).newPage();
    await signInPage(page, served.baseUrl, { email: admin.email });
  });
  after(async () => {
    await browser?.close();
    await served?.close();
    await clearDatabase();
  });

  it('when each QR page is opened on a phone, then axe finds nothing and nothing scrolls sideways', async () => {
    for (const path of paths) {
      await page.goto(`${served.baseUrl}${path}`);
      const violations = await axeViolations(page);
      assert.equal(violations.length, 0, `${path}\n${describeViolations(violations)}`);
      const width = await page.evaluate('document.documentElement.scrollWidth');
      assert.ok(Number(width) <= 390, `${path} is ${String(width)} px wide`);
    }
  });

  it('when a registry form and a CSV check come back with problems on a phone, then axe finds nothing and nothing scrolls sideways', async () => {
    const check = async () => {
      const violations = await axeViolations(page);
      assert.equal(violations.length, 0, `${page.url()}\n${describeViolations(violations)}`);
      await assertNoHorizontalScroll(page);
    };
    await page.goto(`${served.baseUrl}/qr/resources/new`);
    await press(page, 'Create resource');
    assert.equal(await page.getByLabel('Title').getAttribute('aria-invalid'), 'true');
    await check();
    await page.goto(`${served.baseUrl}/qr/import/postcards`);
    await page.getByLabel('Or paste the CSV').fill('project,city,country\nNOPE,Tartu,Estonia\n');
    await press(page, 'Check the file');
    await page.getByRole('table', { name: 'Problems by line and column' }).waitFor();
    await check();
  });

  it('when feedback is sent without a rating choice the browser allows, then the problem page is accessible too', async () => {
    await page.goto(`${served.baseUrl}${paths[0]}`);
    await page.getByLabel('E-mail address (optional)').fill('not-an-address');
    await page.getByLabel('4').check();
    // The e-mail field's own check would stop the browser: send the form as it is.
    await page.evaluate("document.querySelector('#fb-email').type = 'text'");
    await page.getByRole('button', { name: 'Send feedback' }).click();
    await page.waitForLoadState();
    assert.match(await page.content(), /name@example.org/);
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
  });
});

/**
 * The kits pages (organiser reports, evidence, import, hand-out; the visitors' kit page,
 * claim and unsubscribe pages and their messages) on the seeded demo kits, at 390 px.
 */
describe('browser: accessibility of the kits pages', function () {
  this.timeout(120_000);
  let browser: Browser;
  let served: ServedApp;
  let page: Page;
  const paths: string[] = [];

  before(async () => {
    browser = await launchBrowser();
    await clearDatabase();
    await seedDatabase(createLogger('silent'));
    served = await serveTestApp();
    const [type] = await listKitTypes();
    const named = (await listHandOuts({ kitTypeId: type!.id })).filter(
      (h) => h.kind === 'named' && h.consents.followUp.given,
    );
    const { link } = await issueClaimLink(
      named[0]!.id,
      'alda@example.org',
      new Date(),
      served.baseUrl,
    );
    // A follow-up gives the hand-out its mail token, which the unsubscribe link carries.
    await sendFollowUpsNow([named[0]!.id], served.baseUrl);
    const stored = await mongoose.connection
      .db!.collection('kitHandOuts')
      .findOne({ _id: new mongoose.Types.ObjectId(named[0]!.id) });
    paths.push(
      '/kits',
      '/kits/hand-out',
      '/kits/hand-outs',
      `/kits/types/${type!.id}/evidence`,
      `/kits/types/${type!.id}/import`,
      '/k/DOM-0005',
      '/k/DOM-9999',
      new URL(link).pathname,
      '/k/claim/used-or-expired-link-000000000000000000',
      `/k/unsubscribe/${String(stored?.mailToken)}`,
    );
    const admin = await createUser({ role: 'admin' });
    page = await (
      await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true })
    ).newPage();
    await signInPage(page, served.baseUrl, { email: admin.email });
  });
  after(async () => {
    await browser?.close();
    await served?.close();
    await clearDatabase();
  });

  it('when each kits page is opened on a phone, then axe finds nothing and nothing scrolls sideways', async () => {
    for (const path of paths) {
      await page.goto(`${served.baseUrl}${path}`);
      const violations = await axeViolations(page);
      assert.equal(violations.length, 0, `${path}\n${describeViolations(violations)}`);
      await assertNoHorizontalScroll(page);
    }
  });

  it('when a play report comes back with errors, then the kit page with its errors is accessible too', async () => {
    await page.goto(`${served.baseUrl}/k/DOM-0005`);
    await page.getByLabel('Number of players').fill('0');
    await page.evaluate('document.querySelector(\'form[action$="/plays"]\').noValidate = true');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/k/DOM-0005/plays')),
      page.getByRole('button', { name: /Send the report/ }).click(),
    ]);
    assert.equal(answer.status(), 400);
    await page.waitForLoadState();
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await assertNoHorizontalScroll(page);
  });
});
