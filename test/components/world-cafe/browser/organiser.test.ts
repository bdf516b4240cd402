import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { issueCapabilityLink } from '../../../../src/components/auth';
import {
  TABLE_SCOPE,
  createSession,
  getSession,
  getTable,
  listSessions,
  listTables,
  putOutcomes,
  putQuote,
  subscribeToReport,
} from '../../../../src/components/world-cafe';
import { createUser, TEST_PASSWORD } from '../../../helpers/auth';
import { launchBrowser, serveTestApp, type ServedApp } from '../../../helpers/browser';
import { buildCluster, buildEvent, buildProject } from '../../../helpers/factories/events';
import { clearDatabase } from '../../../helpers/hooks';

const AXE_SOURCE = require.resolve('axe-core/axe.min.js');

/** axe-core (WCAG 2.1 A/AA) finds nothing, and nothing scrolls sideways at 390 px. */
async function check(page: Page) {
  await page.addScriptTag({ path: AXE_SOURCE });
  const violations = (await page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`)) as string[];
  assert.deepEqual(violations, []);
  const overflow = await page.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
  assert.equal(overflow, 0, 'no horizontal scrolling at 390 px');
}

const phone = { viewport: { width: 390, height: 844 }, bypassCSP: true };

describe('browser: World Café organiser pages (setup, summary review, synthesis, report)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let served: ServedApp;
  let organiser: Page;
  let visitors: BrowserContext;
  let eventId: string;
  let projectId: string;

  before(async () => {
    browser = await launchBrowser();
    await clearDatabase();
    served = await serveTestApp();
    const project = await buildProject({ name: 'Water Lab', acronym: 'WATERLAB' });
    projectId = project.id;
    const cluster = await buildCluster({ projectIds: [project.id] });
    eventId = (await buildEvent({ clusterIds: [cluster.id] })).id;
    const admin = await createUser({ role: 'admin' });
    organiser = await (await browser.newContext(phone)).newPage();
    await organiser.goto(`${served.baseUrl}/sign-in`);
    await organiser.getByLabel('E-mail address', { exact: true }).fill(admin.email);
    await organiser.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await Promise.all([
      organiser.waitForURL(`${served.baseUrl}/`),
      organiser.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    visitors = await browser.newContext(phone);
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });

  async function sessionAndTable() {
    const [session] = await listSessions(eventId);
    assert.ok(session);
    const [table] = await listTables(session.id);
    assert.ok(table);
    return { session, table };
  }

  it("when an organiser opens the event's World Café sessions before there are any, then the page says so and offers a new session", async () => {
    await organiser.goto(`${served.baseUrl}/events/${eventId}`);
    await Promise.all([
      organiser.waitForURL(`${served.baseUrl}/world-cafe/events/${eventId}/sessions`),
      organiser.getByRole('link', { name: 'World Café sessions', exact: true }).click(),
    ]);
    await organiser.getByText('This event has no World Café sessions yet.').waitFor();
    await check(organiser);
    await Promise.all([
      organiser.waitForURL(`${served.baseUrl}/world-cafe/sessions/new?eventId=${eventId}`),
      organiser.getByRole('link', { name: 'New session', exact: true }).click(),
    ]);
    await organiser.getByLabel('Title', { exact: true }).waitFor();
  });

  it('when an organiser creates a session, adds a table and edits both, then the forms store them (times in the event zone) and bad input is explained', async () => {
    await organiser.goto(`${served.baseUrl}/world-cafe/sessions/new?eventId=${eventId}`);
    await check(organiser);
    await organiser.getByLabel('Title', { exact: true }).fill('River café <b>');
    await organiser.getByLabel('Room', { exact: true }).fill('Hall B');
    await organiser.getByLabel('Start', { exact: true }).fill('2025-05-07T14:00');
    await organiser.getByLabel('End', { exact: true }).fill('2025-05-07T13:00');
    await organiser.getByLabel('Rounds', { exact: true }).fill('3');
    await organiser.getByLabel('Minutes per round', { exact: true }).fill('20');
    await organiser.getByLabel('Break between rounds (minutes)', { exact: true }).fill('5');
    await organiser.getByRole('button', { name: 'Create session' }).click();
    await organiser.getByRole('alert').getByText('end: must be after start').waitFor();
    assert.equal((await listSessions(eventId)).length, 0, 'nothing stored half-way');
    await organiser.getByLabel('End', { exact: true }).fill('2025-05-07T15:30');
    await organiser.getByRole('button', { name: 'Create session' }).click();
    await organiser.getByText('Saved.').waitFor();
    await check(organiser);
    const [created] = await listSessions(eventId);
    assert.ok(created);
    assert.equal(created.title, 'River café <b>');
    assert.equal(created.start.toISOString(), '2025-05-07T11:00:00.000Z', '14:00 in Vilnius');
    assert.deepEqual(created.format, { rounds: 3, roundMinutes: 20, breakMinutes: 5 });

    await organiser
      .getByLabel('Lead project', { exact: true })
      .selectOption({ label: 'WATERLAB — Water Lab' });
    await organiser.getByLabel("Host's name", { exact: true }).fill('Hana Host');
    await organiser.getByLabel("Host's e-mail", { exact: true }).fill('hana@example.org');
    await organiser.getByLabel("Rapporteur's name", { exact: true }).fill('Rita Rapporteur');
    await organiser
      .getByLabel('Objectives (one per line, in order)', { exact: true })
      .fill('Map the river\nName one first step');
    await organiser.getByRole('button', { name: 'Add table' }).click();
    await organiser.getByText('Saved.').waitFor();
    const { table } = await sessionAndTable();
    assert.equal(table.number, 1);
    assert.equal(table.leadProjectId, projectId);
    assert.deepEqual(table.objectives, ['Map the river', 'Name one first step']);
    assert.equal(table.host?.name, 'Hana Host');

    await organiser.getByLabel('Room', { exact: true }).fill('Hall C');
    await organiser.getByRole('radio', { name: 'Only with the wall link' }).check();
    await organiser.getByRole('button', { name: 'Save session' }).click();
    await organiser.getByText('Saved.').waitFor();
    const edited = await getSession(created.id);
    assert.equal(edited.room, 'Hall C');
    assert.equal(edited.wallAccess, 'link');

    await organiser.getByText('Table 1 · Hana Host').click();
    await organiser.locator(`#t-${table.id}-capacity`).fill('8');
    await organiser.getByRole('button', { name: 'Save table 1' }).click();
    await organiser.getByText('Saved.').waitFor();
    assert.equal((await getTable(table.id)).capacity, 8);

    // Participants: by name, or only a count per round; a word where a number belongs is explained.
    const counts = organiser.locator(`#t-${table.id}-counts`);
    const openTable = async () => {
      if (!(await counts.isVisible())) await organiser.getByText('Table 1 · Hana Host').click();
    };
    await openTable();
    await counts.fill('6, seven');
    await organiser.getByRole('button', { name: 'Save table 1' }).click();
    await organiser
      .getByRole('alert')
      .getByText(/participantCounts/)
      .waitFor();
    assert.deepEqual((await getTable(table.id)).participantCounts, [], 'nothing stored half-way');
    await openTable();
    await counts.fill('6, 7');
    await organiser
      .locator(`#t-${table.id}-participants`)
      .fill('Ona Participant, ona@example.org\nPetras Participant');
    await organiser.getByRole('button', { name: 'Save table 1' }).click();
    await organiser.getByText('Saved.').waitFor();
    const counted = await getTable(table.id);
    assert.deepEqual(counted.participantCounts, [
      { round: 1, count: 6 },
      { round: 2, count: 7 },
    ]);
    assert.deepEqual(counted.participants, [
      { name: 'Ona Participant', email: 'ona@example.org' },
      { name: 'Petras Participant' },
    ]);
    await openTable();
    assert.equal(await counts.inputValue(), '6, 7');
    await check(organiser);

    await organiser.getByRole('button', { name: 'Send calendar invitations' }).click();
    await organiser.getByText('Invitations queued for 1 person(s).').waitFor();
    const db = mongoose.connection.db!;
    assert.equal(await db.collection('outbox').countDocuments({ to: 'hana@example.org' }), 1);
  });

  it("when the sessions are listed (the event's, and all from the main navigation), then the new session is there with its time in the event zone and its table count", async () => {
    await organiser.goto(`${served.baseUrl}/world-cafe/events/${eventId}/sessions`);
    const item = organiser.getByRole('listitem').filter({ hasText: 'River café <b>' });
    await item.getByText('7 May 2025, 14:00 – 15:30 · Hall C · 1 table').waitFor();
    await check(organiser);
    await organiser.goto(`${served.baseUrl}/`);
    await organiser.getByText('Menu', { exact: true }).click();
    await Promise.all([
      organiser.waitForURL(`${served.baseUrl}/world-cafe`),
      organiser
        .locator('.nav-phone nav')
        .getByRole('link', { name: 'World Café', exact: true })
        .click(),
    ]);
    const listed = organiser.getByRole('listitem').filter({ hasText: 'River café <b>' });
    await listed.getByText('7 May 2025, 14:00 – 15:30 · Hall C · 1 table').waitFor();
    await check(organiser);
    await Promise.all([
      organiser.waitForURL(/\/world-cafe\/sessions\/[0-9a-f]{24}\/setup$/),
      listed.getByRole('link', { name: 'River café <b>', exact: true }).click(),
    ]);
  });

  it('when the rapporteur writes and submits with the table link and the organiser sends back then publishes, then the summary follows the workflow', async () => {
    const { table } = await sessionAndTable();
    await putOutcomes(table.id, { baseVersion: 0, items: [{ text: 'Open the riverbank' }] });
    await putQuote(table.id, 'quote-org-0001', {
      text: 'Rivers are streets <i>too</i>',
      speaker: { role: 'planner', city: 'Kaunas' },
      consent: true,
    });
    await putQuote(table.id, 'quote-org-0002', { text: 'Off the record remark', consent: false });
    const { url } = await issueCapabilityLink({
      scope: TABLE_SCOPE,
      resourceId: table.id,
      path: `/world-cafe/tables/${table.id}/summary`,
      baseUrl: served.baseUrl,
    });
    const rapporteur = await visitors.newPage();
    await rapporteur.goto(url);
    await check(rapporteur);
    assert.equal(await rapporteur.getByText('Off the record remark').count(), 0);
    await rapporteur.getByLabel('Summary', { exact: true }).fill('We walked the river.');
    await rapporteur.getByLabel(/Rivers are streets <i>too<\/i>/).check();
    await rapporteur.getByRole('button', { name: 'Save draft' }).click();
    await rapporteur.getByText('Draft saved.').waitFor();
    await rapporteur.getByRole('button', { name: 'Submit for publishing' }).click();
    await rapporteur.getByText('Submitted.').waitFor();
    assert.equal((await getTable(table.id)).summary.status, 'submitted');

    await organiser.goto(`${served.baseUrl}/world-cafe/tables/${table.id}/summary`);
    await check(organiser);
    await organiser.getByRole('button', { name: 'Send back' }).click();
    await organiser.getByRole('alert').getByText('say what to change').waitFor();
    await organiser
      .getByLabel('Comment for the rapporteur (needed to send it back)', { exact: true })
      .fill('Name the bridge');
    await organiser.getByRole('button', { name: 'Send back' }).click();
    await organiser.getByText('Sent back to the rapporteur').waitFor();

    await rapporteur.goto(url);
    await rapporteur.getByText('Name the bridge').waitFor();
    await rapporteur
      .getByLabel('Summary', { exact: true })
      .fill('We walked the river to the old bridge.');
    await rapporteur.getByRole('button', { name: 'Submit for publishing' }).click();
    await rapporteur.getByText('Submitted.').waitFor();

    await organiser.goto(`${served.baseUrl}/world-cafe/tables/${table.id}/summary`);
    await organiser.getByRole('button', { name: 'Publish' }).click();
    await organiser.getByText('Published.').waitFor();
    const published = await getTable(table.id);
    assert.equal(published.summary.status, 'published');
    assert.equal(published.summary.text, 'We walked the river to the old bridge.');
    assert.equal(published.summary.quoteIds.length, 1);
  });

  it('when the organiser writes and publishes the synthesis and sends the report, then it is stored and the report is queued once per consenting participant', async () => {
    const { session } = await sessionAndTable();
    await subscribeToReport(session.id, 'listener@example.org');
    await organiser.goto(`${served.baseUrl}/world-cafe/sessions/${session.id}/synthesis`);
    await check(organiser);
    await organiser
      .getByLabel('Recurring themes (one per line)', { exact: true })
      .fill('Rivers as streets\nSmall steps');
    await organiser
      .getByLabel('Next steps (one per line)', { exact: true })
      .fill('Walk the river in June');
    await organiser
      .getByLabel('Synthesis text', { exact: true })
      .fill('All tables looked at the water.');
    await organiser.getByLabel('Publish the report (makes it public)', { exact: true }).check();
    await organiser.getByRole('button', { name: 'Save synthesis' }).click();
    await organiser.getByText('Synthesis saved.').waitFor();
    const saved = await getSession(session.id);
    assert.deepEqual(saved.synthesis.themes, ['Rivers as streets', 'Small steps']);
    assert.ok(saved.synthesis.publishedAt);
    await organiser.getByRole('button', { name: 'E-mail the report to participants' }).click();
    await organiser.getByText('The report is queued for 1 participant(s)').waitFor();
    const db = mongoose.connection.db!;
    assert.equal(await db.collection('outbox').countDocuments({ to: 'listener@example.org' }), 1);
  });

  it('when anyone opens the published report page, then it shows outcomes and consented quotes as text and never an unconsented one', async () => {
    const { session } = await sessionAndTable();
    const reader = await visitors.newPage();
    const response = await reader.goto(
      `${served.baseUrl}/world-cafe/sessions/${session.id}/report`,
    );
    assert.equal(response?.status(), 200);
    await check(reader);
    await reader.getByRole('heading', { name: 'World Café: River café <b>' }).waitFor();
    await reader.getByText('Open the riverbank').waitFor();
    await reader.getByText('“Rivers are streets <i>too</i>”').waitFor();
    await reader.getByText('Walk the river in June').waitFor();
    assert.equal(await reader.getByText('Off the record remark').count(), 0);
    assert.equal(await reader.locator('i').count(), 0, 'quote markup is text, not HTML');
  });

  it('when a session has nothing published, then its report page is 404 for visitors', async () => {
    const other = await unpublishedSession();
    const reader = await visitors.newPage();
    const response = await reader.goto(`${served.baseUrl}/world-cafe/sessions/${other}/report`);
    assert.equal(response?.status(), 404);
  });

  async function unpublishedSession() {
    const session = await createSession({
      eventId,
      title: 'Unpublished café',
      start: new Date('2025-05-07T11:00:00Z'),
      end: new Date('2025-05-07T12:00:00Z'),
    });
    return session.id;
  }
});
