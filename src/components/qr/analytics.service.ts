import { AppError } from '../../lib/errors';
import { getEvent, getProject } from '../events';
import { listFeedback, type FeedbackView } from './feedback.service';
import { listAllQrCodes, getQrCode } from './qr-codes.service';
import { QR_KIND_LABELS } from './qr-labels';
import type { QrCodeView } from './registry.presenter';
import { getResource } from './resources.service';
import { zoneNames, type ZoneNameLookup } from './zone-names';
import { scanStats, scansPerCode, type ScanStats } from './stats.service';

/** What an analytics view is about: one code, or every code of a resource, zone, project or event. */
export type AnalyticsScope =
  | { type: 'code'; id: string }
  | { type: 'zone'; id: string }
  | { type: 'resource'; id: string }
  | { type: 'project'; id: string }
  | { type: 'event'; id: string };

export type ScopeAnalytics = {
  title: string;
  timeZone: string;
  codes: (QrCodeView & { scans: number; kindLabel: string })[];
  stats: ScanStats;
  feedback: { items: FeedbackView[]; count: number; averageRating?: number };
  eventIds: string[];
};

/**
 * Stats, top codes and feedback of a scope, by day and hour in the event's zone
 * (a code's event, a resource's first event; UTC for a project across events).
 */
export async function scopeAnalytics(
  scope: AnalyticsScope,
  window: { from?: string; to?: string },
  publicBaseUrl: string,
  lookupZoneNames: ZoneNameLookup,
): Promise<ScopeAnalytics> {
  let title: string;
  let timeZone = 'UTC';
  let codes: QrCodeView[];
  let subjectIds: string[] = [];
  if (scope.type === 'code') {
    const code = await getQrCode(scope.id, publicBaseUrl);
    codes = [code];
    title = `Code ${code.code}: ${code.label}`;
    if (code.eventId) timeZone = (await getEvent(code.eventId)).timeZone;
  } else if (scope.type === 'resource') {
    const resource = await getResource(scope.id);
    codes = await listAllQrCodes({ targetId: resource.id }, publicBaseUrl);
    title = [resource.deliverableCode, resource.title].filter(Boolean).join(' ');
    subjectIds = [resource.id];
    if (resource.eventIds[0]) timeZone = (await getEvent(resource.eventIds[0])).timeZone;
  } else if (scope.type === 'zone') {
    // A zone is known here only by the codes placed in it (see zone-names.ts): its name
    // comes from the exhibitions component's lookup; a zone it no longer knows is named
    // by its id and the event its codes are placed at.
    codes = await listAllQrCodes({ zoneId: scope.id }, publicBaseUrl);
    const named = (await zoneNames(lookupZoneNames, [scope.id])).get(scope.id);
    const eventId = named?.eventId ?? codes.find((c) => c.eventId)?.eventId;
    const event = eventId ? await getEvent(eventId).catch(() => undefined) : undefined;
    title = named
      ? `Zone ${named.name}${event ? ` (${event.name})` : ''}`
      : // The id's last characters: the whole id would not fit a phone's heading.
        `Stand zone …${scope.id.slice(-6)}${event ? ` at ${event.name}` : ''}`;
    if (event) timeZone = event.timeZone;
  } else if (scope.type === 'project') {
    const project = await getProject(scope.id);
    codes = await listAllQrCodes({ projectId: project.id }, publicBaseUrl);
    title = `Project ${project.acronym}`;
  } else if (scope.type === 'event') {
    const event = await getEvent(scope.id);
    codes = await listAllQrCodes({ eventId: event.id }, publicBaseUrl);
    title = event.name;
    subjectIds = [event.id];
    timeZone = event.timeZone;
  } else {
    throw new AppError('validation_failed', 'Unknown analytics scope', 400);
  }
  const ids = codes.map((c) => c.id);
  const [stats, perCode, feedback] = await Promise.all([
    scanStats(ids, { ...window, timeZone }),
    scansPerCode(ids),
    listFeedback({ subjectIds, qrCodeIds: ids, limit: 100 }),
  ]);
  const ranked = codes
    .map((c) => ({ ...c, scans: perCode.get(c.id) ?? 0, kindLabel: QR_KIND_LABELS[c.kind] }))
    .sort((a, b) => b.scans - a.scans || a.label.localeCompare(b.label));
  const eventIds = [
    ...new Set([
      ...(scope.type === 'event' ? [scope.id] : []),
      ...codes.flatMap((c) => (c.eventId ? [c.eventId] : [])),
    ]),
  ];
  return { title, timeZone, codes: ranked, stats, feedback, eventIds };
}

/** Per code and day, for the CSV export. */
export async function scopeDailyRows(
  analytics: ScopeAnalytics,
  window: { from?: string; to?: string },
): Promise<unknown[][]> {
  const rows: unknown[][] = [
    ['day', 'code', 'label', 'kind', 'scans', 'uniqueVisitors', 'qrScans', 'linkScans', 'botScans'],
  ];
  for (const code of analytics.codes) {
    const stats = await scanStats([code.id], { ...window, timeZone: analytics.timeZone });
    if (!stats.byDay.length && !stats.botScans) continue;
    for (const day of stats.byDay) {
      rows.push([
        day.day,
        code.code,
        code.label,
        code.kind,
        day.scans,
        day.uniqueVisitors,
        '',
        '',
        '',
      ]);
    }
    rows.push([
      'total',
      code.code,
      code.label,
      code.kind,
      stats.scans,
      stats.uniqueVisitors,
      stats.qrScans,
      stats.linkScans,
      stats.botScans,
    ]);
  }
  return rows;
}
