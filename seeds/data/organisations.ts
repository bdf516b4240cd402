import type { CreateOrganisationInput } from '../../src/components/events';

/**
 * Organisations named in the source report, plus one clearly fictional
 * organisation for the demo people. Countries are left out where the report does
 * not give them.
 */
export const DEMO_ORGANISATION = 'Demo Organisation (fictional)';

export const organisations: CreateOrganisationInput[] = [
  { name: 'NetZeroCities', kind: 'network' },
  { name: 'CINEA', kind: 'public-body' },
  { name: DEMO_ORGANISATION, kind: 'other' },
];
