import { Router, type NextFunction, type Request, type Response } from 'express';
import type { QrPorts } from './ports';
import { z } from 'zod';
import type { AppContext } from '../../lib/context';
import { currentUser, requireSignedInPage } from '../../lib/http/access';
import type { PageRenderer } from '../../lib/http/pages';
import { actorOf, authorize, guardBy, NOT_YOUR_EVENT, NOT_YOURS } from '../../lib/http/policy';
import { asActor, codePolicy, ownScopeOfCode, scopeOfCode } from './policies';
import { listEvents, listProjects } from '../events';
import { QR_KINDS } from './qr-code.model';
import { createQrCode, getQrCode, listQrCodes, updateQrCode } from './qr-codes.service';
import { QR_KIND_LABELS } from './qr-labels';
import {
  errorSummary,
  fieldViews,
  problemOfError,
  problemsFromZod,
  readValues,
  type FieldSpec,
  type FormProblem,
  type FormValues,
} from './organiser-form';
import { listPostcards } from './postcards.service';
import type { QrCodeView, QrTargetView } from './registry.presenter';
import { createQrCodeBody, updateQrCodeBody } from './registry.schemas';
import { listResources } from './resources.service';

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

const LEADS_TO = [
  { value: 'none', label: 'Nothing yet (a “coming soon” page)' },
  { value: 'resource', label: 'A resource' },
  { value: 'postcard', label: 'A city postcard' },
  { value: 'event', label: 'An event’s public page' },
  { value: 'kit', label: 'A game kit' },
  { value: 'table', label: 'A World Café table' },
  { value: 'url', label: 'An https:// address' },
];
/** Which field holds the thing a target of each type names. */
const TARGET_FIELD: Record<string, string> = {
  resource: 'resourceId',
  postcard: 'postcardId',
  event: 'targetEventId',
  kit: 'kitId',
  table: 'tableId',
  url: 'url',
};

async function fieldsFor(req: Request, editing: boolean): Promise<FieldSpec[]> {
  const user = currentUser(req);
  const [events, projects, resources, postcards] = await Promise.all([
    listEvents({ page: 1, limit: 200, sort: '-startDate' }),
    listProjects({ page: 1, limit: 200, sort: 'acronym' }),
    listResources({ page: 1, limit: 200 }),
    listPostcards({ page: 1, limit: 200 }),
  ]);
  const allEvents = events.items.map((e) => ({ value: e.id, label: e.name }));
  const managed = events.items
    .filter((e) => codePolicy.may(asActor(user), 'create', { eventId: e.id }))
    .map((e) => ({ value: e.id, label: e.name }));
  const objectIdHint = 'Its id (24 characters, as on its page)';
  return [
    ...(editing
      ? []
      : [
          {
            name: 'kind',
            label: 'Kind',
            type: 'select' as const,
            required: true,
            emptyOption: 'Choose a kind',
            options: QR_KINDS.map((k) => ({ value: k, label: QR_KIND_LABELS[k] })),
          },
        ]),
    {
      name: 'label',
      label: 'Label',
      required: true,
      maxLength: 200,
      hint: 'Where it is printed, e.g. “Poster at the entrance”',
    },
    { name: 'leadsTo', label: 'Leads to', type: 'select', required: true, options: LEADS_TO },
    {
      name: 'resourceId',
      label: 'Resource',
      type: 'select',
      emptyOption: 'Choose a resource',
      options: resources.items.map((r) => ({
        value: r.id,
        label: [r.deliverableCode, r.title].filter(Boolean).join(' '),
      })),
      hint: 'When it leads to a resource',
    },
    {
      name: 'postcardId',
      label: 'City postcard',
      type: 'select',
      emptyOption: 'Choose a city',
      options: postcards.items.map((p) => ({ value: p.id, label: `${p.city}, ${p.country}` })),
      hint: 'When it leads to a city postcard',
    },
    {
      name: 'targetEventId',
      label: 'Event page',
      type: 'select',
      emptyOption: 'Choose an event',
      options: allEvents,
      hint: 'When it leads to an event’s public page',
    },
    {
      name: 'kitId',
      label: 'Game kit',
      maxLength: 24,
      hint: `When it leads to a kit. ${objectIdHint}`,
    },
    {
      name: 'tableId',
      label: 'World Café table',
      maxLength: 24,
      hint: `When it leads to a table. ${objectIdHint}`,
    },
    {
      name: 'url',
      label: 'Address',
      type: 'url',
      maxLength: 2000,
      hint: 'When it leads outside: an https:// address',
    },
    {
      name: 'eventId',
      label: 'Placed at event',
      type: 'select',
      emptyOption: 'No event',
      options: managed,
    },
    {
      name: 'projectId',
      label: 'Project',
      type: 'select',
      emptyOption: 'No project',
      options: projects.items.map((p) => ({ value: p.id, label: p.acronym })),
    },
    { name: 'zoneId', label: 'Stand zone', maxLength: 24, hint: `Optional. ${objectIdHint}` },
    ...(editing
      ? [
          {
            name: 'enabled',
            label: 'In use (a disabled code answers “no longer in use”)',
            type: 'checkbox' as const,
          },
        ]
      : []),
  ];
}

