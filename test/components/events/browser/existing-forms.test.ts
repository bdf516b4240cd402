import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { enqueueMail, findOutboxMessages } from '../../../../src/components/mail';
import { createUser } from '../../../helpers/auth';
import { type ServedApp, useServedBrowser } from '../../../helpers/browser';
import { mainText, press, signInThroughForm } from '../../../helpers/browser-forms';
import { buildEvent, buildProgrammeItem } from '../../../helpers/factories/events';
import { clearDatabase } from '../../../helpers/hooks';

/**
 * The organiser forms outside the password pages, filled and sent in a real browser:
 * invitations to a programme item (event page), retry and cancel in the outbox, and
 * creating and revoking calendar subscription links.
 */
describe('browser: event, outbox and calendar forms', function () {
  this.timeout(90_000);
  let browser: Browser;
  let served: ServedApp;
  let page: Page;

  const fixture = useServedBrowser();
  before(() => {
    browser = fixture.browser();
    served = fixture.served();
  });
  beforeEach(async () => {
    await clearDatabase();
    page = await (await browser.newContext()).newPage();
  });
  afterEach(async () => {
    await page?.context().close();
  });

  it('when a comms user managing the event sends the invitation form of an item, then the invitations are queued and the row says so', async () => {
    const event = await buildEvent({ name: 'Invitation Form Conference' });
    const item = await buildProgrammeItem({ eventId: event.id, title: 'Harvest session' });
    const user = await createUser({ role: 'comms', eventIds: [event.id] });
    await signInThroughForm(page, served.baseUrl, user.email);
    await page.goto(`${served.baseUrl}/events/${event.id}`);

    await page.getByText('Invite by e-mail').click();
    await page.getByLabel('E-mail addresses').fill('ana@example.org, ben@example.org');
    await page.getByLabel('Message (optional)').fill('See you there.');
    await page.getByLabel('Attach the programme (PDF)').check();
    await press(page, 'Send invitations');

    assert.equal(new URL(page.url()).hash, `#programme-item-${item.id}`);
    assert.equal(await page.getByRole('status').innerText(), 'Invitations queued for 2 people.');
    const queued = await findOutboxMessages({ template: 'programme-invitation' });
    assert.deepEqual(queued.map((m) => m.to).sort(), ['ana@example.org', 'ben@example.org']);
    assert.ok(queued.every((m) => m.attachments.some((a) => a.contentType === 'application/pdf')));
  });

  it('when the invitation form lists something that is not an address, then nothing is sent and the row explains why', async () => {
    const event = await buildEvent();
    await buildProgrammeItem({ eventId: event.id, title: 'Closing' });
    const admin = await createUser({ role: 'admin' });
    await signInThroughForm(page, served.baseUrl, admin.email);
    await page.goto(`${served.baseUrl}/events/${event.id}`);
    await page.getByText('Invite by e-mail').click();
    await page.getByLabel('E-mail addresses').fill('ana@example.org not-an-address');
    await press(page, 'Send invitations');
    assert.match(await page.getByRole('alert').innerText(), /nothing was sent/);
    assert.equal((await findOutboxMessages({ template: 'programme-invitation' })).length, 0);
  });

  it('when an admin presses Cancel and then Retry on a queued message in the outbox, then its status follows', async () => {
    await enqueueMail({
      to: 'someone@example.org',
      template: 'password-reset',
      data: { name: 'Someone', link: 'https://forumkit.test/x', minutes: 60 },
    });
    const admin = await createUser({ role: 'admin' });
    await signInThroughForm(page, served.baseUrl, admin.email);
    await Promise.all([
      page.waitForURL(/\/admin\/outbox$/),
      page.getByRole('link', { name: 'Outbox' }).click(),
    ]);
    assert.match(await mainText(page), /someone@example\.org .* queued/);

    await press(page, 'Cancel');
    assert.match(await page.getByRole('status').innerText(), /cancelled and will not be sent/);
    const [cancelled] = await findOutboxMessages({ to: 'someone@example.org' });
    assert.equal(cancelled?.status, 'cancelled');

    await press(page, 'Retry');
    assert.match(await page.getByRole('status').innerText(), /queued and will be sent shortly/);
    const [retried] = await findOutboxMessages({ to: 'someone@example.org' });
    assert.equal(retried?.status, 'queued');
  });

  it('when an organiser creates an event subscription and a personal one, then both links are shown, and Revoke removes one', async () => {
    const event = await buildEvent({ name: 'Subscribed Conference' });
    const user = await createUser({ role: 'comms', eventIds: [event.id] });
    await signInThroughForm(page, served.baseUrl, user.email);
    await Promise.all([
      page.waitForURL(/\/calendars$/),
      page.getByRole('link', { name: 'Calendars' }).click(),
    ]);

    await page
      .getByLabel('Event', { exact: true })
      .selectOption({ label: 'Subscribed Conference' });
    await page.getByLabel('Label (optional)').fill('Phone calendar');
    await press(page, 'Create link');
    assert.match(
      await page.getByRole('heading', { level: 2 }).first().innerText(),
      /New link: Phone calendar/,
    );
    const webcal = await page.getByLabel('For calendar apps (webcal)').inputValue();
    assert.match(webcal, /^webcal:\/\//);
    const https = await page.getByLabel('Web address (for “add calendar from URL”)').inputValue();
    assert.equal((await fetch(https)).status, 200, 'the new link serves the calendar');

    await press(page, 'Create link to my calendar');
    assert.match(await mainText(page), /New link/);
    await page.goto(`${served.baseUrl}/calendars`);
    assert.match(await mainText(page), /Phone calendar/);

    await press(page, 'Revoke Phone calendar…');
    await press(page, 'Revoke the link');
    assert.equal(new URL(page.url()).pathname, '/calendars');
    assert.doesNotMatch(await mainText(page), /Phone calendar/);
    assert.equal((await fetch(https)).status, 404, 'the revoked link no longer serves');
  });
});
