import type { CreateProjectInput } from '../../src/components/events';

/**
 * The three projects of the Urban Planning and Design Cluster (source: Re-Value
 * D7.7). Colours are forumkit display colours chosen to tell the projects apart on
 * pages and printouts; they are not the projects' brand colours. Logos and websites
 * are left for the comms teams to fill in.
 */
export const projects = [
  { name: 'Re-Value', acronym: 'Re-Value', colour: '#0b6e99' },
  { name: 'UP2030', acronym: 'UP2030', colour: '#b3541e' },
  { name: 'CLIMABOROUGH', acronym: 'CLIMABOROUGH', colour: '#2e7d32' },
] as const satisfies readonly CreateProjectInput[];

export type SeedProjectAcronym = (typeof projects)[number]['acronym'];
