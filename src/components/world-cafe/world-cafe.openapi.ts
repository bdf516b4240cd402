import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { MAX_PHOTO_BYTES } from './photos.service';
import { clientIdParam, subscribeBody, visitorVoteBody } from './world-cafe.schemas';

/**
 * The World Café routes that are plain Express handlers (a stream, binary downloads,
 * rate-limited visitor calls) rather than ApiRouter routes, described for the API
 * document by hand so other tools can rely on them too.
 */

const sessionParam = z.object({ id: z.string() });
const problem = {
  description: 'Problem details (RFC 9457) with a stable `code`',
  content: {
    'application/problem+json': {
      schema: z.object({
        type: z.string(),
        title: z.string(),
        status: z.number(),
        code: z.string(),
      }),
    },
  },
};
const tag = ['World Café'];
const voteResult = z.object({ counted: z.boolean(), votes: z.number().int() });
/** Open, or with a key / organiser credentials (which unlock more). */
const keyOrSession: Record<string, string[]>[] = [{}, { bearer: [] }, { session: [] }];

const REPORT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown',
  json: 'application/json',
} as const;

export function registerWorldCafeDocs(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/api/world-cafe/sessions/{id}/stream',
    tags: tag,
    summary: 'Live wall changes as server-sent events (notes, outcomes, votes, quotes, summaries)',
    description:
      'Public walls are open; link-protected walls need the wall key (`?key=` or `Authorization: Bearer`). Send `Last-Event-ID` to replay what was missed. Ends when the server stops; reconnect.',
    security: keyOrSession,
    request: { params: sessionParam, query: z.object({ key: z.string().optional() }) },
    responses: {
      200: {
        description: 'An event stream: `ready`, then one event per change (`id` is its change id)',
        content: { 'text/event-stream': { schema: z.string() } },
      },
      default: problem,
    },
  });
  for (const [format, mediaType] of Object.entries(REPORT_TYPES)) {
    registry.registerPath({
      method: 'get',
      path: `/api/world-cafe/sessions/{id}/report.${format}`,
      tags: tag,
      summary: `The outcome report as ${format.toUpperCase()} (published summaries and consented quotes only)`,
      description:
        'Public once a table summary or the synthesis is published; organisers can read it before.',
      security: keyOrSession,
      request: { params: sessionParam },
      responses: {
        200: {
          description: 'The report',
          content: {
            [mediaType]: { schema: format === 'json' ? z.unknown() : z.string() },
          },
        },
        default: problem,
      },
    });
  }
  registry.registerPath({
    method: 'post',
    path: '/api/world-cafe/sessions/{id}/votes',
    tags: tag,
    summary: 'A visitor’s vote on a key outcome (one per outcome per visitor; rate-limited)',
    description:
      'No account: the visitor is an anonymous cookie. `counted` says whether this call counted.',
    security: [{}],
    request: {
      params: sessionParam,
      body: { content: { 'application/json': { schema: visitorVoteBody } }, required: true },
    },
    responses: {
      201: { description: 'Counted', content: { 'application/json': { schema: voteResult } } },
      200: {
        description: 'This visitor had already voted for the outcome; not counted again',
        content: { 'application/json': { schema: voteResult } },
      },
      default: problem,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/world-cafe/sessions/{id}/subscribers',
    tags: tag,
    summary:
      'Leave an e-mail address, with consent, to receive the published report (rate-limited)',
    security: [{}],
    request: {
      params: sessionParam,
      body: { content: { 'application/json': { schema: subscribeBody } }, required: true },
    },
    responses: { 204: { description: 'Kept (again: no change)' }, default: problem },
  });
  registerPhotoUpload(registry);
}

const PHOTO_TYPES = 'JPEG, PNG, WebP, HEIC/HEIF, AVIF or TIFF';
const binary = { type: 'string' as const, format: 'binary' };
const photoView = z.object({
  id: z.string(),
  clientId: z.string(),
  tableId: z.string(),
  round: z.number().int(),
  caption: z.string().optional(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  url: z.string(),
  thumbnailUrl: z.string(),
});

/** The photo upload takes a form or the raw bytes, so it is described here rather than by ApiRouter. */
function registerPhotoUpload(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'put',
    path: '/api/world-cafe/tables/{id}/photos/{clientId}',
    tags: ['World Café capture'],
    summary:
      'Upload a flipchart photo (checked by content, resized, metadata and location removed)',
    description: `Idempotent by \`clientId\`: the same call again stores nothing new (200). ${PHOTO_TYPES} up to ${MAX_PHOTO_BYTES} bytes (${MAX_PHOTO_BYTES / 1024 / 1024} MB), decided by the bytes, never by the declared type or file name; stored as JPEG (longest side 2000 px, thumbnail 480 px) with no EXIF, GPS, XMP or IPTC. Send a form (\`multipart/form-data\`, file field \`photo\`, optional \`caption\` and \`round\`) or the raw image bytes (\`?caption=\`, \`?round=\`). The table's key (\`Authorization: Bearer <key>\`) or an organiser's credentials.`,
    security: [{ bearer: [] }, { session: [] }],
    request: {
      params: z.object({ id: z.string(), clientId: clientIdParam }),
      query: z.object({
        caption: z.string().max(300).optional(),
        round: z.number().int().min(1).max(10).optional(),
      }),
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['photo'],
              properties: {
                photo: {
                  ...binary,
                  description: `${PHOTO_TYPES}, at most ${MAX_PHOTO_BYTES} bytes`,
                },
                caption: { type: 'string', maxLength: 300 },
                round: { type: 'integer', minimum: 1, maximum: 10 },
              },
            },
            encoding: { photo: { contentType: 'image/*' } },
          },
          'image/*': { schema: { ...binary, maxLength: MAX_PHOTO_BYTES } },
          'application/octet-stream': { schema: { ...binary, maxLength: MAX_PHOTO_BYTES } },
        },
      },
    },
    responses: {
      201: { description: 'Stored', content: { 'application/json': { schema: photoView } } },
      200: {
        description: 'Already stored under this client id (nothing new)',
        content: { 'application/json': { schema: photoView } },
      },
      413: { ...problem, description: '`payload_too_large`: larger than the limit' },
      415: { ...problem, description: '`unsupported_image`: the bytes are not an accepted image' },
      default: problem,
    },
  });
}
