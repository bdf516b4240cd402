import express from 'express';
import { z } from 'zod';
import { actorOf, type Scope } from '../../lib/http/policy';
import { importCsv } from './csv-import.service';
import { resourcePolicy } from './policies';
import { comms, type RegistryRoutes } from './registry.access';

const importQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

/** POST /api/resources/import and /api/postcards/import: CSV in, every row placed by policy. */
export function mountCsvImportRoutes({ api, base }: RegistryRoutes): void {
  for (const kind of ['resources', 'postcards'] as const) {
    api.route(
      'post',
      `/${kind}/import`,
      {
        summary: `Import ${kind} from CSV (dry run lists every problem by line and column)`,
        description:
          kind === 'resources'
            ? 'Columns: project (acronym), title, type; optional deliverableCode, language, description, publishedOn, dateKind, externalUrl, event (slug). Body: text/csv, UTF-8.'
            : 'Columns: project (acronym), city, country; optional story, linkUrl, linkLabel, language, event (slug). Body: text/csv, UTF-8.',
        query: importQuery,
        guards: [...comms, express.text({ type: () => true, limit: '2mb' })],
        security: 'organiser',
      },
      async (req, res, { query }) => {
        const csv = typeof req.body === 'string' ? req.body : '';
        const actor = actorOf(req);
        const mayPlace = (scope: Scope) => resourcePolicy.may(actor, 'create', scope);
        res.json(
          await importCsv(kind, csv, { dryRun: query.dryRun, publicBaseUrl: base(), mayPlace }),
        );
      },
    );
  }
}
