import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { listEvents, listProgrammeItems } from '../../../../src/components/events';
import { createUser } from '../../../helpers/auth';
import { type ServedApp, useServedBrowser } from '../../../helpers/browser';
import {
  assertNoHorizontalScroll,
  mainText,
  press,
  signInThroughForm,
} from '../../../helpers/browser-forms';
import { buildCluster, buildEvent } from '../../../helpers/factories/events';
import { clearDatabase } from '../../../helpers/hooks';

/** Follows a link and waits for the page it opens. */
async function follow(page: Page, name: string) {
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('link', { name, exact: true }).first().click(),
  ]);
}

/**
 * The event and programme forms, used in a real browser on a phone-sized screen:
 * filled, sent, corrected, edited and deleted as an organiser does, with no page
 * wider than the phone.
 */
describe('browser: event and programme forms', function () {
  this.timeout(120_000);
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
    page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  });
  afterEach(async () => {
    await page?.context().close();
  });

  it('when an admin creates an event from the empty dashboard, then the form corrects a mistake at its field and the event page follows', async () => {
    const cluster = await buildCluster({ name: 'Urban Test Cluster' });
    const admin = await createUser({ role: 'admin' });
    await signInThroughForm(page, served.baseUrl, admin.email);
    assert.match(await mainText(page), /No events yet/);
    await follow(page, 'Create an event');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'New event');
    await assertNoHorizontalScroll(page);

    await page.getByLabel('Name', { exact: true }).fill('Phone Made Forum 2025');
    await page.getByLabel('City').fill('Vilnius');
    await page.getByLabel('Country').selectOption('LT');
    await page.getByLabel('First day').fill('2025-05-08');
    await page.getByLabel('Last day').fill('2025-05-06');
    await page.getByLabel('Time zone').selectOption('Europe/Vilnius');
    await page.getByLabel('Urban Test Cluster').check();
    await press(page, 'Create event');

    // Refused at the field, everything typed still there.
    assert.match(
      await page.getByRole('alert').innerText(),
      /Last day: Must be on or after the first day/,
    );
    const lastDay = page.getByLabel('Last day');
    assert.equal(await lastDay.getAttribute('aria-invalid'), 'true');
    assert.equal(
      await page
        .locator(`#${(await lastDay.getAttribute('aria-describedby')) ?? 'none'}`)
        .innerText(),
      'Must be on or after the first day',
    );
    assert.equal(
      await page.getByLabel('Name', { exact: true }).inputValue(),
      'Phone Made Forum 2025',
    );
    assert.equal(await page.getByLabel('Time zone').inputValue(), 'Europe/Vilnius');
    assert.equal(await page.getByLabel('Urban Test Cluster').isChecked(), true);
    await assertNoHorizontalScroll(page);

    // The summary links to the field.
    await page.getByRole('link', { name: /Last day: Must be/ }).click();
    assert.equal(await page.evaluate('document.activeElement.id'), 'field-endDate');
    await lastDay.fill('2025-05-09');
    await press(page, 'Create event');

    assert.equal(
      await page.getByRole('heading', { level: 1 }).innerText(),
      'Phone Made Forum 2025',
    );
    assert.equal(await page.getByRole('status').innerText(), 'The event was created.');
    assert.match(await mainText(page), /8–9 May 2025/);
    const [event] = (await listEvents({ page: 1, limit: 5, sort: 'name' })).items;
    assert.deepEqual(event?.clusterIds, [cluster.id]);
    assert.equal(event?.slug, 'phone-made-forum-2025');
    await assertNoHorizontalScroll(page);
  });

  it('when a comms user edits their event and then deletes it after confirming, then the changes are saved and it is gone', async () => {
    const event = await buildEvent({ name: 'Editable Conference', venue: 'Old Hall' });
    const user = await createUser({ role: 'comms', eventIds: [event.id] });
    await signInThroughForm(page, served.baseUrl, user.email);
    await follow(page, 'Editable Conference');
    await follow(page, 'Edit event');
    assert.equal(await page.getByLabel('Venue').inputValue(), 'Old Hall');
    await page.getByLabel('Venue').fill('New Hall');
    await page.getByLabel('Access note').fill('Invitation-only');
    await press(page, 'Save changes');
    assert.equal(await page.getByRole('status').innerText(), 'The event was saved.');
    assert.match(await mainText(page), /Venue New Hall/);

    await follow(page, 'Delete event');
    assert.equal(
      await page.getByRole('heading', { level: 1 }).innerText(),
      'Delete event “Editable Conference”?',
    );
    await assertNoHorizontalScroll(page);
    const button = await page.getByRole('button', { name: 'Delete event' }).boundingBox();
    assert.ok(button && button.height >= 44, `the delete button is ${button?.height}px high`);
    await press(page, 'Delete event');
    assert.equal(new URL(page.url()).pathname, '/events');
    assert.equal(await page.getByRole('status').innerText(), 'The event was deleted.');
    assert.equal((await listEvents({ page: 1, limit: 5, sort: 'name' })).total, 0);
  });

  it('when the delete confirmation is left with "Keep it", then nothing is deleted', async () => {
    const event = await buildEvent({ name: 'Kept Conference' });
    const admin = await createUser({ role: 'admin' });
    await signInThroughForm(page, served.baseUrl, admin.email);
    await page.goto(`${served.baseUrl}/events/${event.id}/delete`);
    await follow(page, 'Keep it');
    assert.equal(new URL(page.url()).pathname, '/events');
    assert.match(await mainText(page), /Kept Conference/);
  });

  it('when a manager adds, edits and deletes programme items, then times are typed and shown in the event zone', async () => {
    const event = await buildEvent({
      name: 'Programme Conference',
      timeZone: 'Europe/Vilnius',
      startDate: '2025-10-25',
      endDate: '2025-10-26',
    });
    const user = await createUser({ role: 'comms', eventIds: [event.id] });
    await signInThroughForm(page, served.baseUrl, user.email);
    await page.goto(`${served.baseUrl}/events/${event.id}`);
    await follow(page, 'Add a programme item');
    assert.match(await mainText(page), /Local time in Europe\/Vilnius/);
    await assertNoHorizontalScroll(page);

    await page.getByLabel('Title').fill('Opening plenary');
    await page.getByLabel('Starts').fill('2025-10-25T10:00');
    await page.getByLabel('Ends').fill('2025-10-25T11:30');
    await page.getByLabel('Where').fill('Hall A');
    await press(page, 'Create programme item');
    assert.equal(await page.getByRole('status').innerText(), 'The programme item was created.');
    assert.match(await mainText(page), /Opening plenary .*Sat 25 October, 10:00–11:30/);
    await assertNoHorizontalScroll(page);

    // Across the end of summer time: 10:00 on the 26th is UTC+2, on the 25th UTC+3.
    await follow(page, 'New programme item');
    await page.getByLabel('Title').fill('Closing');
    await page.getByLabel('Starts').fill('2025-10-26T10:00');
    await page.getByLabel('Ends').fill('2025-10-26T11:00');
    await press(page, 'Create programme item');
    const stored = await listProgrammeItems(event.id);
    assert.deepEqual(
      stored.map((i) => [i.title, i.start.toISOString()]),
      [
        ['Opening plenary', '2025-10-25T07:00:00.000Z'],
        ['Closing', '2025-10-26T08:00:00.000Z'],
      ],
    );

    await page.getByRole('link', { name: 'Edit Opening plenary' }).click();
    await page.waitForURL(/\/edit$/);
    assert.equal(await page.getByLabel('Starts').inputValue(), '2025-10-25T10:00');
    await page.getByLabel('Starts').fill('2025-03-30T03:30');
    await press(page, 'Save changes');
    const starts = page.getByLabel('Starts');
    assert.equal(await starts.getAttribute('aria-invalid'), 'true');
    assert.match(
      await page.getByRole('alert').innerText(),
      /Starts: This time does not exist in Europe\/Vilnius/,
    );
    await starts.fill('2025-10-25T09:30');
    await press(page, 'Save changes');
    assert.match(await mainText(page), /Sat 25 October, 09:30–11:30/);

    await page.getByRole('link', { name: 'Delete Closing' }).click();
    await page.waitForURL(/\/delete$/);
    await press(page, 'Delete programme item');
    assert.equal(await page.getByRole('status').innerText(), 'The programme item was deleted.');
    assert.deepEqual(
      (await listProgrammeItems(event.id)).map((i) => i.title),
      ['Opening plenary'],
    );
  });
});
