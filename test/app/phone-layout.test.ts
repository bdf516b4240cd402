import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { getEventBySlug } from '../../src/components/events';
import { enqueueMail } from '../../src/components/mail';
import { createLogger } from '../../src/lib/logger';
import { seedDatabase } from '../../seeds';
import { createUser, signInAs } from '../helpers/auth';
import { launchBrowser, serveTestApp, type ServedApp, signInPage } from '../helpers/browser';
import { clearDatabase } from '../helpers/hooks';

/** What the page list may refer to: ids made once, on the seeded data. */
type Fixtures = { eventId: string; subscriptionId: string; mailFile: string };

/**
 * Every organiser page, filled with data, at a phone's 390 px. Add a new page here
 * (a path, or a function of the fixtures for pages with ids in their address).
 */
const PAGES: { name: string; path: string | ((f: Fixtures) => string) }[] = [
  { name: 'events dashboard', path: '/' },
  { name: 'event page (2025 conference)', path: (f) => `/events/${f.eventId}` },
  { name: 'calendars', path: '/calendars' },
  { name: 'calendars, coming from an event', path: (f) => `/calendars?event=${f.eventId}` },
  {
    name: 'revoke confirmation',
    path: (f) => `/calendars/subscriptions/${f.subscriptionId}/revoke`,
  },
  { name: 'account', path: '/account' },
  { name: 'people with access', path: '/admin/users' },
  { name: 'outbox', path: '/admin/outbox' },
  { name: 'local mail', path: '/admin/mail' },
  { name: 'one mail message', path: (f) => `/admin/mail/${encodeURIComponent(f.mailFile)}` },
  { name: 'error codes', path: '/problems' },
  { name: 'one error code', path: '/problems/validation_failed' },
  { name: 'not found', path: '/no-such-page' },
];

const PHONE = { width: 390, height: 844 };

/** How far the page reaches past the screen's right edge, and which elements do. */
async function horizontalOverflow(page: Page) {
  return page.evaluate(`(() => {
    const root = document.documentElement;
    const culprits = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5)
      .filter((el) => !el.closest('.table-scroll, pre, iframe'))
      .slice(0, 5)
      .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' ' + Math.round(el.getBoundingClientRect().right) + 'px');
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprits };
  })()`) as Promise<{ scrollWidth: number; clientWidth: number; culprits: string[] }>;
}

describe('browser: every organiser page fits a phone', function () {
  this.timeout(180_000);
  let browser: Browser;
  let served: ServedApp;
  let page: Page;
  let fixtures: Fixtures;

  before(async () => {
    browser = await launchBrowser();
    await clearDatabase();
    await seedDatabase(createLogger('silent'));
    served = await serveTestApp();
    const event = await getEventBySlug('2025-cities-mission-conference');
    // Long addresses and subjects are what pushes tables wide.
    for (const n of [1, 2, 3]) {
      await enqueueMail({
        to: `someone.with.a.rather.long.address.${n}@municipality-of-somewhere.example.org`,
        template: 'password-reset',
        data: {
          name: 'Konstantinos Papadopoulos-Αθανασίου',
          link: `https://forumkit.test/set-password?token=${'x'.repeat(43)}`,
          expiresAt: new Date(),
        },
      });
    }
    await served.mail.worker.drain();
    await enqueueMail({
      to: 'queued.person@example.org',
      template: 'password-reset',
      data: { name: 'Queued', link: 'https://forumkit.test/x', expiresAt: new Date() },
    });
    const admin = await createUser({ role: 'admin', name: 'Administrator With A Long Name' });
    await createUser({ role: 'comms', password: undefined, name: 'Invited Person (demo)' });
    const other = await signInAs(served.app, 'comms');
    const otherLink = await request(served.app)
      .post('/api/calendar-subscriptions')
      .set(other.authHeader)
      .send({ scope: 'event-programme', resourceId: event.id, label: 'A colleague’s programme' })
      .expect(201);

    page = await (await browser.newContext({ viewport: PHONE })).newPage();
    await signInPage(page, served.baseUrl, { email: admin.email });
    // One link of the admin's own, made through the page.
    await page.goto(`${served.baseUrl}/calendars?event=${event.id}`);
    await page.getByRole('button', { name: 'Create link', exact: true }).click();
    await page.waitForLoadState('load');
    await page.goto(`${served.baseUrl}/admin/mail`);
    const mailHref = await page.locator('main table a').first().getAttribute('href');
    fixtures = {
      eventId: event.id,
      subscriptionId: otherLink.body.id as string,
      mailFile: decodeURIComponent((mailHref ?? '').split('/').pop() ?? ''),
    };
  });
  after(async () => {
    await browser?.close();
    await served?.close();
    await clearDatabase();
  });

  for (const { name, path } of PAGES) {
    it(`when the ${name} page is opened at 390 px, then nothing scrolls sideways`, async () => {
      const address = typeof path === 'string' ? path : path(fixtures);
      await page.goto(`${served.baseUrl}${address}`);
      const { scrollWidth, clientWidth, culprits } = await horizontalOverflow(page);
      assert.ok(
        scrollWidth <= clientWidth,
        `${address}: ${scrollWidth} px wide on a ${clientWidth} px screen; ${culprits.join(', ')}`,
      );
    });
  }

  it('when the navigation is shown at 390 px, then it takes at most two lines and its links are at least 44 px tall', async () => {
    await page.goto(`${served.baseUrl}/`);
    const header = await page.locator('.site-header').boundingBox();
    assert.ok(header && header.height <= 2 * 44 + 40, `header is ${header?.height} px tall`);
    for (const link of await page.locator('.site-header a, .site-header button').all()) {
      if (!(await link.isVisible())) continue;
      const box = await link.boundingBox();
      assert.ok(box && box.height >= 44, `${await link.textContent()}: ${box?.height} px tall`);
    }
  });

  it('when Menu is pressed on a phone, then every link is there, 44 px tall, and leads on', async () => {
    await page.goto(`${served.baseUrl}/`);
    await page.getByText('Menu', { exact: true }).click();
    const menu = page.locator('.nav-phone nav');
    for (const name of ['Events', 'Calendars', 'People with access', 'Outbox', 'API', 'Account']) {
      const link = menu.getByRole('link', { name, exact: true });
      const box = await link.boundingBox();
      assert.ok(box && box.height >= 44 && box.x >= 0 && box.x + box.width <= PHONE.width, name);
    }
    assert.ok(await menu.getByRole('button', { name: /Sign out/ }).isVisible());
    await Promise.all([
      page.waitForURL(`${served.baseUrl}/admin/outbox`),
      menu.getByRole('link', { name: 'Outbox' }).click(),
    ]);
  });

  it('when the event page is opened at 390 px, then each primary action is at least 44 px tall and the invitation form has room', async () => {
    await page.goto(`${served.baseUrl}/events/${fixtures.eventId}`);
    const summaries = page.locator('summary', { hasText: 'Invite by e-mail' });
    assert.ok((await summaries.count()) > 0);
    await summaries.first().click();
    const form = page.locator('details[open] form').first();
    const box = await form.boundingBox();
    assert.ok(box && box.width >= 300, `the invitation form is ${box?.width} px wide`);
    for (const button of await page.locator('main button:visible, main summary:visible').all()) {
      const b = await button.boundingBox();
      assert.ok(b && b.height >= 44, `${await button.textContent()}: ${b?.height} px tall`);
    }
  });
});
