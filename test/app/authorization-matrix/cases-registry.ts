import sharp from 'sharp';
import { buildPostcard, buildResource } from '../../helpers/factories/qr';
import { ADMIN, EVENT_ORGANISER, MANAGE, PUBLIC, SIGNED_IN, type Case } from './rules';
import type { World } from './world';

const MINIMAL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const png = () =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366aa' } })
    .png()
    .toBuffer();
const inA = (w: World) => ({ projectId: w.A.projectId, eventIds: [w.A.eventId] });
/** The next in-stock kit of event A's batch (each cell that may hand one out takes its own). */
const nextKit = (w: World) => {
  const kit = w.A.kits.shift();
  if (!kit) throw new Error('the matrix ran out of kits: make more in the world');
  return kit;
};
const handOutTo = (w: World) => ({
  recipient: { name: 'Jonas Recipient', email: `jonas-${w.unique()}@example.org` },
  consents: { followUp: false, newsletter: false },
  eventId: w.A.eventId,
});

/** The QR registry: codes, resources, postcards, uploads, imports and analytics. */
export const REGISTRY_CASES: Record<string, Case> = {
  'GET /qr/{code}.svg': { cells: PUBLIC, request: (w) => ({ path: `/qr/${w.A.code}.svg` }) },
  'GET /qr/{code}.png': { cells: PUBLIC, request: (w) => ({ path: `/qr/${w.A.code}.png` }) },
  'GET /api/qr-codes': { cells: SIGNED_IN, request: () => ({ path: '/api/qr-codes' }) },
  'POST /api/qr-codes': {
    cells: MANAGE,
    request: (w) => ({
      path: '/api/qr-codes',
      body: {
        kind: 'other',
        label: `Sign ${w.unique()}`,
        eventId: w.A.eventId,
        projectId: w.A.projectId,
        target: { url: 'https://example.org/stand' },
      },
    }),
  },
  'GET /api/qr-codes/{id}': {
    cells: SIGNED_IN,
    request: (w) => ({ path: `/api/qr-codes/${w.A.codeId}` }),
  },
  'PATCH /api/qr-codes/{id}': {
    // The printed kit-box code of event A's batch: its scope is its kit's event.
    cells: MANAGE,
    request: (w) => ({
      path: `/api/qr-codes/${w.A.kits.at(-1)!.qrCodeId}`,
      body: { target: { url: 'https://phish.example/' } },
    }),
  },
  'GET /api/qr-codes/{id}/stats': {
    cells: MANAGE,
    request: (w) => ({ path: `/api/qr-codes/${w.A.codeId}/stats` }),
  },
  'GET /api/resources': { cells: SIGNED_IN, request: () => ({ path: '/api/resources' }) },
  'POST /api/resources': {
    cells: MANAGE,
    request: (w) => ({
      path: '/api/resources',
      body: { ...inA(w), title: `Report ${w.unique()}`, type: 'deliverable' },
    }),
  },
  'GET /api/resources/{id}': {
    cells: SIGNED_IN,
    request: (w) => ({ path: `/api/resources/${w.A.resourceId}` }),
  },
  'PATCH /api/resources/{id}': {
    cells: MANAGE,
    request: (w) => ({
      path: `/api/resources/${w.A.resourceId}`,
      body: { description: 'Updated' },
    }),
  },
  'DELETE /api/resources/{id}': {
    cells: MANAGE,
    request: async (w) => ({ path: `/api/resources/${(await buildResource(inA(w))).id}` }),
  },
  'GET /api/postcards': { cells: SIGNED_IN, request: () => ({ path: '/api/postcards' }) },
  'POST /api/postcards': {
    cells: MANAGE,
    request: (w) => ({
      path: '/api/postcards',
      body: { ...inA(w), city: `Kaunas ${w.unique()}`, country: 'LT' },
    }),
  },
  'GET /api/postcards/{id}': {
    cells: SIGNED_IN,
    request: (w) => ({ path: `/api/postcards/${w.A.postcardId}` }),
  },
  'PATCH /api/postcards/{id}': {
    cells: MANAGE,
    request: (w) => ({ path: `/api/postcards/${w.A.postcardId}`, body: { story: 'A new story' } }),
  },
  'DELETE /api/postcards/{id}': {
    cells: MANAGE,
    request: async (w) => ({ path: `/api/postcards/${(await buildPostcard(inA(w))).id}` }),
  },
  'PUT /api/resources/{id}/cover': {
    cells: MANAGE,
    request: async (w) => ({
      path: `/api/resources/${w.A.resourceId}/cover`,
      body: await png(),
      as: 'bytes',
    }),
  },
  'PUT /api/resources/{id}/document': {
    cells: MANAGE,
    request: (w) => ({
      path: `/api/resources/${w.A.resourceId}/document?fileName=report.pdf`,
      body: MINIMAL_PDF,
      as: 'bytes',
    }),
  },
  'PUT /api/postcards/{id}/front': {
    cells: MANAGE,
    request: async (w) => ({
      path: `/api/postcards/${w.A.postcardId}/front`,
      body: await png(),
      as: 'bytes',
    }),
  },
  // Event organisers may import; each line placed outside their events or projects is a
  // problem of that line in the report (test/components/qr/csv-import.test.ts).
  'POST /api/resources/import': {
    cells: EVENT_ORGANISER,
    request: (w) => ({
      path: '/api/resources/import?dryRun=true',
      body: `project,title,type,event\n${w.A.projectAcronym},Imported ${w.unique()},deliverable,${w.A.eventSlug}\n`,
      as: 'csv',
    }),
  },
  'POST /api/postcards/import': {
    cells: EVENT_ORGANISER,
    request: (w) => ({
      path: '/api/postcards/import?dryRun=true',
      body: `project,city,country,event\n${w.A.projectAcronym},Alytus ${w.unique()},LT,${w.A.eventSlug}\n`,
      as: 'csv',
    }),
  },
  'GET /api/qr-analytics.csv': {
    cells: MANAGE,
    request: (w) => ({ path: `/api/qr-analytics.csv?scope=code&id=${w.A.codeId}` }),
  },
};

