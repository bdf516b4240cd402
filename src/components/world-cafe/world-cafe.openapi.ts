import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { subscribeBody, visitorVoteBody } from './world-cafe.schemas';

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
}
