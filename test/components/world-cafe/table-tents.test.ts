import assert from 'node:assert/strict';
import request from 'supertest';
import { realTables } from '../../../seeds/data/world-cafe';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildProject } from '../../helpers/factories/events';
import { buildWorldCafeSession, buildWorldCafeTable } from '../../helpers/factories/world-cafe';
import { clearDatabase } from '../../helpers/hooks';
import { binaryBody, decodeQr, mmToPixels, pdfText, rasterisePdf } from '../../helpers/pdf';

/**
 * Where the codes sit on an A4 tent (mm): the host's code in the lower half, top right;
 * the visitors' half is turned upside down, so their codes are at the left, and the
 * voting code (second from the top when folded) is above the wall's on the page.
 */
const REGIONS = {
  capture: { x: 140, y: 152, width: 70, height: 60 },
  wall: { x: 0, y: 88, width: 70, height: 52 },
  vote: { x: 0, y: 36, width: 70, height: 52 },
};

const squash = (text: string) => text.replace(/\s+/g, ' ').replace(/-\s*/g, '');

describe('world café: table tents', function () {
  this.timeout(60_000);
  beforeEach(clearDatabase);

  async function setUp(wallAccess: 'public' | 'link') {
    const built = await buildTestApp();
    const admin = await signInAs(built.app, 'admin');
    const session = await buildWorldCafeSession({ title: 'Tent café', wallAccess });
    const tables = [];
    for (const [i, real] of realTables.entries()) {
      const project = await buildProject({ name: `Lead project ${i + 1}`, acronym: real.lead });
      tables.push(
        await buildWorldCafeTable({
          sessionId: session.id,
          number: real.number,
          leadProjectId: project.id,
          objectives: real.objectives,
        }),
      );
    }
    return { ...built, admin, session, tables };
  }

  it('when an organiser prints the tents, then each page names its table, lead project and objectives, and every QR code decodes to the right link', async () => {
    const { app, admin, session, tables } = await setUp('public');
    const res = await request(app)
      .get(`/api/world-cafe/sessions/${session.id}/table-tents.pdf`)
      .set(admin.authHeader)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['cache-control']), /no-store/);
    const pdf = res.body as Buffer;

    const pages = (await pdfText(pdf)).split('\f').filter((p) => p.trim());
    assert.equal(pages.length, tables.length);
    for (const [i, real] of realTables.entries()) {
      const text = squash(pages[i]!);
      assert.ok(text.includes(`Table ${real.number}`), `page ${i + 1} number`);
      assert.ok(text.includes(squash(`Lead project ${i + 1} (${real.lead})`)), 'lead project');
      for (const objective of real.objectives ?? [])
        assert.ok(text.includes(squash(objective)), `page ${i + 1}: ${objective}`);
    }

    const images = await rasterisePdf(pdf);
    const keys: string[] = [];
    for (const [i, table] of tables.entries()) {
      const page = images[i]!;
      const capture = decodeQr(page, mmToPixels(REGIONS.capture));
      assert.ok(capture, `capture QR on page ${i + 1}`);
      const url = new URL(capture);
      assert.equal(url.origin, 'https://forumkit.test');
      assert.equal(url.pathname, `/world-cafe/table/${table.id}`);
      const key = url.searchParams.get('key');
      assert.ok(key);
      keys.push(key);
      assert.equal(
        decodeQr(page, mmToPixels(REGIONS.wall)),
        `https://forumkit.test/world-cafe/sessions/${session.id}/wall`,
      );
      assert.equal(
        decodeQr(page, mmToPixels(REGIONS.vote)),
        `https://forumkit.test/world-cafe/sessions/${session.id}/vote`,
      );
    }

    // Each printed key opens its own table's capture page and no other table.
    await request(app).get(`/world-cafe/table/${tables[0]!.id}?key=${keys[0]}`).expect(200);
    const other = await request(app)
      .get(`/api/world-cafe/tables/${tables[1]!.id}/notes`)
      .set('Authorization', `Bearer ${keys[0]}`)
      .expect(403);
    assert.equal(other.body.code, 'capability_invalid');

    // …and appears on no public page or public output.
    const publicPages = [
      `/world-cafe/sessions/${session.id}/wall`,
      `/world-cafe/sessions/${session.id}/vote`,
    ];
    for (const path of publicPages) {
      const page = await request(app).get(path).expect(200);
      for (const key of keys) assert.ok(!page.text.includes(key), `${path} leaks a capture key`);
    }
  });

  it('when the wall is link-protected, then the tents carry no wall code, only the voting code', async () => {
    const { app, admin, session } = await setUp('link');
    const res = await request(app)
      .get(`/api/world-cafe/sessions/${session.id}/table-tents.pdf`)
      .set(admin.authHeader)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const [page] = await rasterisePdf(res.body as Buffer);
    const wallRegion = decodeQr(page!, mmToPixels(REGIONS.wall));
    const voteRegion = decodeQr(page!, mmToPixels(REGIONS.vote));
    const found = [wallRegion, voteRegion].filter(Boolean);
    assert.deepEqual(found, [`https://forumkit.test/world-cafe/sessions/${session.id}/vote`]);
    assert.ok(!(await pdfText(res.body as Buffer)).includes('Live wall'));
  });

  it('when someone not managing the event asks for tents, then 401 anonymous and 403 for a visitor-facing role', async () => {
    const { app, session } = await setUp('public');
    await request(app).get(`/api/world-cafe/sessions/${session.id}/table-tents.pdf`).expect(401);
    const facilitator = await signInAs(app, 'facilitator');
    await request(app)
      .get(`/api/world-cafe/sessions/${session.id}/table-tents.pdf`)
      .set(facilitator.authHeader)
      .expect(403);
  });
});
