import assert from 'node:assert/strict';
import request from 'supertest';
import { useTestApp } from '../../helpers/app';

type Operation = {
  responses: Record<string, { content?: Record<string, unknown> }>;
  requestBody?: { content: Record<string, unknown> };
};

describe('world café: the API document', () => {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  it('when the document is read, then the stream, report, visitor, photo, tent, wall-link, mail and invitation routes are in it with their media types', async () => {
    const { app } = testApp.built;
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

  it('when the document is read, then every /api/world-cafe route the app serves is in it with the media types it answers and accepts', async () => {
    const { app } = testApp.built;
    const doc = (await request(app).get('/api/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, Operation>>;
    };
    const served = servedRoutes((app as unknown as { router: RouterLike }).router).filter((r) =>
      r.path.startsWith('/api/world-cafe'),
    );
    assert.ok(served.length >= 30, `found ${served.length} routes`);
    for (const route of served) {
      const paths = route.path.includes('report.:format')
        ? ['pdf', 'docx', 'md', 'json'].map((f) => route.path.replace(':format', f))
        : [route.path];
      for (const path of paths) {
        const documented = path.replace(/:(\w+)/g, '{$1}');
        const op = doc.paths[documented]?.[route.method];
        assert.ok(op, `${route.method.toUpperCase()} ${documented} is documented`);
        const answers = Object.values(op.responses).flatMap((r) => Object.keys(r.content ?? {}));
        const noContent = Object.keys(op.responses).some((s) => s === '204' || s === '302');
        assert.ok(answers.length > 0 || noContent, `${documented}: answer media types`);
        if (['post', 'put', 'patch'].includes(route.method) && op.requestBody) {
          assert.ok(Object.keys(op.requestBody.content).length > 0, `${documented}: body type`);
        }
      }
    }

    // The photo upload: a form with a binary `photo` field or the raw bytes, with the limits.
    const upload = doc.paths['/api/world-cafe/tables/{id}/photos/{clientId}']!.put! as Operation & {
      description: string;
      requestBody: { content: Record<string, { schema: Record<string, unknown> }> };
    };
    const form = upload.requestBody.content['multipart/form-data']!.schema as {
      required: string[];
      properties: Record<string, { type: string; format?: string }>;
    };
    assert.deepEqual(form.required, ['photo']);
    assert.deepEqual(
      { type: form.properties.photo!.type, format: form.properties.photo!.format },
      { type: 'string', format: 'binary' },
    );
    assert.ok(upload.requestBody.content['image/*'], 'raw image bytes');
    assert.match(upload.description, /12582912 bytes \(12 MB\)/);
    assert.match(upload.description, /JPEG, PNG, WebP, HEIC/);
    assert.ok(upload.responses['413'] && upload.responses['415']);
  });
});

type RouterLike = { stack: LayerLike[] };
type LayerLike = {
  rawPath?: string | string[];
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: LayerLike[] };
};

/** The routes an Express router serves (method and full path), nested routers included. */
function servedRoutes(router: RouterLike, prefix = ''): { method: string; path: string }[] {
  return router.stack.flatMap((layer) => {
    if (layer.route) {
      return Object.keys(layer.route.methods)
        .filter((m) => m !== '_all')
        .map((method) => ({ method, path: prefix + layer.route!.path }));
    }
    if (!layer.handle.stack) return [];
    const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
    return servedRoutes(layer.handle as RouterLike, prefix + mount);
  });
}
