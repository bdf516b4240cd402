import assert from 'node:assert/strict';
import type { Express } from 'express';
import mongoose, { Types } from 'mongoose';
import request from 'supertest';
import { createLogger } from '../../src/lib/logger';
import { runMigrations } from '../../src/lib/migrations';
import { MIGRATIONS } from '../../src/migrations';
import { linkKitCodesMigration } from '../../src/migrations/0001-link-kit-codes';
import { buildTestApp } from '../helpers/app';
import { signInAs } from '../helpers/auth';
import { clearDatabase } from '../helpers/hooks';

const BASE = 'https://forumkit.test';
const logger = createLogger('silent');
const context = { publicBaseUrl: BASE, logger };

type RawCode = {
  _id: Types.ObjectId;
  code: string;
  target: { type: string; refId?: Types.ObjectId; url?: string };
  updatedAt: Date;
};

/**
 * Migration 0001 from the shape data had before it: kit box codes that lead nowhere
 * (`none`) or to the kit page's https address, written straight into the collections
 * as the old code wrote them.
 */
describe('migration 0001: kit codes lead to their kits', () => {
  let app: Express;
  const db = () => mongoose.connection.db!;

  before(async () => {
    ({ app } = await buildTestApp());
  });

  beforeEach(clearDatabase);

  /** A kit type made through the API, then kits and codes inserted in the old shape. */
  async function oldShapeKits() {
    const { authHeader } = await signInAs(app, 'admin');
    const type = await request(app)
      .post('/api/kit-types')
      .set(authHeader)
      .send({ name: 'Dominoes', serialPrefix: 'OLD' })
      .expect(201);
    const stamp = new Date('2024-11-02T10:00:00Z');
    const kits = [0, 1, 2, 3].map((n) => {
      const serial = `OLD-000${n + 1}`;
      const qrCode = `wxyzab${n + 2}`; // the short-code alphabet (no 0, 1, l, o)
      const target = n < 2 ? { type: 'none' } : { type: 'url', url: `${BASE}/k/${serial}` };
      return {
        kit: { _id: new Types.ObjectId(), serial, qrCode, qrCodeId: new Types.ObjectId() },
        target,
      };
    });
    await db()
      .collection('qrCodes')
      .insertMany(
        kits.map(({ kit, target }) => ({
          _id: kit.qrCodeId,
          code: kit.qrCode,
          kind: 'kit',
          label: `Kit ${kit.serial}`,
          target,
          enabled: true,
          createdAt: stamp,
          updatedAt: stamp,
        })),
      );
    await db()
      .collection('kits')
      .insertMany(
        kits.map(({ kit }) => ({
          ...kit,
          kitTypeId: new Types.ObjectId(type.body.id as string),
          status: 'in-stock',
          createdAt: stamp,
          updatedAt: stamp,
        })),
      );
    return kits.map((k) => k.kit);
  }

  const storedCodes = async () =>
    db().collection<RawCode>('qrCodes').find({ kind: 'kit' }).sort({ code: 1 }).toArray();

  it('when kit codes are in the old shape, then the migration points each at its kit, once, and records itself', async () => {
    const kits = await oldShapeKits();
    // Before: a placeholder page, not the kit.
    const before = await request(app).get(`/q/${kits[0]!.qrCode}`).expect(302);
    assert.equal(before.headers.location, `/l/${kits[0]!.qrCode}`);

    assert.deepEqual(await runMigrations(mongoose.connection, MIGRATIONS, context, { logger }), [
      '0001-link-kit-codes',
    ]);
    const codes = await storedCodes();
    assert.deepEqual(
      codes.map((c) => [c.code, c.target.type, c.target.refId?.toString()]),
      kits.map((k) => [k.qrCode, 'kit', k._id.toString()]),
    );
    for (const kit of kits) {
      const scan = await request(app).get(`/q/${kit.qrCode}`).expect(302);
      assert.equal(scan.headers.location, `/k/${kit.serial}?c=${kit.qrCode}`);
    }
    const record = await db()
      .collection('migrations')
      .findOne({ _id: '0001-link-kit-codes' as never });
    assert.equal(record?.state, 'applied');
    assert.ok(record?.appliedAt instanceof Date);

    // Recorded: a second run does nothing at all.
    assert.deepEqual(await runMigrations(mongoose.connection, MIGRATIONS, context, { logger }), []);
    // Idempotent even when forced (a run cut short is simply run again): nothing changes.
    await linkKitCodesMigration.up(context);
    assert.deepEqual(
      (await storedCodes()).map((c) => [c.target, c.updatedAt.getTime()]),
      codes.map((c) => [c.target, c.updatedAt.getTime()]),
    );
  });

  it('when the database is empty, then the migration runs (nothing to change) and is recorded', async () => {
    assert.deepEqual(await runMigrations(mongoose.connection, MIGRATIONS, context, { logger }), [
      '0001-link-kit-codes',
    ]);
    assert.equal(await db().collection('migrations').countDocuments({ state: 'applied' }), 1);
  });
});
