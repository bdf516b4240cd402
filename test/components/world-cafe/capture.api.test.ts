import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import sharp from 'sharp';
import request from 'supertest';
import { revokeCapabilityLink, listCapabilityLinks } from '../../../src/components/auth';
import { buildTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { buildWorldCafeSession, buildWorldCafeTable } from '../../helpers/factories/world-cafe';
import { clearDatabase } from '../../helpers/hooks';
import { binaryBody } from '../../helpers/pdf';

async function setUp(clock?: () => Date) {
  const built = await buildTestApp(clock ? { clock } : {});
  const { authHeader } = await signInAs(built.app, 'admin');
  const session = await buildWorldCafeSession();
  const table1 = await buildWorldCafeTable({ sessionId: session.id, number: 1 });
  const table2 = await buildWorldCafeTable({ sessionId: session.id, number: 2 });
  const link = await request(built.app)
    .post(`/api/world-cafe/tables/${table1.id}/capture-links`)
    .set(authHeader)
    .send({})
    .expect(201);
  const { key, url, expiresAt } = link.body as { key: string; url: string; expiresAt: string };
  return {
    ...built,
    authHeader,
    session,
    table1,
    table2,
    key,
    url,
    expiresAt,
    bearer: { Authorization: `Bearer ${key}` },
  };
}

/** A JPEG carrying EXIF with GPS coordinates, as a phone camera writes it. */
async function jpegWithLocation(): Promise<Buffer> {
  return sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#ddeeff' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'Camera 1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '54/1 41/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '25/1 16/1 0/1',
      },
    })
    .toBuffer();
}

