import { type Request, type RequestHandler, type Response } from 'express';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { ApiRouter } from '../../lib/http/api-router';
import { parseId } from '../../lib/http/validate';
import { issueCapabilityLink } from '../auth';
import { publishedPhotoOr } from './access';
import { TABLE_SCOPE, tableCaptureGuards, tableGuard } from './policies';
import { listNotes, putDot, putNote, type Stored } from './notes.service';
import { putOutcomes } from './outcomes.service';
import { findPhoto, listPhotos, photoBytes, putPhoto } from './photos.service';
import { readPhotoUpload } from './photo-upload';
import { putParticipantCount } from './participants.service';
import { listQuotes, putQuote } from './quotes.service';
import { getTable } from './tables.service';
import { saveSummaryDraft, submitSummary } from './summaries.service';
import {
  captureLinkBody,
  clientIdParam,
  putDotBody,
  putNoteBody,
  putParticipantCountBody,
  putOutcomesBody,
  putQuoteBody,
  putSummaryBody,
} from './world-cafe.schemas';

const DAY_MS = 24 * 3600 * 1000;

function clientId(req: Request): string {
  const parsed = clientIdParam.safeParse(req.params.clientId);
  if (!parsed.success) {
    throw new AppError('validation_failed', 'Invalid request path', 400, {
      errors: [{ path: 'clientId', message: parsed.error.issues[0]?.message ?? 'invalid' }],
    });
  }
  return parsed.data;
}

/** 201 for a new entry, 200 for a repeat (the phone treats both as synced). */
function answer<T>(res: Response, stored: Stored<T>) {
  res.status(stored.created ? 201 : 200).json(stored.value);
}

/** What every group of capture routes needs: the clock and the table capture guards. */
type CaptureKit = {
  context: AppContext;
  now: () => Date;
  /** The table's capability key or a signed-in organiser allowed to capture at it. */
  capture: RequestHandler[];
};

/**
 * Capture API of one table. The table's capability key (`Authorization: Bearer
 * <key>`) or a signed-in organiser; the facilitator page's script uses these calls.
 * Writes are idempotent PUTs keyed by the phone's client ids.
 */
export function createCaptureApi(context: AppContext): ApiRouter {
  const now = () => context.clock();
  const kit: CaptureKit = { context, now, capture: tableCaptureGuards(now) };
  const api = new ApiRouter(context.registry, '/api/world-cafe/tables', 'World Café capture');
  addPhotoUploadRoute(api, kit);
  // Registration order is the order of the API document.
  for (const addRoutes of [
    addTableRoutes,
    addNoteRoutes,
    addQuoteRoutes,
    addDotAndCountRoutes,
    addOutcomeRoutes,
    addPhotoRoutes,
    addSummaryRoutes,
  ]) {
    addRoutes(api, kit);
  }
  return api;
}

/** A plain handler (two body types, multipart or raw image), described in world-cafe.openapi.ts. */
function addPhotoUploadRoute(api: ApiRouter, { now, capture }: CaptureKit) {
  api.router.put('/:id/photos/:clientId', ...capture, async (req, res, next) => {
    try {
      const [tableId, id] = [parseId(req, 'Table'), clientId(req)];
      const upload = await readPhotoUpload(req, res);
      answer(res, await putPhoto(tableId, id, upload, now()));
    } catch (err) {
      next(err);
    }
  });
}

/** The facilitator's capture link and the table itself. */
function addTableRoutes(api: ApiRouter, { context, now, capture }: CaptureKit): ApiRouter {
  return api
    .route(
      'post',
      '/:id/capture-links',
      {
        summary: "Issue a facilitator's capture link for one table",
        description:
          'Answers `{ url, key, expiresAt }`. The key authorises the capture calls of this table only, sent as `Authorization: Bearer <key>`.',
        body: captureLinkBody,
        guards: [tableGuard('manage', now)],
        security: 'organiser',
        response: { status: 201 },
      },
      async (req, res, { body }) => {
        const table = await getTable(parseId(req, 'Table'));
        const expiresAt = new Date(now().getTime() + (body.expiresInDays ?? 7) * DAY_MS);
        const link = await issueCapabilityLink({
          scope: TABLE_SCOPE,
          resourceId: table.id,
          expiresAt,
          label: body.label ?? `Table ${table.number} facilitator`,
          baseUrl: context.config.publicBaseUrl,
          createdBy: req.user?.id,
          now: now(),
        });
        res.status(201).json({ url: link.url, key: link.token, expiresAt });
      },
    )
    .route(
      'get',
      '/:id',
      { summary: 'The table as its facilitators see it', guards: capture },
      async (req, res) => {
        res.json(await getTable(parseId(req, 'Table')));
      },
    );
}

