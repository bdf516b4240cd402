import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import { actorOf, authorize, guardBy, NOT_YOUR_EVENT, NOT_YOURS } from '../../lib/http/policy';
import { asActor, codePolicy, ownScopeOfCode, scopeOfCode } from './policies';
import type { QrPorts } from './ports';
import {
  firstPerField,
  flag,
  formView,
  missingRequired,
  problemOfError,
  problemsFromIssues,
  readFormValues,
  text,
  type FormProblem,
  type FormValues,
} from '../../lib/forms';
import { PageRouter, perRequest } from '../../lib/http/page-router';
import type { PageRenderer } from '../../lib/http/pages';
import { idParam } from '../../lib/http/params';
import { listEvents } from '../events';
import { QR_KINDS } from './qr-code.model';
import { createQrCode, getQrCode, listQrCodes, updateQrCode } from './qr-codes.service';
import { QR_KIND_LABELS } from './qr-labels';
import {
  FIELD_OF_ERROR,
  TARGET_FIELD,
  describeTarget,
  fieldOfPath,
  fieldsFor,
  targetInput,
  valuesOf,
} from './code-form';
import type { QrCodeView } from './registry.presenter';
import { createQrCodeBody, updateQrCodeBody } from './registry.schemas';

/**
 * Organiser pages of the registry's codes: the paged list, a new code, and one form
 * that retargets (resource, postcard, event page, kit, World Café table, https
 * address or nothing yet), relabels, places (event, project, zone) and disables or
 * enables a code. The short code itself never changes.
 */
const PAGE_SIZE = 25;
const BASE = '/qr/codes';
const STYLES = ['/static/css/qr.css'];
const readers = [requireSignedInPage, guardBy((actor) => codePolicy.may(actor, 'read', {}), {})];
const writers = [
  requireSignedInPage,
  guardBy((actor) => codePolicy.may(actor, 'organise', {}), {}),
];
const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  done: z.enum(['created', 'updated']).optional().catch(undefined),
  // Filters that do not parse show everything rather than an error page.
  kind: z.enum(QR_KINDS).optional().catch(undefined),
  eventId: z
    .string()
    .regex(/^[0-9a-f]{24}$/)
    .optional()
    .catch(undefined),
});

export function createCodePages(
  context: AppContext,
  render: PageRenderer,
  ports: Pick<QrPorts, 'targets'>,
): Router {
  const pages = new PageRouter();
  const base = () => context.config.publicBaseUrl;
  const breadcrumbs = [{ href: '/qr', label: 'QR codes and scans' }];
  const codeOf = perRequest((id: string) => getQrCode(id, base()));
  /** Edit pages: a code is changed by whoever manages it (its kit's, or its own, scope). */
  const policy = async (req: Request, { params }: { params: { id: string } }) => {
    const code = await codeOf(req, params.id);
    authorize(
      actorOf(req),
      codePolicy.may(actorOf(req), 'update', await scopeOfCode(code, ports.targets)),
      NOT_YOURS,
    );
  };
  const one = { guards: writers, params: z.object({ id: idParam('QR code') }), policy };

  pages.get(BASE, { guards: readers, query: pageQuery }, (req, res, { query }) =>
    listPage(req, res, query, { base: base(), render, breadcrumbs }),
  );

  async function showForm(
    req: Request,
    res: Response,
    state: { code?: QrCodeView; values: FormValues; problems?: FormProblem[] },
    status = 200,
  ) {
    const specs = await fieldsFor(req, Boolean(state.code));
    const problems = state.problems ?? [];
    const heading = state.code ? `Edit QR code ${state.code.code}` : 'New QR code';
    render(
      req,
      res,
      'qr/form',
      {
        title: problems.length ? `Check the form: ${heading}` : heading,
        heading,
        intro: state.code ? `Short address ${state.code.url}` : undefined,
        styles: STYLES,
        breadcrumbs: [...breadcrumbs, { href: BASE, label: 'QR codes' }],
        ...formView(specs, state.values, problems),
        current: state.code
          ? [
              { label: 'QR image', href: `/qr/${state.code.code}.svg`, text: 'SVG' },
              { label: 'QR image', href: `/qr/${state.code.code}.png`, text: 'PNG' },
            ]
          : [],
        action: state.code ? `${BASE}/${state.code.id}/edit` : BASE,
        submitLabel: state.code ? 'Save changes' : 'Create QR code',
        cancelHref: BASE,
      },
      status,
    );
  }

  async function save(req: Request, res: Response, code?: QrCodeView) {
    const specs = await fieldsFor(req, Boolean(code));
    const values = readFormValues(specs, req.body);
    const problems: FormProblem[] = missingRequired(specs, values);
    const leadsTo = text(values, 'leadsTo') || 'none';
    const targetField = TARGET_FIELD[leadsTo];
    if (targetField && !text(values, targetField).trim())
      problems.push({ field: targetField, message: 'Choose or enter what the code leads to' });
    const eventId = text(values, 'eventId');
    if (eventId && !codePolicy.may(actorOf(req), 'create', { eventId }))
      problems.push({ field: 'eventId', message: NOT_YOUR_EVENT });
    const placement = (v: string) => (v.trim() ? v.trim() : code ? null : undefined);
    const input = {
      ...(code ? {} : { kind: text(values, 'kind') }),
      label: text(values, 'label'),
      target: targetInput(values),
      eventId: placement(eventId),
      projectId: placement(text(values, 'projectId')),
      zoneId: placement(text(values, 'zoneId')),
      ...(code ? { enabled: flag(values, 'enabled') } : {}),
    };
    const parsed = (code ? updateQrCodeBody : createQrCodeBody).safeParse(input);
    if (!parsed.success)
      problems.push(...problemsFromIssues(parsed.error, specs, fieldOfPath(leadsTo)));
    const first = firstPerField(problems);
    if (first.length) return showForm(req, res, { code, values, problems: first }, 400);
    try {
      const options = { targets: ports.targets };
      if (code) await updateQrCode(code.id, parsed.data as never, base(), options);
      else await createQrCode(parsed.data as never, base(), options);
    } catch (err) {
      const known = problemOfError(err, FIELD_OF_ERROR);
      if (!known) throw err;
      return showForm(req, res, { code, values, problems: [known.problem] }, known.status);
    }
    res.redirect(303, `${BASE}?done=${code ? 'updated' : 'created'}`);
  }

  pages.get(`${BASE}/new`, { guards: writers }, (req, res) =>
    showForm(req, res, { values: { leadsTo: 'none' } }),
  );
  pages.post(BASE, { guards: writers }, (req, res) => save(req, res));
  pages.get(`${BASE}/:id/edit`, one, async (req, res, { params }) => {
    const code = await codeOf(req, params.id);
    await showForm(req, res, { code, values: valuesOf(code) });
  });
  pages.post(`${BASE}/:id/edit`, one, async (req, res, { params }) =>
    save(req, res, await codeOf(req, params.id)),
  );
  return pages.router;
}

