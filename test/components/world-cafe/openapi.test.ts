import assert from 'node:assert/strict';
import request from 'supertest';
import { buildTestApp } from '../../helpers/app';

type Operation = {
  responses: Record<string, { content?: Record<string, unknown> }>;
  requestBody?: { content: Record<string, unknown> };
};

describe('world café: the API document', () => {
  it('when the document is read, then the stream, report, visitor, photo, tent, wall-link, mail and invitation routes are in it with their media types', async () => {
    const { app } = await buildTestApp();
    const doc = (await request(app).get('/api/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, Operation>>;
    };
    const op = (path: string, method: string) => {
      const found = doc.paths[path]?.[method];
      assert.ok(found, `${method.toUpperCase()} ${path} is documented`);
      return found;
    };
    const base = '/api/world-cafe';
    assert.ok(
      op(`${base}/sessions/{id}/stream`, 'get').responses['200']?.content?.['text/event-stream'],
    );
    for (const [format, type] of [
      ['pdf', 'application/pdf'],
      ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['md', 'text/markdown'],
      ['json', 'application/json'],
    ] as const) {
      assert.ok(
        op(`${base}/sessions/{id}/report.${format}`, 'get').responses['200']?.content?.[type],
      );
    }
    assert.ok(op(`${base}/sessions/{id}/votes`, 'post').requestBody?.content['application/json']);
    assert.ok(
      op(`${base}/sessions/{id}/subscribers`, 'post').requestBody?.content['application/json'],
    );
    op(`${base}/tables/{id}/photos/{clientId}`, 'put');
    op(`${base}/tables/{id}/photos`, 'get');
    assert.ok(
      op(`${base}/tables/{id}/photos/{photoId}/{size}`, 'get').responses['200']?.content?.[
        'image/jpeg'
      ],
    );
    assert.ok(
      op(`${base}/sessions/{id}/table-tents.pdf`, 'get').responses['200']?.content?.[
        'application/pdf'
      ],
    );
    op(`${base}/sessions/{id}/wall-links`, 'post');
    op(`${base}/sessions/{id}/report/mail`, 'post');
    op(`${base}/sessions/{id}/invitations`, 'post');
  });
});
