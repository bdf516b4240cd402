import assert from 'node:assert/strict';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import request from 'supertest';
import type { App } from '../../../src/app';
import { createEventsComponent } from '../../../src/components/events';
import { addMaterial } from '../../../src/components/exhibitions';
import { noReferences } from '../../../src/lib/component';
import { OpenAPIRegistry } from '../../../src/lib/http/api-router';
import { errorHandler } from '../../../src/lib/http/error-handler';
import { buildTestApp, closeTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildStand } from '../../helpers/factories/exhibitions';
import { clearDatabase } from '../../helpers/hooks';

/** The text of the dashboard's notices of one kind. */
function notices(html: string, kind: string): string[] {
  return [
    ...html.matchAll(
      /<div class="notice" role="status" data-notice="([^"]+)"><p>([\s\S]*?)<\/p><\/div>/g,
    ),
  ]
    .filter((m) => m[1] === kind)
    .map((m) => m[2]!.replace(/<[^>]+>/g, '').trim());
}

describe('dashboard: late stand materials as a notice from the exhibitions component', () => {
  let app: Express;
  let built: App;
  let auth: Record<string, string>;
  // 3 May 2025, 01:30 in Vilnius (still 2 May in UTC): lateness follows the event's day.
  const now = new Date('2025-05-02T22:30:00Z');

  before(async () => {
    built = await buildTestApp({ clock: () => now });
    app = built.app;
  });
  after(async () => {
    await closeTestApp(app);
  });
  beforeEach(async () => {
    await clearDatabase();
    ({ authHeader: auth } = await signInAs(app, 'facilitator'));
  });

  const dashboard = async () => (await request(app).get('/').set(auth).expect(200)).text;

  it('when nothing is late, then the dashboard has no late-materials notice', async () => {
    const { stand, project } = await buildStand();
    await addMaterial(
      stand.id,
      { name: 'Roll-up', ownerProjectId: project.id, status: 'ordered', dueDate: '2025-05-03' },
      now,
    );
    assert.deepEqual(notices(await dashboard(), 'late-materials'), []);
  });

  it('when an item of one stand is past due in the event’s zone, then the dashboard names it and links to that stand', async () => {
    const { stand, project } = await buildStand();
    await addMaterial(
      stand.id,
      { name: 'Booklets', ownerProjectId: project.id, status: 'shipped', dueDate: '2025-05-02' },
      now,
    );
    await addMaterial(
      stand.id,
      { name: 'Roll-up', ownerProjectId: project.id, status: 'on-site', dueDate: '2025-04-01' },
      now,
    );
    const html = await dashboard();
    assert.deepEqual(notices(html, 'late-materials'), [
      `1 late stand material: Booklets (${stand.name}, due 2025-05-02). Open the stand’s materials`,
    ]);
    assert.ok(html.includes(`href="/stands/${stand.id}#materials-heading"`));
  });

  it('when a contributed source fails, then the dashboard still answers with the other notices', async () => {
    const { stand, project } = await buildStand();
    await addMaterial(
      stand.id,
      { name: 'Postcards', ownerProjectId: project.id, dueDate: '2025-05-01' },
      now,
    );
    // The dashboard's component wired as app.ts does, with one more source that fails.
    const events = createEventsComponent(
      { ...built.context, registry: new OpenAPIRegistry() },
      {
        references: noReferences,
        dashboardNotices: {
          broken: () => Promise.reject(new Error('down')),
          'late-materials': built.components.exhibitions.ports.lateMaterialsNotice,
        },
      },
    );
    const withBroken = express()
      .use(cookieParser())
      .use(built.components.auth.routers.authenticate)
      .use(events.routers.main)
      .use(errorHandler(built.context.logger));
    const html = (await request(withBroken).get('/').set(auth).expect(200)).text;
    assert.equal(notices(html, 'late-materials').length, 1);
  });
});