/** The codes list, filtered by kind and event, paged. */
async function listPage(
  req: Request,
  res: Response,
  query: z.output<typeof pageQuery>,
  list: { base: string; render: PageRenderer; breadcrumbs: { href: string; label: string }[] },
): Promise<void> {
  const [result, events] = await Promise.all([
    listQrCodes(
      { page: query.page, limit: PAGE_SIZE, kind: query.kind, eventId: query.eventId },
      list.base,
    ),
    listEvents({ page: 1, limit: 200, sort: '-startDate' }),
  ]);
  const filter = new URLSearchParams(
    Object.entries({ kind: query.kind, eventId: query.eventId }).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  ).toString();
  const pageHref = (page: number) => `${BASE}?${filter ? `${filter}&` : ''}page=${page}`;
  const user = currentUser(req);
  const canCreate = user.role === 'admin' || user.role === 'comms';
  const lastPage = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const rows = result.items.map((c) => {
    const target = describeTarget(c.target);
    return {
      name: `${c.code} ${c.label}`,
      cells: [
        { label: 'Code', text: c.code, href: `/qr/analytics?scope=code&id=${c.id}` },
        { label: 'Label', text: c.label },
        { label: 'Kind', text: QR_KIND_LABELS[c.kind] },
        { label: 'Leads to', ...target },
        { label: 'In use', text: c.enabled ? 'Yes' : 'No (disabled)' },
      ],
      canModify: canCreate && codePolicy.may(asActor(user), 'update', ownScopeOfCode(c)),
      editHref: `${BASE}/${c.id}/edit`,
      deleteHref: undefined,
    };
  });
  list.render(req, res, 'qr/list', {
    title: 'QR codes',
    heading: 'QR codes',
    intro:
      'Every printed code. What a code leads to can change after printing; the code itself never does, and codes are disabled rather than deleted.',
    breadcrumbs: list.breadcrumbs,
    styles: STYLES,
    notice: query.done && `The code was ${query.done}.`,
    columns: ['Code', 'Label', 'Kind', 'Leads to', 'In use'],
    rows,
    total: result.total,
    single: result.total === 1,
    nounSingular: 'code',
    nounPlural: 'codes',
    page: query.page,
    lastPage,
    manyPages: lastPage > 1,
    previousHref: query.page > 1 ? pageHref(query.page - 1) : undefined,
    nextHref: query.page < lastPage ? pageHref(query.page + 1) : undefined,
    filterAction: BASE,
    filters: [
      {
        name: 'kind',
        label: 'Kind',
        allLabel: 'All kinds',
        options: QR_KINDS.map((k) => ({
          value: k,
          label: QR_KIND_LABELS[k],
          selected: k === query.kind,
        })),
      },
      {
        name: 'eventId',
        label: 'Event',
        allLabel: 'All events',
        options: events.items.map((e) => ({
          value: e.id,
          label: e.name,
          selected: e.id === query.eventId,
        })),
      },
    ],
    canCreate,
    canModify: rows.some((r) => r.canModify),
    newHref: `${BASE}/new`,
    newLabel: 'New QR code',
    emptyText: filter ? 'No codes match this choice.' : 'No QR codes yet.',
    links: [
      { href: '/qr/sheet', label: 'Print a QR sheet' },
      { href: '/qr/resources', label: 'Resources' },
      { href: '/qr/postcards', label: 'City postcards' },
    ],
    emptyNoRight: 'A comms user adds codes.',
  });
}
