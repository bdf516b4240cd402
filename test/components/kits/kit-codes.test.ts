import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import { listAllQrCodes, updateQrCode } from '../../../src/components/qr';
import { linkKitCodes } from '../../../src/components/kits';
import { signInAs } from '../../helpers/auth';
import { buildProject } from '../../helpers/factories/events';
import { buildTestApp } from '../../helpers/app';
import { clearDatabase } from '../../helpers/hooks';

const BASE = 'https://forumkit.test';

describe('kit codes made before codes could lead to kits', function () {
  this.timeout(60_000);
  let app: Express;
  let auth: Record<string, string>;
  let projectId: string;
  before(async () => {
    ({ app } = await buildTestApp());
  });
  beforeEach(async () => {
    await clearDatabase();
    // Kit types are event-less things of their project: the comms user works for it.
    projectId = (await buildProject()).id;
    ({ authHeader: auth } = await signInAs(app, 'comms', { projectIds: [projectId] }));
  });

  it('when old kit codes lead nowhere or to an https address, then linkKitCodes points each at its kit once, and a scan reaches the kit page', async () => {
    const type = await request(app)
      .post('/api/kit-types')
      .set(auth)
      .send({ name: 'Dominoes', serialPrefix: 'DOM', projectId })
      .expect(201);
    const made = await request(app)
      .post(`/api/kit-types/${type.body.id}/kits`)
      .set(auth)
      .send({ count: 6 })
      .expect(201);
    const kits = made.body.items as {
      id: string;
      serial: string;
      qrCode: string;
      qrCodeId: string;
    }[];
    // As the codes were stored before: three placeholders, two https addresses, one already right.
    for (const kit of kits.slice(0, 3))
      await updateQrCode(kit.qrCodeId, { target: { none: true } }, BASE);
    for (const kit of kits.slice(3, 5))
      await updateQrCode(kit.qrCodeId, { target: { url: `${BASE}/k/${kit.serial}` } }, BASE);
    const placeholder = await request(app).get(`/q/${kits[0]!.qrCode}?s=qr`);
    assert.notEqual(placeholder.headers.location, `/k/${kits[0]!.serial}?c=${kits[0]!.qrCode}`);

    assert.equal(await linkKitCodes(BASE), 5);
    const codes = await listAllQrCodes({ ids: kits.map((k) => k.qrCodeId) }, BASE);
    for (const kit of kits) {
      const code = codes.find((c) => c.id === kit.qrCodeId);
      assert.deepEqual(code?.target, { type: 'kit', id: kit.id }, kit.serial);
      const scan = await request(app).get(`/q/${kit.qrCode}?s=qr`).expect(302);
      assert.equal(scan.headers.location, `/k/${kit.serial}?c=${kit.qrCode}`);
      const page = await request(app).get(scan.headers.location!).expect(200);
      assert.ok(page.text.includes(kit.serial));
    }
    // Idempotent: a second run (the next start) changes nothing.
    const before = codes.map((c) => c.updatedAt.getTime());
    assert.equal(await linkKitCodes(BASE), 0);
    const again = await listAllQrCodes({ ids: kits.map((k) => k.qrCodeId) }, BASE);
    assert.deepEqual(
      again.map((c) => c.updatedAt.getTime()),
      before,
    );
  });

  it('with no kits, then there is nothing to link', async () => {
    assert.equal(await linkKitCodes(BASE), 0);
  });
});
