import assert from 'node:assert/strict';
import { listCafeDutiesOf } from '../../../../src/components/world-cafe';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../../helpers/auth';
import { launchBrowser, serveTestApp, type ServedApp, signInPage } from '../../../helpers/browser';
import { createShift, listShifts } from '../../../../src/components/exhibitions';
import { buildEvent, buildPerson, buildProject } from '../../../helpers/factories/events';
import { buildQrCode } from '../../../helpers/factories/qr';
import { clearDatabase } from '../../../helpers/hooks';

const AXE_SOURCE = require.resolve('axe-core/axe.min.js');

async function assertPhoneFriendly(page: Page): Promise<void> {
  const widths = (await page.evaluate(
    '[document.documentElement.scrollWidth, window.innerWidth]',
  )) as number[];
  assert.ok(widths[0]! <= widths[1]!, `page scrolls sideways: ${widths[0]} > ${widths[1]}`);
  await page.addScriptTag({ path: AXE_SOURCE });
  const violations = (await page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((result) => result.violations.map((v) => v.id + ': ' + v.help + ' at ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`)) as string[];
  assert.deepEqual(violations, []);
}

/** The field's own error text, found through its aria-describedby. */
async function fieldError(
  page: Page,
  label: string,
  within: Pick<Page, 'getByLabel'> = page,
): Promise<string> {
  const field = within.getByLabel(label, { exact: true });
  assert.equal(await field.getAttribute('aria-invalid'), 'true', `${label} is not marked invalid`);
  const id = await field.getAttribute('aria-describedby');
  assert.ok(id, `${label} has no description`);
  return page.locator(`#${id}`).innerText();
}

describe('browser: setting a stand up (new stand, zones, team, films, screenings)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let served: ServedApp;
  let page: Page;
  let eventName: string;
  let projectName: string;
  let personName: string;
  let posterCode: string;
  let personId: string;

  before(async () => {
    browser = await launchBrowser();
    await clearDatabase();
    served = await serveTestApp();
    const event = await buildEvent({ startDate: '2035-05-06', endDate: '2035-05-08' });
    eventName = event.name;
    posterCode = (await buildQrCode({ eventId: event.id, label: 'Stand poster' })).code;
    projectName = (await buildProject({ name: 'Re-Value test' })).name;
    const person = await buildPerson({ name: 'Rūta Test' });
    personName = person.name;
    personId = person.id;
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

  const press = async (name: string) => {
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name, exact: true }).click(),
    ]);
  };

  it('when the new-stand form is sent without a name or project, then the errors sit at the fields; filled in, it creates the stand', async () => {
    await page.goto(`${served.baseUrl}/stands`);
    await Promise.all([
      page.waitForURL(/\/stands\/new$/),
      page.getByRole('link', { name: 'New stand' }).click(),
    ]);
    await assertPhoneFriendly(page);
    await page.getByLabel('Event').selectOption({ label: `${eventName} (2035-05-06)` });
    await press('Create stand');
    assert.equal(await fieldError(page, 'Name'), 'give the stand a name');
    assert.match(
      await page.locator('#stand-projects-error').innerText(),
      /choose at least one project/,
    );
    await assertPhoneFriendly(page);
    await page.getByLabel('Name').fill('Cluster exhibition');
    await page.getByLabel('Hall').fill('Hall 2');
    await page.getByLabel(`${projectName} (`).check();
    await Promise.all([page.waitForURL(/\/stands\/[0-9a-f]{24}\/setup$/), press('Create stand')]);
    assert.match(await page.locator('h1').innerText(), /Set up Cluster exhibition/);
    await assertPhoneFriendly(page);
  });

  it('when a zone is added, edited and removed with its forms, then the page shows each change', async () => {
    await press('Add zone');
    assert.equal(
      await fieldError(page, 'Name', page.getByRole('form', { name: 'Add a zone' })),
      'give the zone a name',
    );
    await page.locator('#zone-add-name').fill('Game table');
    await page.locator('#zone-add-kind').selectOption('game-table');
    await page.locator('#zone-add-description').fill('Cards and boards');
    await press('Add zone');
    const zone = page.getByRole('form', { name: 'Zone Game table' });
    assert.equal(await zone.getByLabel('Description').inputValue(), 'Cards and boards');
    await zone.getByLabel('Name').fill('Game corner');
    await press('Save Game table');
    const renamed = page.getByRole('form', { name: 'Zone Game corner' });
    assert.equal(await renamed.getByLabel('Name').inputValue(), 'Game corner');
    await renamed.getByLabel('Name').fill('');
    await press('Save Game corner');
    assert.equal(
      await page
        .getByRole('form', { name: 'Zone Game corner' })
        .locator('.field-error')
        .innerText(),
      'give the zone a name',
    );
    await assertPhoneFriendly(page);
    await press('Remove zone Game corner');
    assert.equal(await page.getByRole('form', { name: 'Zone Game corner' }).count(), 0);
    assert.match(
      await page.locator('section[aria-labelledby="zones-heading"]').innerText(),
      /No zones yet/,
    );
  });

  it('when a registered QR code is picked in the zone forms, then the zone holds it and the planner shows its short address', async () => {
    const add = page.getByRole('form', { name: 'Add a zone' });
    await add.getByLabel('Name').fill('Resource corner');
    await add.getByLabel('Kind').selectOption('resource-corner');
    await add
      .getByRole('group', { name: 'QR codes placed here' })
      .getByLabel(/Stand poster/)
      .check();
    await press('Add zone');
    const zone = page.getByRole('form', { name: 'Zone Resource corner' });
    const poster = zone
      .getByRole('group', { name: 'QR codes placed here' })
      .getByLabel(/Stand poster/);
    assert.equal(await poster.isChecked(), true);
    await assertPhoneFriendly(page);
    const setupUrl = page.url();
    await page.goto(setupUrl.replace(/\/setup$/, ''));
    assert.match(
      await page.locator('section[aria-labelledby="zones-heading"]').innerText(),
      new RegExp(`Stand poster \\(http[^)]*/q/${posterCode}\\)`),
    );
    await page.goto(setupUrl);
    await page
      .getByRole('form', { name: 'Zone Resource corner' })
      .getByRole('group', { name: 'QR codes placed here' })
      .getByLabel(/Stand poster/)
      .uncheck();
    await press('Save Resource corner');
    assert.equal(
      await page
        .getByRole('form', { name: 'Zone Resource corner' })
        .getByRole('group', { name: 'QR codes placed here' })
        .getByLabel(/Stand poster/)
        .isChecked(),
      false,
    );
    await press('Remove zone Resource corner');
  });

  it('when a team member is added and removed, then the team list follows', async () => {
    await press('Add to the team');
    assert.equal(await fieldError(page, 'Person'), 'choose a person');
    await page.getByLabel('Person', { exact: true }).selectOption({ label: personName });
    await page.getByLabel('Project', { exact: true }).selectOption({ label: projectName });
    await page.getByLabel('Role', { exact: true }).selectOption('lead');
    await page.getByLabel(/^Phone/).fill('+370 600 00000');
    await press('Add to the team');
    const team = page.locator('section[aria-labelledby="team-heading"] ul');
    assert.match(await team.innerText(), new RegExp(`${personName} · lead · ${projectName}`));
    await assertPhoneFriendly(page);
    // On a shift, leaving the team is asked about first, then takes them off it.
    const standId = /\/stands\/([0-9a-f]{24})\/setup/.exec(page.url())![1]!;
    await createShift(
      standId,
      {
        start: new Date('2035-05-06T08:00:00Z'),
        end: new Date('2035-05-06T10:00:00Z'),
        assignees: [personId],
      },
      new Date(),
      listCafeDutiesOf,
    );
    await press(`Remove ${personName}`);
    assert.match(await team.innerText(), new RegExp(personName));
    await assertPhoneFriendly(page);
    await press(`Remove ${personName} and take them off their shifts`);
    assert.match(await team.innerText(), /Nobody on the team yet/);
    const [shift] = await listShifts(standId);
    assert.deepEqual(shift?.assignees, []);
  });

  it('when a film is added (a wrong duration first) and a screening scheduled, then both are listed', async () => {
    await page.getByLabel('Title', { exact: true }).fill('Rijeka');
    await page.getByLabel('Duration (minutes)', { exact: true }).fill('ten');
    await press('Add film');
    assert.equal(await fieldError(page, 'Duration (minutes)'), 'must be a number of minutes');
    assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), 'Rijeka');
    await page.getByLabel('Duration (minutes)', { exact: true }).fill('12');
    await page.getByLabel('City', { exact: true }).fill('Rijeka');
    await press('Add film');
    const films = page.locator('section[aria-labelledby="films-heading"] ul');
    assert.match(await films.innerText(), /Rijeka · Rijeka · 12 min/);

    await page.getByRole('group', { name: 'Films' }).getByLabel('Rijeka').check();
    await page.getByLabel('Day', { exact: true }).selectOption('2035-05-07');
    await page.getByLabel('Starts', { exact: true }).fill('14:00');
    await press('Add screening');
    const screenings = page.locator('section[aria-labelledby="screenings-heading"] ul');
    assert.match(await screenings.innerText(), /14:00–14:12/);
    assert.match(await screenings.innerText(), /Rijeka/);
    await assertPhoneFriendly(page);
  });

  it('when a film and a screening are changed and deleted with their forms, then each change shows and every delete asks first', async () => {
    const films = page.locator('section[aria-labelledby="films-heading"] ul');
    const screenings = page.locator('section[aria-labelledby="screenings-heading"] ul');
    await page.getByText('Change or delete Rijeka').click();
    const film = page.getByRole('form', { name: 'Film Rijeka' });
    await film.getByLabel('Duration (minutes)').fill('twenty');
    await press('Save film Rijeka');
    assert.equal(
      await page.getByRole('form', { name: 'Film Rijeka' }).locator('.field-error').innerText(),
      'must be a number of minutes',
    );
    await assertPhoneFriendly(page);
    const again = page.getByRole('form', { name: 'Film Rijeka' });
    await again.getByLabel('Duration (minutes)').fill('20');
    await again.getByLabel('City').fill('');
    await again.getByLabel('Language').fill('Croatian');
    await press('Save film Rijeka');
    assert.match(await films.innerText(), /^Rijeka · 20 min$/m);

    // A film still screened cannot go: the first press asks, the second says why not.
    await page.getByText('Change or delete Rijeka').click();
    await press('Delete film Rijeka');
    await press('Yes, delete film Rijeka');
    assert.match(
      await page.locator('section[aria-labelledby="films-heading"]').innerText(),
      /A screening still shows this film/,
    );

    await page.getByText(/^Change or delete the screening/).click();
    const screening = page.getByRole('form', { name: /^Screening / });
    await screening.getByLabel('Starts').fill('15:00');
    await screening.getByLabel('Ends').fill('');
    await press((await screening.getByRole('button').innerText()).trim());
    assert.match(await screenings.innerText(), /15:00–15:20 · fixed · Rijeka/);
    await assertPhoneFriendly(page);

    await page.getByText(/^Change or delete the screening/).click();
    await press(
      (await page.getByRole('button', { name: /^Delete the screening/ }).innerText()).trim(),
    );
    assert.match(await screenings.innerText(), /15:00–15:20/, 'the first press only asks');
    await assertPhoneFriendly(page);
    await press(
      (await page.getByRole('button', { name: /^Yes, delete the screening/ }).innerText()).trim(),
    );
    assert.match(await screenings.innerText(), /No screenings scheduled/);

    await page.getByText('Change or delete Rijeka').click();
    await press('Delete film Rijeka');
    await press('Yes, delete film Rijeka');
    assert.match(await films.innerText(), /No films yet/);
  });

  it('when the stand details are changed (a wrong number first) and the stand deleted after a confirmation, then the pages follow', async () => {
    await page.getByText("Change the stand's details").click();
    const details = page.getByRole('form', { name: 'Stand details' });
    await details.getByLabel('Floor area (m²)').fill('twenty');
    await press('Save stand details');
    assert.equal(await fieldError(page, 'Floor area (m²)'), 'must be a number');
    await assertPhoneFriendly(page);
    const again = page.getByRole('form', { name: 'Stand details' });
    await again.getByLabel('Minimum staff on duty').fill('3');
    await again.getByLabel('Hall').fill('Hall 3');
    await again.getByLabel('Floor area (m²)').fill('24');
    await again.getByLabel(projectName).selectOption({ label: personName });
    await press('Save stand details');
    await page.getByText("Change the stand's details").click();
    const saved = page.getByRole('form', { name: 'Stand details' });
    assert.equal(await saved.getByLabel('Minimum staff on duty').inputValue(), '3');
    assert.equal(await saved.getByLabel('Hall').inputValue(), 'Hall 3');
    assert.equal(await saved.getByLabel('Floor area (m²)').inputValue(), '24');
    assert.equal(
      await saved.getByLabel(projectName).locator('option:checked').innerText(),
      personName,
    );
    // A blank floor area clears it.
    await saved.getByLabel('Floor area (m²)').fill('');
    await press('Save stand details');
    await page.getByText("Change the stand's details").click();
    const cleared = page.getByRole('form', { name: 'Stand details' });
    assert.equal(await cleared.getByLabel('Floor area (m²)').inputValue(), '');
    assert.equal(await cleared.getByLabel('Hall').inputValue(), 'Hall 3');
    const planner = page.url().replace(/\/setup$/, '');
    await page.goto(planner);
    assert.match(await page.locator('main').innerText(), /Hall 3 .* at least 3 on duty/);
    await page.goto(`${planner}/setup`);

    await press('Delete this stand');
    assert.match(page.url(), /\/delete$/);
    await assertPhoneFriendly(page);
    await Promise.all([
      page.waitForURL(/\/stands$/),
      page.getByRole('button', { name: /^Yes, delete Cluster exhibition/ }).click(),
    ]);
    assert.doesNotMatch(await page.locator('main').innerText(), /Cluster exhibition/);
  });
});