function targetInput(values: FormValues): Record<string, unknown> {
  const type = values.leadsTo ?? 'none';
  const field = TARGET_FIELD[type];
  if (!field) return { none: true };
  const value = values[field]?.trim() ?? '';
  const key = type === 'url' ? 'url' : type === 'event' ? 'eventId' : field;
  return { [key]: value };
}

function valuesOf(code: QrCodeView): FormValues {
  const values: FormValues = {
    label: code.label,
    leadsTo: code.target.type,
    eventId: code.eventId ?? '',
    projectId: code.projectId ?? '',
    zoneId: code.zoneId ?? '',
    enabled: code.enabled ? 'on' : '',
  };
  const target = code.target;
  if (target.type === 'url') values.url = target.url;
  else if (target.type !== 'none') values[TARGET_FIELD[target.type]!] = target.id;
  return values;
}

function describeTarget(target: QrTargetView): { text: string; href?: string } {
  if (target.type === 'url') return { text: target.url, href: target.url };
  if (target.type === 'none') return { text: 'Nothing yet' };
  if (target.type === 'resource') return { text: 'Resource', href: `/r/${target.id}` };
  if (target.type === 'postcard') return { text: 'City postcard', href: `/p/${target.id}` };
  if (target.type === 'event') return { text: 'Event page' };
  return { text: target.type === 'kit' ? 'Game kit' : 'World Café table' };
}

const FIELD_OF_ERROR: Record<string, string> = {
  resource_not_found: 'resourceId',
  postcard_not_found: 'postcardId',
  event_not_found: 'eventId',
  kit_not_found: 'kitId',
  table_not_found: 'tableId',
  target_type_unavailable: 'leadsTo',
};

/** Zod paths of the API input → the form's fields. */
function fieldOfPath(leadsTo: string) {
  return (path: string) =>
    path.startsWith('target') ? (TARGET_FIELD[leadsTo] ?? 'leadsTo') : path;
}

export function createCodePages(
  context: AppContext,
  render: PageRenderer,
  ports: Pick<QrPorts, 'targets'>,
): Router {
  const router = Router();
  const base = () => context.config.publicBaseUrl;
  const breadcrumbs = [{ href: '/qr', label: 'QR codes and scans' }];
  const handle =
    (fn: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: NextFunction) => {
      fn(req, res).catch(next);
    };
  const codeOf = async (req: Request) => {
    const code = await getQrCode(String(req.params.id), base());
    authorize(
      actorOf(req),
      codePolicy.may(actorOf(req), 'update', await scopeOfCode(code, ports.targets)),
      NOT_YOURS,
    );
    return code;
  };

  router.get(
    BASE,
    ...readers,
    handle(async (req, res) => {
      const query = pageQuery.parse(req.query);
      const [result, events] = await Promise.all([
        listQrCodes(
          { page: query.page, limit: PAGE_SIZE, kind: query.kind, eventId: query.eventId },
          base(),
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
      render(req, res, 'qr/list', {
        title: 'QR codes',
        heading: 'QR codes',
        intro:
          'Every printed code. What a code leads to can change after printing; the code itself never does, and codes are disabled rather than deleted.',
        breadcrumbs,
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
    }),
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
        fields: fieldViews(specs, state.values, problems),
        errors: errorSummary(specs, problems),
        errorsMany: problems.length > 1,
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
    const values = readValues(specs, req.body);
    const problems: FormProblem[] = specs
      .filter((s) => s.required && !values[s.name]?.trim())
      .map((s) => ({ field: s.name, message: s.type === 'select' ? 'Choose one' : 'Enter this' }));
    const leadsTo = values.leadsTo || 'none';
    const targetField = TARGET_FIELD[leadsTo];
    if (targetField && !values[targetField]?.trim())
      problems.push({ field: targetField, message: 'Choose or enter what the code leads to' });
    if (values.eventId && !codePolicy.may(actorOf(req), 'create', { eventId: values.eventId }))
      problems.push({ field: 'eventId', message: NOT_YOUR_EVENT });
    const placement = (v: string | undefined) => (v?.trim() ? v.trim() : code ? null : undefined);
    const input = {
      ...(code ? {} : { kind: values.kind }),
      label: values.label,
      target: targetInput(values),
      eventId: placement(values.eventId),
      projectId: placement(values.projectId),
      zoneId: placement(values.zoneId),
      ...(code ? { enabled: values.enabled === 'on' } : {}),
    };
    const parsed = (code ? updateQrCodeBody : createQrCodeBody).safeParse(input);
    if (!parsed.success)
      problems.push(...problemsFromZod(parsed.error, specs, fieldOfPath(leadsTo)));
    const first = problems.filter(
      (p, i) => !p.field || problems.findIndex((q) => q.field === p.field) === i,
    );
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

  router.get(
    `${BASE}/new`,
    ...writers,
    handle((req, res) => showForm(req, res, { values: { leadsTo: 'none' } })),
  );
  router.post(
    BASE,
    ...writers,
    handle((req, res) => save(req, res)),
  );
  router.get(
    `${BASE}/:id/edit`,
    ...writers,
    handle(async (req, res) => {
      const code = await codeOf(req);
      await showForm(req, res, { code, values: valuesOf(code) });
    }),
  );
  router.post(
    `${BASE}/:id/edit`,
    ...writers,
    handle(async (req, res) => save(req, res, await codeOf(req))),
  );
  return router;
}
