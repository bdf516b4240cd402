import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { formView, type FieldSpec, type FormProblem } from '../../lib/forms';
import { PageRouter } from '../../lib/http/page-router';
import type { AppContext } from '../../lib/context';
import { requireSignedInPage } from '../../lib/http/access';
import { actorOf, guardBy } from '../../lib/http/policy';
import { resourcePolicy } from './policies';
import type { PageRenderer } from '../../lib/http/pages';
import { toProblem } from '../../lib/http/error-handler';
import {
  IMPORT_COLUMNS,
  importCsv,
  type ImportProblem,
  type ImportReport,
} from './csv-import.service';

const KINDS = {
  resources: { title: 'Import resources', list: '/qr/resources', noun: 'resources' },
  postcards: { title: 'Import cities and postcards', list: '/qr/postcards', noun: 'postcards' },
} as const;
type Kind = keyof typeof KINDS;
const MAX_CSV_BYTES = 2 * 1024 * 1024;

/** The upload form: a file, or its text pasted (the file wins when both are sent). */
const IMPORT_FIELDS: FieldSpec[] = [
  {
    name: 'file',
    label: 'CSV file',
    type: 'file',
    accept: '.csv,text/csv',
    hint: 'UTF-8, at most 2 MB and 2,000 lines',
  },
  { name: 'csv', label: 'Or paste the CSV', type: 'textarea' },
];

/**
 * The pasted text and the button pressed. Nothing here refuses the form: an empty
 * CSV is answered by the handler, at the file field.
 */
const importForm = z.object({
  csv: z.string().catch(''),
  action: z.enum(['check', 'import']).optional().catch(undefined),
});

/**
 * CSV import pages: choose (or paste) a file → a dry run lists every problem by line
 * and column, nothing written → "Import" writes all lines or, should anything have
 * changed meanwhile, none. The checked CSV travels in the confirmation form itself
 * (no server-side draft, so any app process can take the second step).
 */
export function createImportPages(context: AppContext, render: PageRenderer): Router {
  const router = Router();
  const guards = [
    requireSignedInPage,
    guardBy((actor) => resourcePolicy.may(actor, 'import', {}), {}),
  ];

  const show = (
    req: Request,
    res: Response,
    kind: Kind,
    state: {
      csv?: string;
      report?: ImportReport;
      errors?: ImportProblem[];
      imported?: ImportReport;
      problem?: FormProblem;
    },
    status = 200,
  ) => {
    const meta = KINDS[kind];
    render(
      req,
      res,
      'qr/import',
      {
        title: state.errors?.length || state.problem ? `Check the file: ${meta.title}` : meta.title,
        ...formView(IMPORT_FIELDS, { csv: state.csv ?? '' }, state.problem ? [state.problem] : []),
        heading: meta.title,
        styles: ['/static/css/qr.css'],
        breadcrumbs: [
          { href: '/qr', label: 'QR codes and scans' },
          { href: meta.list, label: kind === 'resources' ? 'Resources' : 'City postcards' },
        ],
        action: `/qr/import/${kind}`,
        listHref: meta.list,
        noun: meta.noun,
        required: IMPORT_COLUMNS[kind].required.join(', '),
        optional: IMPORT_COLUMNS[kind].optional.join(', '),
        csv: state.csv,
        report: state.report,
        lineErrors: state.errors,
        imported: state.imported,
      },
      status,
    );
  };

  const pages = new PageRouter(router);
  for (const kind of Object.keys(KINDS) as Kind[]) {
    pages.get(`/qr/import/${kind}`, { guards }, (req, res) => show(req, res, kind, {}));
    pages.post(`/qr/import/${kind}`, { guards, body: importForm }, (req, res, { body }) =>
      post(req, res, kind, body),
    );
  }

  async function post(req: Request, res: Response, kind: Kind, body: z.output<typeof importForm>) {
    const file = req.formFiles?.file;
    const csv = file ? file.bytes.toString('utf8') : body.csv;
    const dryRun = body.action !== 'import';
    const atFile = (message: string): FormProblem => ({ field: 'file', message });
    if (!csv.trim())
      return show(
        req,
        res,
        kind,
        { problem: atFile('Choose a CSV file (or paste its text) first') },
        400,
      );
    if (Buffer.byteLength(csv) > MAX_CSV_BYTES)
      return show(req, res, kind, { problem: atFile('The CSV is larger than 2 MB') }, 413);
    let report: ImportReport;
    try {
      report = await importCsv(kind, csv, {
        dryRun,
        publicBaseUrl: context.config.publicBaseUrl,
        mayPlace: (scope) => resourcePolicy.may(actorOf(req), 'create', scope),
      });
    } catch (err) {
      const problem = toProblem(err);
      if (problem.code === 'import_invalid' && Array.isArray(problem.errors))
        return show(
          req,
          res,
          kind,
          { csv, errors: problem.errors as unknown as ImportProblem[] },
          400,
        );
      if (problem.status >= 400 && problem.status < 500 && problem.status !== 403)
        return show(
          req,
          res,
          kind,
          { csv, problem: { field: '', message: problem.detail ?? problem.title } },
          problem.status,
        );
      throw err;
    }
    if (report.errors.length) return show(req, res, kind, { csv, errors: report.errors }, 400);
    if (dryRun) return show(req, res, kind, { csv, report });
    show(req, res, kind, { imported: report });
  }
  return router;
}