/** Notes: store one, list them with their dots. */
function addNoteRoutes(api: ApiRouter, { now, capture }: CaptureKit): ApiRouter {
  return api
    .route(
      'put',
      '/:id/notes/:clientId',
      {
        summary: 'Store a note (idempotent by clientId: the same call twice stores one)',
        body: putNoteBody,
        guards: capture,
      },
      async (req, res, { body }) => {
        answer(res, await putNote(parseId(req, 'Table'), clientId(req), body, now()));
      },
    )
    .route(
      'get',
      '/:id/notes',
      { summary: "The table's notes with their dots", guards: capture },
      async (req, res) => {
        res.json({ items: await listNotes(parseId(req, 'Table')) });
      },
    );
}

/** Quotes with the speaker's consent. */
function addQuoteRoutes(api: ApiRouter, { now, capture }: CaptureKit): ApiRouter {
  return api
    .route(
      'put',
      '/:id/quotes/:clientId',
      {
        summary: 'Store a quote with the speaker’s role and city and their consent (idempotent)',
        body: putQuoteBody,
        guards: capture,
      },
      async (req, res, { body }) => {
        answer(res, await putQuote(parseId(req, 'Table'), clientId(req), body, now()));
      },
    )
    .route(
      'get',
      '/:id/quotes',
      { summary: "The table's quotes", guards: capture },
      async (req, res) => {
        res.json({ items: await listQuotes(parseId(req, 'Table')) });
      },
    );
}

/** Dots on notes and the number of people per round. */
function addDotAndCountRoutes(api: ApiRouter, { now, capture }: CaptureKit): ApiRouter {
  return api
    .route(
      'put',
      '/:id/dots/:clientId',
      {
        summary: 'Put one dot on a note (idempotent by the dot’s clientId)',
        body: putDotBody,
        guards: capture,
      },
      async (req, res, { body }) => {
        answer(res, await putDot(parseId(req, 'Table'), clientId(req), body.noteId, now()));
      },
    )
    .route(
      'put',
      '/:id/participant-counts/:round',
      {
        summary:
          'How many people sat at the table in a round (setting the same count again changes nothing)',
        description: 'Answers the table’s counts per round, round 1 first.',
        body: putParticipantCountBody,
        guards: capture,
      },
      async (req, res, { body }) => {
        res.json({
          items: await putParticipantCount(
            parseId(req, 'Table'),
            Number(req.params.round),
            body.count,
          ),
        });
      },
    );
}

/** The ordered key outcomes. */
function addOutcomeRoutes(api: ApiRouter, { now, capture }: CaptureKit): ApiRouter {
  return api
    .route(
      'put',
      '/:id/outcomes',
      {
        summary:
          'Replace the ordered key outcomes (409 outcomes_conflict with the current list when baseVersion is old)',
        body: putOutcomesBody,
        guards: capture,
      },
      async (req, res, { body }) => {
        res.json(await putOutcomes(parseId(req, 'Table'), body, now()));
      },
    )
    .route(
      'get',
      '/:id/outcomes',
      { summary: 'The key outcomes and their version', guards: capture },
      async (req, res) => {
        res.json((await getTable(parseId(req, 'Table'))).outcomes);
      },
    );
}

/** The table's photos and their files (the upload is `addPhotoUploadRoute`). */
function addPhotoRoutes(api: ApiRouter, { capture }: CaptureKit): ApiRouter {
  return api
    .route(
      'get',
      '/:id/photos',
      { summary: "The table's photos", guards: capture },
      async (req, res) => {
        res.json({ items: await listPhotos(parseId(req, 'Table')) });
      },
    )
    .route(
      'get',
      '/:id/photos/:photoId/:size',
      {
        summary: 'A stored photo (size: full.jpg or thumb.jpg)',
        description:
          "Open to anyone once the photo is chosen in the table's published summary (it is then in the public report); otherwise the table's key or an organiser's credentials.",
        guards: [publishedPhotoOr(capture)],
        response: { mediaType: 'image/jpeg' },
      },
      async (req, res) => {
        const photo = await findPhoto(parseId(req, 'Photo', 'photoId'));
        const size =
          req.params.size === 'thumb.jpg'
            ? 'thumb'
            : req.params.size === 'full.jpg'
              ? 'full'
              : null;
        if (photo.tableId.toString() !== req.params.id || !size)
          throw new AppError('not_found', 'Photo not found', 404);
        res.set({ 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, max-age=3600' });
        res.send(await photoBytes(photo, size));
      },
    );
}

/** The rapporteur's summary: draft, then submit. */
function addSummaryRoutes(api: ApiRouter, { now, capture }: CaptureKit): ApiRouter {
  return api
    .route(
      'put',
      '/:id/summary',
      {
        summary: "Save the rapporteur's draft summary (text, chosen consented quotes and photos)",
        body: putSummaryBody,
        guards: capture,
      },
      async (req, res, { body }) => {
        res.json(await saveSummaryDraft(parseId(req, 'Table'), body, now()));
      },
    )
    .route(
      'post',
      '/:id/summary/submit',
      { summary: 'Submit the summary for the organiser to publish', guards: capture },
      async (req, res) => {
        res.json(await submitSummary(parseId(req, 'Table'), now()));
      },
    );
}
