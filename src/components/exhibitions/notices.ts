import type { Request } from 'express';
import type { PageNotice } from '../../lib/http/notices';
import { listLateMaterials } from './materials.service';

const SHOWN = 5;

/**
 * The dashboard's hint about late stand materials (past due in their event's zone and
 * not on site): a few by name, a link to the stand, or to the overview for several.
 */
export async function lateMaterialsNotices(req: Request, now: Date): Promise<PageNotice[]> {
  if (!req.user) return [];
  const late = await listLateMaterials(now);
  if (late.length === 0) return [];
  const named = late
    .slice(0, SHOWN)
    .map((m) => `${m.name} (${m.standName}, due ${m.dueDate})`)
    .join(', ');
  const more = late.length > SHOWN ? ` and ${late.length - SHOWN} more` : '';
  const stands = [...new Set(late.map((m) => m.standId))];
  return [
    {
      kind: 'late-materials',
      text: `${late.length} late stand material${late.length === 1 ? '' : 's'}: ${named}${more}.`,
      link:
        stands.length === 1
          ? { href: `/stands/${stands[0]}#materials-heading`, text: 'Open the stand’s materials' }
          : { href: '/stands', text: 'See the stands' },
    },
  ];
}
