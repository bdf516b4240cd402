import type { SeedProjectAcronym } from './projects';

/** Source: Re-Value D7.7, section on cluster meetings. */
export const clusters: {
  name: string;
  callIdentifier: string;
  description: string;
  projects: SeedProjectAcronym[];
}[] = [
  {
    name: 'Urban Planning and Design Cluster',
    callIdentifier: 'HORIZON-MISS-2021-CIT-02-01',
    description:
      'Urban planning and design for just, sustainable, resilient and climate-neutral cities by 2030. ' +
      'CINEA hosts cluster meetings twice a year; the three sister projects have also met monthly since November 2024.',
    projects: ['Re-Value', 'UP2030', 'CLIMABOROUGH'],
  },
];
