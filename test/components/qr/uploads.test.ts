import assert from 'node:assert/strict';
import type { Express } from 'express';
import mongoose from 'mongoose';
import sharp from 'sharp';
import request from 'supertest';
import { signInAs } from '../../helpers/auth';
import { buildTestApp } from '../../helpers/app';
import { buildProject } from '../../helpers/factories/events';
import { buildPostcard, buildResource } from '../../helpers/factories/qr';
import { clearDatabase } from '../../helpers/hooks';
import { binaryBody } from '../../helpers/pdf';

const MINIMAL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe('resource and postcard uploads', () => {
  let app: Express;
  let auth: Record<string, string>;
  // Event-less resources and postcards are their project's: the comms user works for it.
  let projectId: string;
  before(async () => {
    ({ app } = await buildTestApp());
  });
  beforeEach(async () => {
    await clearDatabase();
    projectId = (await buildProject()).id;
    ({ authHeader: auth } = await signInAs(app, 'comms', { projectIds: [projectId] }));
  });
  const files = () => mongoose.connection.db!.collection('media.files').countDocuments();

  it('when a large photo with camera metadata is uploaded as a cover, then it is stored resized as a JPEG without metadata and served from the database', async () => {
    const photo = await sharp({
      create: { width: 3000, height: 2000, channels: 3, background: '#3366aa' },
    })
      .withMetadata({ exif: { IFD0: { Copyright: 'Secret Camera Owner', Artist: 'Someone' } } })
      .png()
      .toBuffer();
    const resource = await buildResource({ projectId });
    const res = await request(app)
      .put(`/api/resources/${resource.id}/cover`)
      .set(auth)
      .set('Content-Type', 'application/octet-stream')
      .send(photo)
      .expect(200);
    assert.match(res.body.coverUrl, /^\/media\/[0-9a-f]{24}$/);
    const served = await request(app)
      .get(res.body.coverUrl)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    assert.equal(served.headers['content-type'], 'image/jpeg');
    const meta = await sharp(served.body as Buffer).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.ok(meta.width! <= 1600 && meta.height! <= 1600);
    assert.equal(meta.exif, undefined);
    assert.ok(!(served.body as Buffer).includes('Secret Camera Owner'));
    const page = await request(app).get(`/r/${resource.id}`).expect(200);
    assert.ok(page.text.includes(`src="${res.body.coverUrl}"`));
    // Replacing the cover deletes the old file.
    await request(app)
      .put(`/api/resources/${resource.id}/cover`)
      .set(auth)
      .set('Content-Type', 'image/png')
      .send(photo)
      .expect(200);
    assert.equal(await files(), 1);
  });

  it('when an SVG, a renamed text file or a PDF posing as an image is uploaded, then 415 and nothing stored', async () => {
    const card = await buildPostcard({ projectId });
    for (const body of [
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
      Buffer.from('just text, called photo.jpg'),
      MINIMAL_PDF,
    ]) {
      const res = await request(app)
        .put(`/api/postcards/${card.id}/front`)
        .set(auth)
        .set('Content-Type', 'image/jpeg')
        .send(body)
        .expect(415);
      assert.equal(res.body.code, 'unsupported_media_type');
    }
    assert.equal(await files(), 0);
  });

  it('when a PDF is uploaded for a resource, then the page offers it for download; an image as document is refused', async () => {
    const resource = await buildResource({ projectId });
    const res = await request(app)
      .put(`/api/resources/${resource.id}/document?fileName=D7.7.pdf`)
      .set(auth)
      .set('Content-Type', 'application/pdf')
      .send(MINIMAL_PDF)
      .expect(200);
    const page = await request(app).get(`/r/${resource.id}`).expect(200);
    assert.ok(page.text.includes(`href="${res.body.documentUrl}" download`));
    const served = await request(app).get(res.body.documentUrl).expect(200);
    assert.equal(served.headers['content-type'], 'application/pdf');
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    await request(app)
      .put(`/api/resources/${resource.id}/document`)
      .set(auth)
      .send(png)
      .set('Content-Type', 'application/pdf')
      .expect(415);
  });

  it('when an upload is larger than the limit, then 413 and nothing stored', async () => {
    const card = await buildPostcard({ projectId });
    await request(app)
      .put(`/api/postcards/${card.id}/front`)
      .set(auth)
      .set('Content-Type', 'image/jpeg')
      .send(Buffer.alloc(9 * 1024 * 1024, 1))
      .expect(413);
    assert.equal(await files(), 0);
  });
});
