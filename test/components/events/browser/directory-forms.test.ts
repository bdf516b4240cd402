import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import {
  listCities,
  listClusters,
  listOrganisations,
  listPeople,
  listProjects,
} from '../../../../src/components/events';
import { createUser } from '../../../helpers/auth';
import { type ServedApp, useServedBrowser } from '../../../helpers/browser';
import {
  assertNoHorizontalScroll,
  mainText,
  press,
  signInThroughForm,
} from '../../../helpers/browser-forms';
import { buildEvent } from '../../../helpers/factories/events';
import { clearDatabase } from '../../../helpers/hooks';

const ALL = { page: 1, limit: 50, sort: 'name' } as const;

/** Follows a link as a phone user does: main navigation links sit behind Menu. */
async function follow(page: Page, name: string) {
  if (name === 'Directory') await page.getByText('Menu', { exact: true }).click();
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('link', { name, exact: true }).first().click(),
  ]);
}

/**
 * The directory forms (projects, clusters, organisations, cities, people) in a real
 * browser on a phone-sized screen: an admin starts from the empty directory and
 * creates, edits and deletes one of each through the pages.
 */
describe('browser: directory forms', function () {
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
    const admin = await createUser({ role: 'admin' });
    await signInThroughForm(page, served.baseUrl, admin.email);
  });
  afterEach(async () => {
    await page?.context().close();
  });

  it('when an admin creates a project with the keyboard only, then it is listed; a taken acronym is refused at its field', async () => {
    await follow(page, 'Directory');
    await follow(page, 'Projects');
    assert.match(await mainText(page), /No projects yet/);
    await follow(page, 'New project');

    await page.getByLabel('Acronym').focus();
    await page.keyboard.type('UP2030');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Urban planning and design ready for 2030');
    await page.keyboard.press('Tab');
    await page.keyboard.type('#0b5394');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    assert.equal(await page.getByRole('status').innerText(), 'The project was created.');
    assert.match(await mainText(page), /UP2030 .*Urban planning and design ready for 2030/);
    await assertNoHorizontalScroll(page);

    await follow(page, 'New project');
    await page.getByLabel('Acronym').fill('UP2030');
    await page.getByLabel('Full name').fill('A second one');
    await press(page, 'Create project');
    const acronym = page.getByLabel('Acronym');
    assert.equal(await acronym.getAttribute('aria-invalid'), 'true');
    assert.match(await mainText(page), /Another project already has this acronym/);
    assert.equal(await page.getByLabel('Full name').inputValue(), 'A second one');
    assert.equal((await listProjects({ ...ALL })).total, 1);
  });

  it('when an admin builds a cluster of two projects, edits it and deletes it, then each step is saved', async () => {
    const projects: [string, string][] = [
      ['RV', 'Re-Value'],
      ['CB', 'CLIMABOROUGH'],
    ];
    for (const [acronym, name] of projects) {
      await page.goto(`${served.baseUrl}/directory/projects/new`);
      await page.getByLabel('Acronym').fill(acronym);
      await page.getByLabel('Full name').fill(name);
      await press(page, 'Create project');
    }
    await page.goto(`${served.baseUrl}/directory/clusters`);
    await follow(page, 'New cluster');
    await page.getByLabel('Name', { exact: true }).fill('Urban Planning and Design Cluster');
    await page.getByLabel('Funding call').fill('HORIZON-MISS-2021-CIT-02-01');
    await page.getByLabel('RV — Re-Value').check();
    await page.getByLabel('CB — CLIMABOROUGH').check();
    await press(page, 'Create cluster');
    assert.match(await mainText(page), /Urban Planning and Design Cluster .*CB, RV|RV, CB/);
    await assertNoHorizontalScroll(page);

    await page.getByRole('link', { name: 'Edit Urban Planning and Design Cluster' }).click();
    await page.waitForURL(/\/edit$/);
    await page.getByLabel('CB — CLIMABOROUGH').uncheck();
    await press(page, 'Save changes');
    const [cluster] = (await listClusters({ ...ALL })).items;
    assert.equal(cluster?.projectIds.length, 1);

    await page.getByRole('link', { name: 'Delete Urban Planning and Design Cluster' }).click();
    await page.waitForURL(/\/delete$/);
    await press(page, 'Delete cluster');
    assert.equal(await page.getByRole('status').innerText(), 'The cluster was deleted.');
    assert.equal((await listClusters({ ...ALL })).total, 0);
  });

  it('when a cluster takes part in an event, then its delete confirmation explains why it cannot be deleted', async () => {
    await page.goto(`${served.baseUrl}/directory/clusters/new`);
    await page.getByLabel('Name', { exact: true }).fill('Busy Cluster');
    await press(page, 'Create cluster');
    const [cluster] = (await listClusters({ ...ALL })).items;
    await buildEvent({ clusterIds: [cluster?.id ?? ''] });
    await page.getByRole('link', { name: 'Delete Busy Cluster' }).click();
    await page.waitForURL(/\/delete$/);
    await press(page, 'Delete cluster');
    // What still refers to it, each kind with a link to where it is changed.
    const refusal = page.getByRole('alert');
    assert.match(await refusal.innerText(), /It cannot be deleted[\s\S]*Events: 1/);
    assert.equal(await refusal.getByRole('link', { name: 'Events' }).count(), 1);
    assert.equal((await listClusters({ ...ALL })).total, 1);
  });

  it('when an admin records an organisation, a city with its project roles and a person, then the lists show them', async () => {
    await page.goto(`${served.baseUrl}/directory/projects/new`);
    await page.getByLabel('Acronym').fill('UP2030');
    await page.getByLabel('Full name').fill('UP2030 project');
    await press(page, 'Create project');

    await page.goto(`${served.baseUrl}/directory/organisations`);
    await follow(page, 'New organisation');
    await page.getByLabel('Name', { exact: true }).fill('Vilniaus miesto savivaldybė');
    await page.getByLabel('Country').selectOption('LT');
    await page.getByLabel('Kind').selectOption('city');
    await press(page, 'Create organisation');
    assert.match(await mainText(page), /Vilniaus miesto savivaldybė Lithuania City/);
    await assertNoHorizontalScroll(page);

    await page.goto(`${served.baseUrl}/directory/cities`);
    await follow(page, 'New city');
    await page.getByLabel('Name', { exact: true }).fill('Constanța');
    await page.getByLabel('Country').selectOption('RO');
    await page.getByLabel('UP2030 — UP2030 project').selectOption('replication');
    await press(page, 'Create city');
    assert.match(await mainText(page), /Constanța Romania UP2030 \(replication\)/);
    const [city] = (await listCities({ ...ALL })).items;
    assert.equal(city?.projects[0]?.role, 'replication');

    await page.goto(`${served.baseUrl}/directory/people`);
    await follow(page, 'New person');
    await page.getByLabel('Name', { exact: true }).fill('Demo Person');
    await page.getByLabel('Organisation').selectOption({ label: 'Vilniaus miesto savivaldybė' });
    await page.getByLabel('E-mail address').fill('not-an-address');
    await page.getByLabel('Agrees to be contacted').check();
    await press(page, 'Create person');
    assert.match(
      await page.getByRole('alert').innerText(),
      /E-mail address: Must be an e-mail address/,
    );
    assert.equal(await page.getByLabel('Agrees to be contacted').isChecked(), true);
    await page.getByLabel('E-mail address').fill('demo.person@example.org');
    await press(page, 'Create person');
    assert.match(
      await mainText(page),
      /Demo Person Vilniaus miesto savivaldybė demo\.person@example\.org contact/,
    );
    const [person] = (await listPeople({ ...ALL })).items;
    assert.equal(person?.consent.contact, true);
    assert.ok(person?.consent.consentedAt, 'consent is dated');

    // The organisation has a member now: it cannot be deleted.
    await page.goto(`${served.baseUrl}/directory/organisations`);
    await page.getByRole('link', { name: 'Delete Vilniaus miesto savivaldybė' }).click();
    await page.waitForURL(/\/delete$/);
    await press(page, 'Delete organisation');
    assert.match(await page.getByRole('alert').innerText(), /It cannot be deleted[\s\S]*People: 1/);

    // Editing the person: clear the address and the organisation, withdraw consent.
    await page.goto(`${served.baseUrl}/directory/people`);
    await page.getByRole('link', { name: 'Edit Demo Person' }).click();
    await page.waitForURL(/\/edit$/);
    await page.getByLabel('E-mail address').fill('');
    await page.getByLabel('Organisation').selectOption('');
    await page.getByLabel('Agrees to be contacted').uncheck();
    await press(page, 'Save changes');
    const [edited] = (await listPeople({ ...ALL })).items;
    assert.equal(edited?.email, undefined);
    assert.equal(edited?.organisationId, undefined);
    assert.equal(edited?.consent.contact, false);

    await page.getByRole('link', { name: 'Delete Demo Person' }).click();
    await page.waitForURL(/\/delete$/);
    await press(page, 'Delete person');
    await page.goto(`${served.baseUrl}/directory/organisations`);
    await page.getByRole('link', { name: 'Edit Vilniaus miesto savivaldybė' }).click();
    await page.waitForURL(/\/edit$/);
    await page.getByLabel('Country').selectOption('');
    await press(page, 'Save changes');
    const [organisation] = (await listOrganisations({ ...ALL })).items;
    assert.equal(organisation?.country, undefined);
    await page.getByRole('link', { name: 'Delete Vilniaus miesto savivaldybė' }).click();
    await page.waitForURL(/\/delete$/);
    await press(page, 'Delete organisation');
    assert.equal((await listOrganisations({ ...ALL })).total, 0);

    await page.goto(`${served.baseUrl}/directory/cities`);
    await page.getByRole('link', { name: 'Delete Constanța' }).click();
    await page.waitForURL(/\/delete$/);
    await press(page, 'Delete city');
    assert.equal((await listCities({ ...ALL })).total, 0);
  });
});