const kitType = (w: World) => `/api/kit-types/${w.A.kitTypeId}`;
/** A fresh kit type of project A (serial prefixes are letters only). */
const newKitTypeBody = (w: World) => ({
  name: `Cards ${w.unique()}`,
  serialPrefix: `K${w
    .unique()
    .slice(-6)
    .replace(/\d/g, (d) => 'ABCDEFGHIJ'[Number(d)]!)}`,
  projectId: w.A.projectId,
});

/** Kit types, kits, batches, hand-outs, follow-ups, recipients, reports and exports. */
export const KIT_CASES: Record<string, Case> = {
  'GET /api/kit-types': { cells: SIGNED_IN, request: () => ({ path: '/api/kit-types' }) },
  'POST /api/kit-types': {
    cells: MANAGE,
    request: (w) => ({ path: '/api/kit-types', body: newKitTypeBody(w) }),
  },
  'GET /api/kit-types/{id}': { cells: SIGNED_IN, request: (w) => ({ path: kitType(w) }) },
  'PATCH /api/kit-types/{id}': {
    cells: MANAGE,
    request: (w) => ({ path: kitType(w), body: { description: 'The dominoes game' } }),
  },
  // Each cell deletes a throwaway kit type of project A (nothing refers to it yet).
  'DELETE /api/kit-types/{id}': {
    cells: MANAGE,
    request: async (w) => ({
      path: `/api/kit-types/${(await w.asAdmin('post', '/api/kit-types', newKitTypeBody(w))).id}`,
    }),
  },
  'POST /api/kit-types/{id}/kits': {
    cells: MANAGE,
    request: (w) => ({ path: `${kitType(w)}/kits`, body: { count: 1 } }),
  },
  'POST /api/kit-types/{id}/hand-out': {
    cells: MANAGE,
    request: (w) => ({ path: `${kitType(w)}/hand-out`, body: handOutTo(w) }),
  },
  'POST /api/kit-types/{id}/aggregate-hand-outs': {
    cells: MANAGE,
    request: (w) => ({
      path: `${kitType(w)}/aggregate-hand-outs`,
      body: { count: 25, eventId: w.A.eventId },
    }),
  },
  'GET /api/kit-types/{id}/labels.pdf': {
    cells: MANAGE,
    request: (w) => ({ path: `${kitType(w)}/labels.pdf` }),
  },
  'GET /api/kits': { cells: SIGNED_IN, request: () => ({ path: '/api/kits' }) },
  'GET /api/kits/{id}': {
    cells: SIGNED_IN,
    request: (w) => ({ path: `/api/kits/${w.A.kits[0]!.id}` }),
  },
  'POST /api/kits/{id}/hand-out': {
    cells: MANAGE,
    request: (w) => ({ path: `/api/kits/${nextKit(w).id}/hand-out`, body: handOutTo(w) }),
  },
  'POST /api/hand-outs': {
    cells: MANAGE,
    request: (w) => ({
      path: '/api/hand-outs',
      body: { ...handOutTo(w), code: nextKit(w).qrCode },
    }),
  },
  'GET /api/hand-outs': {
    // Recipients' personal data: another event's hand-outs are refused.
    cells: MANAGE,
    request: (w) => ({ path: `/api/hand-outs?eventId=${w.A.eventId}` }),
  },
  'GET /api/kit-batches': { cells: SIGNED_IN, request: () => ({ path: '/api/kit-batches' }) },
  'POST /api/kit-batches': {
    cells: MANAGE,
    request: (w) => ({
      path: '/api/kit-batches',
      body: { kitTypeId: w.A.kitTypeId, label: 'More boxes', quantity: 5, eventId: w.A.eventId },
    }),
  },
  'POST /api/kit-batches/{id}/moves': {
    cells: MANAGE,
    request: (w) => ({
      path: `/api/kit-batches/${w.A.batchId}/moves`,
      body: { location: 'stand' },
    }),
  },
  'POST /api/kit-follow-ups/send-now': {
    cells: MANAGE,
    request: (w) => ({
      path: '/api/kit-follow-ups/send-now',
      body: { handOutIds: [w.A.handOutId] },
    }),
  },
  'POST /api/kit-follow-ups/run': {
    cells: ADMIN,
    request: () => ({ path: '/api/kit-follow-ups/run' }),
  },
  'POST /api/kit-types/{id}/hand-out-imports': {
    cells: MANAGE,
    request: (w) => ({
      path: `${kitType(w)}/hand-out-imports?dryRun=true&eventId=${w.A.eventId}`,
      body: { csv: 'kind,count\naggregate,10\n' },
    }),
  },
  'GET /api/recipients/{id}/export': {
    cells: ADMIN,
    request: (w) => ({ path: `/api/recipients/${w.A.recipientId}/export` }),
  },
  'DELETE /api/recipients/{id}': {
    cells: ADMIN,
    request: async (w) => {
      const handOut = await w.asAdmin('post', `/api/kits/${nextKit(w).id}/hand-out`, handOutTo(w));
      return { path: `/api/recipients/${handOut.recipientId}` };
    },
  },
  'POST /api/recipients/anonymise-after-events': {
    cells: ADMIN,
    request: () => ({ path: '/api/recipients/anonymise-after-events' }),
  },
  'GET /api/kit-reports': {
    cells: MANAGE,
    request: (w) => ({ path: `/api/kit-reports?eventId=${w.A.eventId}` }),
  },
  'GET /api/kit-exports/kits.csv': {
    cells: EVENT_ORGANISER,
    request: () => ({ path: '/api/kit-exports/kits.csv' }),
  },
  'GET /api/kit-exports/hand-outs.csv': {
    // Every comms user gets an answer, holding only their events' recipients (checked in
    // test/components/kits/scoped-access.test.ts).
    cells: EVENT_ORGANISER,
    request: () => ({ path: '/api/kit-exports/hand-outs.csv' }),
  },
  'GET /api/kit-exports/play-reports.csv': {
    cells: EVENT_ORGANISER,
    request: () => ({ path: '/api/kit-exports/play-reports.csv' }),
  },
  'GET /api/kit-exports/report.csv': {
    cells: MANAGE,
    request: (w) => ({ path: `/api/kit-exports/report.csv?eventId=${w.A.eventId}` }),
  },
};