describe('world café: capture API', () => {
  beforeEach(clearDatabase);

  it('when a capture link is issued, then it answers url, key and expiry, and the key opens the capture page address', async () => {
    const { url, key, expiresAt, table1 } = await setUp();
    assert.equal(url, `https://forumkit.test/world-cafe/table/${table1.id}?key=${key}`);
    assert.ok(key.length >= 40);
    assert.ok(new Date(expiresAt).getTime() > Date.now());
  });

  it('when the same note is PUT twice with the Bearer key, then one note is stored (201, then 200)', async () => {
    const { app, table1, bearer } = await setUp();
    const put = () =>
      request(app)
        .put(`/api/world-cafe/tables/${table1.id}/notes/note-aaaa-0001`)
        .set(bearer)
        .send({ text: 'Prototype on one street', tags: ['prototyping'], round: 1 });
    const first = await put().expect(201);
    const second = await put().expect(200);
    assert.equal(first.body.id, second.body.id);
    const list = await request(app)
      .get(`/api/world-cafe/tables/${table1.id}/notes`)
      .set(bearer)
      .expect(200);
    assert.deepEqual(
      (list.body.items as { clientId: string; text: string }[]).map((n) => [n.clientId, n.text]),
      [['note-aaaa-0001', 'Prototype on one street']],
    );
    assert.equal(await mongoose.connection.db!.collection('worldcafenotes').countDocuments(), 1);
  });

  it('when the same note is PUT many times at once, then the unique index keeps exactly one', async () => {
    const { app, table1, bearer } = await setUp();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        request(app)
          .put(`/api/world-cafe/tables/${table1.id}/notes/note-race-0001`)
          .set(bearer)
          .send({ text: 'Race' }),
      ),
    );
    assert.ok(
      answers.every((a) => a.status === 200 || a.status === 201),
      answers.map((a) => a.status).join(),
    );
    assert.equal(await mongoose.connection.db!.collection('worldcafenotes').countDocuments(), 1);
  });

  it('when a key for table 1 is used on table 2, then 403 capability_invalid for reads and writes, and nothing is stored', async () => {
    const { app, table2, bearer } = await setUp();
    const write = await request(app)
      .put(`/api/world-cafe/tables/${table2.id}/notes/note-bbbb-0001`)
      .set(bearer)
      .send({ text: 'Sneaky' })
      .expect(403);
    assert.equal(write.body.code, 'capability_invalid');
    const read = await request(app)
      .get(`/api/world-cafe/tables/${table2.id}/notes`)
      .set(bearer)
      .expect(403);
    assert.equal(read.body.code, 'capability_invalid');
    assert.equal(await mongoose.connection.db!.collection('worldcafenotes').countDocuments(), 0);
  });

  it('when the capability key is sent as a Bearer token elsewhere, then it grants nothing there (401), and made-up tokens stay 401 invalid_token', async () => {
    const { app, bearer } = await setUp();
    await request(app).get('/api/events').set(bearer).expect(401);
    const madeUp = await request(app)
      .get('/api/events')
      .set({ Authorization: 'Bearer not-a-real-token' })
      .expect(401);
    assert.equal(madeUp.body.code, 'invalid_token');
  });

  it('when the link is revoked or has expired, then capture calls get 403 capability_revoked / capability_expired', async () => {
    let now = new Date();
    const { app, table1, bearer } = await setUp(() => now);
    const [link] = (await listCapabilityLinks({ resourceId: table1.id })).items;
    now = new Date(Date.now() + 8 * 24 * 3600 * 1000);
    const expired = await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/notes/note-cccc-0001`)
      .set(bearer)
      .send({ text: 'late' })
      .expect(403);
    assert.equal(expired.body.code, 'capability_expired');
    now = new Date();
    await revokeCapabilityLink(link!.id);
    const revoked = await request(app)
      .get(`/api/world-cafe/tables/${table1.id}/notes`)
      .set(bearer)
      .expect(403);
    assert.equal(revoked.body.code, 'capability_revoked');
  });

  it('when a quote is PUT twice, then one is stored with speaker and consent; a dot replayed counts once', async () => {
    const { app, table1, bearer } = await setUp();
    for (let i = 0; i < 2; i++) {
      await request(app)
        .put(`/api/world-cafe/tables/${table1.id}/quotes/quote-aaaa-0001`)
        .set(bearer)
        .send({
          text: 'Own the next step',
          speaker: { role: 'planner', city: 'Riga' },
          consent: true,
        })
        .expect(i === 0 ? 201 : 200);
    }
    const quotes = await request(app)
      .get(`/api/world-cafe/tables/${table1.id}/quotes`)
      .set(bearer)
      .expect(200);
    assert.equal(quotes.body.items.length, 1);
    assert.equal(quotes.body.items[0].attribution, 'a participant (planner, Riga)');
    await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/notes/note-dddd-0001`)
      .set(bearer)
      .send({ text: 'n' })
      .expect(201);
    for (let i = 0; i < 2; i++) {
      await request(app)
        .put(`/api/world-cafe/tables/${table1.id}/dots/dot-aaaa-0001`)
        .set(bearer)
        .send({ noteId: 'note-dddd-0001' });
    }
    await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/dots/dot-aaaa-0002`)
      .set(bearer)
      .send({ noteId: 'note-dddd-0001' })
      .expect(201);
    const notes = await request(app)
      .get(`/api/world-cafe/tables/${table1.id}/notes`)
      .set(bearer)
      .expect(200);
    assert.equal(notes.body.items[0].dots, 2);
    const missing = await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/dots/dot-aaaa-0003`)
      .set(bearer)
      .send({ noteId: 'note-none-0001' })
      .expect(404);
    assert.equal(missing.body.code, 'note_not_found');
  });

  it('when two devices edit key outcomes from the same version, then the second gets 409 outcomes_conflict with the current list', async () => {
    const { app, table1, bearer } = await setUp();
    const first = await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/outcomes`)
      .set(bearer)
      .send({ baseVersion: 0, items: [{ text: 'Prototype small' }, { text: 'Map stakeholders' }] })
      .expect(200);
    assert.equal(first.body.version, 1);
    const second = await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/outcomes`)
      .set(bearer)
      .send({ baseVersion: 0, items: [{ text: 'Something else' }] })
      .expect(409);
    assert.equal(second.body.code, 'outcomes_conflict');
    assert.deepEqual(
      (second.body.current.items as { text: string }[]).map((o) => o.text),
      ['Prototype small', 'Map stakeholders'],
    );
    assert.equal(second.body.current.version, 1);
    const current = await request(app)
      .get(`/api/world-cafe/tables/${table1.id}/outcomes`)
      .set(bearer)
      .expect(200);
    assert.equal(current.body.version, 1);
  });

  it('when bad capture input arrives, then 400 with paths and nothing stored: bad clientId, unknown field, empty text, no consent flag', async () => {
    const { app, table1, bearer } = await setUp();
    const badId = await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/notes/$ne`)
      .set(bearer)
      .send({ text: 'x' })
      .expect(400);
    assert.equal(badId.body.errors[0].path, 'clientId');
    const unknown = await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/notes/note-eeee-0001`)
      .set(bearer)
      .send({ text: 'x', admin: true })
      .expect(400);
    assert.equal(unknown.body.errors[0].path, 'admin');
    await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/notes/note-eeee-0002`)
      .set(bearer)
      .send({ text: '   ' })
      .expect(400);
    const noConsent = await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/quotes/quote-eeee-0001`)
      .set(bearer)
      .send({ text: 'x' })
      .expect(400);
    assert.equal(noConsent.body.errors[0].path, 'consent');
    assert.equal(await mongoose.connection.db!.collection('worldcafenotes').countDocuments(), 0);
    assert.equal(await mongoose.connection.db!.collection('worldcafequotes').countDocuments(), 0);
  });

  it('when the facilitator sends how many people sat at the table per round, then each round keeps one count (a replay changes nothing, a new count replaces it) and bad rounds or counts are 400', async () => {
    const { app, table1, table2, bearer } = await setUp();
    const put = (round: string | number, body: unknown, auth = bearer) =>
      request(app)
        .put(`/api/world-cafe/tables/${table1.id}/participant-counts/${round}`)
        .set(auth)
        .send(body as object);
    await put(2, { count: 7 }).expect(200);
    await put(1, { count: 6 }).expect(200);
    await put(1, { count: 6 }).expect(200);
    const last = await put(2, { count: 8 }).expect(200);
    assert.deepEqual(last.body.items, [
      { round: 1, count: 6 },
      { round: 2, count: 8 },
    ]);
    const stored = await request(app).get(`/api/world-cafe/tables/${table1.id}`).set(bearer);
    assert.deepEqual(stored.body.participantCounts, last.body.items);

    const badRound = await put('eleven', { count: 3 }).expect(400);
    assert.equal(badRound.body.errors[0].path, 'round');
    await put(0, { count: 3 }).expect(400);
    const badCount = await put(3, { count: -1 }).expect(400);
    assert.equal(badCount.body.errors[0].path, 'count');
    await put(3, { count: 2, extra: true }).expect(400);
    const other = await request(app)
      .put(`/api/world-cafe/tables/${table2.id}/participant-counts/1`)
      .set(bearer)
      .send({ count: 4 })
      .expect(403);
    assert.equal(other.body.code, 'capability_invalid');
    const untouched = await request(app).get(`/api/world-cafe/tables/${table1.id}`).set(bearer);
    assert.equal(untouched.body.participantCounts.length, 2, 'nothing stored by bad calls');
  });

  it('when a phone photo with GPS is uploaded, then the stored copy is a resized JPEG without EXIF or location, in GridFS', async () => {
    const { app, table1, bearer, key } = await setUp();
    const original = await jpegWithLocation();
    assert.ok((await sharp(original).metadata()).exif, 'the test image carries EXIF');
    const put = await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/photos/photo-aaaa-0001?caption=Flipchart%201`)
      .set(bearer)
      .set('Content-Type', 'image/jpeg')
      .send(original)
      .expect(201);
    assert.equal(put.body.width, 2000);
    await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/photos/photo-aaaa-0001`)
      .set(bearer)
      .set('Content-Type', 'image/jpeg')
      .send(original)
      .expect(200);
    const stored = await request(app)
      .get(`${put.body.url as string}?key=${key}`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const meta = await sharp(stored.body as Buffer).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.width, 2000);
    assert.equal(meta.exif, undefined);
    assert.equal(meta.xmp, undefined);
    assert.ok(!(stored.body as Buffer).includes(Buffer.from('GPS')));
    assert.equal(
      await mongoose.connection.db!.collection('worldCafePhotos.files').countDocuments(),
      2,
    );
  });

  it('when a photo is sent as a form (multipart, field "photo"), then it is stored like raw bytes, once, and a form without the photo, with a non-image or too large a file is refused', async () => {
    const { app, table1, bearer } = await setUp();
    const original = await jpegWithLocation();
    const first = await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/photos/photo-form-0001`)
      .set(bearer)
      .field('caption', 'Flipchart from the form')
      .field('round', '2')
      .attach('photo', original, { filename: 'IMG_0001.JPG', contentType: 'image/jpeg' })
      .expect(201);
    assert.equal(first.body.caption, 'Flipchart from the form');
    assert.equal(first.body.round, 2);
    assert.equal(first.body.width, 2000);
    await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/photos/photo-form-0001`)
      .set(bearer)
      .attach('photo', original, { filename: 'IMG_0001.JPG', contentType: 'image/jpeg' })
      .expect(200);
    const stored = await request(app)
      .get(first.body.url as string)
      .set(bearer)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    assert.equal((await sharp(stored.body as Buffer).metadata()).exif, undefined);

    const missing = await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/photos/photo-form-0002`)
      .set(bearer)
      .field('caption', 'no file')
      .expect(400);
    assert.equal(missing.body.code, 'validation_failed');
    assert.equal(missing.body.errors[0].path, 'photo');
    const script = await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/photos/photo-form-0003`)
      .set(bearer)
      .attach('photo', Buffer.from('<script>alert(1)</script>'), {
        filename: 'photo.jpg',
        contentType: 'image/jpeg',
      })
      .expect(415);
    assert.equal(script.body.code, 'unsupported_image');
    const big = await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/photos/photo-form-0004`)
      .set(bearer)
      .attach('photo', Buffer.alloc(13 * 1024 * 1024, 1), {
        filename: 'big.jpg',
        contentType: 'image/jpeg',
      })
      .ok(() => true);
    assert.equal(big.status, 413);
    assert.equal(big.body.code, 'payload_too_large');
    assert.equal(await mongoose.connection.db!.collection('worldcafephotos').countDocuments(), 1);
  });

  it('when the upload is not an image or too large, then 415 unsupported_image / 413 and nothing is stored', async () => {
    const { app, table1, bearer } = await setUp();
    const html = await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/photos/photo-bbbb-0001`)
      .set(bearer)
      .set('Content-Type', 'image/jpeg')
      .send(Buffer.from('<script>alert(1)</script>'))
      .expect(415);
    assert.equal(html.body.code, 'unsupported_image');
    const big = await request(app)
      .put(`/api/world-cafe/tables/${table1.id}/photos/photo-bbbb-0002`)
      .set(bearer)
      .set('Content-Type', 'image/jpeg')
      .send(Buffer.alloc(13 * 1024 * 1024, 1))
      .expect(413);
    assert.equal(big.body.code, 'payload_too_large');
    assert.equal(await mongoose.connection.db!.collection('worldcafephotos').countDocuments(), 0);
  });
});
