import assert from 'node:assert/strict';
import request from 'supertest';
import { realTables } from '../../../seeds/data/world-cafe';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildProject } from '../../helpers/factories/events';
import { buildWorldCafeSession, buildWorldCafeTable } from '../../helpers/factories/world-cafe';
import { clearDatabase } from '../../helpers/hooks';
import { findQrCodeByCode, listAllQrCodes, scanStats } from '../../../src/components/qr';
import { binaryBody, decodeQr, mmToPixels, pdfText, rasterisePdf } from '../../helpers/pdf';

/**
 * Where the codes sit on an A4 tent (mm): the host's code in the lower half, top right;
 * the visitors' half is turned upside down, so their codes are at the left, and the
 * table's registry code (second from the top when folded) is above the wall's on the page.
 */
const REGIONS = {
  capture: { x: 140, y: 152, width: 70, height: 60 },
  wall: { x: 0, y: 88, width: 70, height: 52 },
  table: { x: 0, y: 36, width: 70, height: 52 },
};

const PHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

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

  async function downloadTents(
    app: Parameters<typeof request>[0],
    authHeader: Record<string, string>,
    sessionId: string,
  ) {
    const res = await request(app)
      .get(`/api/world-cafe/sessions/${sessionId}/table-tents.pdf`)
      .set(authHeader)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    return res;
  }

  it('when an organiser prints the tents, then each page names its table, lead project and objectives, and every QR code decodes to the right link', async () => {
    const { app, qr, admin, session, tables } = await setUp('public');
    const res = await downloadTents(app, admin.authHeader, session.id);
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
    const tableCodes: string[] = [];
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
      // The visitors' code is the table's registry code, printed as its scan address.
      const printed = decodeQr(page, mmToPixels(REGIONS.table));
      assert.ok(printed, `table code on page ${i + 1}`);
      const match = /^https:\/\/forumkit\.test\/q\/([A-Za-z0-9]+)\?s=qr$/.exec(printed);
      assert.ok(match, `a registry scan address: ${printed}`);
      const code = await findQrCodeByCode(match[1]!, 'https://forumkit.test');
      assert.ok(code, 'the printed code is registered');
      assert.equal(code.kind, 'table');
      assert.deepEqual(code.target, { type: 'table', id: table.id });
      assert.equal(code.eventId, session.eventId);
      assert.equal(code.projectId, table.leadProjectId);
      assert.equal(code.label, `World Café table ${table.number}: Tent café`);
      assert.equal(code.qrUrl, printed);
      tableCodes.push(code.code);
    }

    // A scan of a table code leads to that table's public page, and is counted.
    const scan = await request(app)
      .get(`/q/${tableCodes[1]}?s=qr`)
      .set('User-Agent', PHONE_UA)
      .expect(302);
    assert.equal(
      scan.headers.location,
      `/world-cafe/sessions/${session.id}/tables/${tables[1]!.number}?c=${tableCodes[1]}`,
    );
    const tablePage = await request(app).get(String(scan.headers.location)).expect(200);
    assert.ok(tablePage.text.includes(`Table ${tables[1]!.number}: Lead project 2`));
    for (const objective of realTables[1]!.objectives ?? [])
      assert.ok(tablePage.text.includes(objective.replace(/'/g, '&#x27;')), objective);
    assert.ok(tablePage.text.includes(`/world-cafe/sessions/${session.id}/vote#table-2`));
    assert.ok(tablePage.text.includes(`/world-cafe/sessions/${session.id}/wall`));
    await qr.scans.flush();
    const code = await findQrCodeByCode(tableCodes[1]!, 'https://forumkit.test');
    const stats = await scanStats([code!.id], { timeZone: 'Europe/Vilnius' });
    assert.equal(stats.qrScans, 1);

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
      String(scan.headers.location),
    ];
    for (const path of publicPages) {
      const page = await request(app).get(path).expect(200);
      for (const key of keys) assert.ok(!page.text.includes(key), `${path} leaks a capture key`);
    }

    // A reprint keeps the same table codes (the printed tents go on working).
    const again = await downloadTents(app, admin.authHeader, session.id);
    const [firstPage] = await rasterisePdf(again.body as Buffer);
    assert.equal(
      decodeQr(firstPage!, mmToPixels(REGIONS.table)),
      `https://forumkit.test/q/${tableCodes[0]}?s=qr`,
    );
    const codes = await listAllQrCodes({ eventId: session.eventId }, 'https://forumkit.test');
    assert.equal(codes.filter((c) => c.kind === 'table').length, tables.length);
  });

  it('when the tents are printed again, then the keys on the earlier tents stop working with a clear page, and links issued by hand stay valid', async () => {
    const { app, admin, session, tables } = await setUp('public');
    const table = tables[0]!;
    const captureKey = async (pdf: Buffer) => {
      const [page] = await rasterisePdf(pdf);
      const url = decodeQr(page!, mmToPixels(REGIONS.capture));
      assert.ok(url);
      return new URL(url).searchParams.get('key')!;
    };
    const byHand = await request(app)
      .post(`/api/world-cafe/tables/${table.id}/capture-links`)
      .set(admin.authHeader)
      .send({})
      .expect(201);
    const oldKey = await captureKey((await downloadTents(app, admin.authHeader, session.id)).body);
    const newKey = await captureKey((await downloadTents(app, admin.authHeader, session.id)).body);
    assert.notEqual(oldKey, newKey);

    const page = await request(app).get(`/world-cafe/table/${table.id}?key=${oldKey}`).expect(403);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.ok(page.text.includes('This link has been revoked'));
    assert.ok(page.text.includes('capability_revoked'));
    assert.ok(!/at \S+ \(.*:\d+:\d+\)/.test(page.text), 'no stack trace');
    const api = await request(app)
      .put(`/api/world-cafe/tables/${table.id}/notes/old-tent-note-1`)
      .set('Authorization', `Bearer ${oldKey}`)
      .send({ text: 'From an old tent', round: 1 })
      .expect(403);
    assert.equal(api.body.code, 'capability_revoked');
    const notes = await request(app)
      .get(`/api/world-cafe/tables/${table.id}/notes`)
      .set('Authorization', `Bearer ${newKey}`)
      .expect(200);
    assert.equal(notes.body.items.length, 0, 'nothing stored through the revoked key');

    await request(app).get(`/world-cafe/table/${table.id}?key=${newKey}`).expect(200);
    await request(app)
      .get(`/api/world-cafe/tables/${table.id}/notes`)
      .set('Authorization', `Bearer ${byHand.body.key}`)
      .expect(200);
  });

  it('when the wall is link-protected, then the tents carry no wall code, only the table code', async () => {
    const { app, admin, session } = await setUp('link');
    const res = await request(app)
      .get(`/api/world-cafe/sessions/${session.id}/table-tents.pdf`)
      .set(admin.authHeader)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const [page] = await rasterisePdf(res.body as Buffer);
    const wallRegion = decodeQr(page!, mmToPixels(REGIONS.wall));
    const tableRegion = decodeQr(page!, mmToPixels(REGIONS.table));
    const found = [wallRegion, tableRegion].filter(Boolean);
    assert.equal(found.length, 1);
    assert.match(found[0]!, /^https:\/\/forumkit\.test\/q\/[A-Za-z0-9]+\?s=qr$/);
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
