import type { CityRole } from '../../src/components/events';
import type { SeedProjectAcronym } from './projects';

/**
 * The nine Re-Value cities with their roles (source: Re-Value D7.7). Names keep
 * their local diacritics: Constanța is written with comma-below ț (U+021B) and
 * İzmir with dotted capital İ (U+0130). The other cluster cities are not named in
 * the source; they come in through the CSV import.
 */
type SeedCity = { name: string; country: string; role: CityRole; project: SeedProjectAcronym };

export const cities: SeedCity[] = [
  { name: 'Ålesund', country: 'NO', role: 'leading', project: 'Re-Value' },
  { name: 'Bruges', country: 'BE', role: 'leading', project: 'Re-Value' },
  { name: 'Burgas', country: 'BG', role: 'leading', project: 'Re-Value' },
  { name: 'Rimini', country: 'IT', role: 'leading', project: 'Re-Value' },
  { name: 'Cascais', country: 'PT', role: 'replication', project: 'Re-Value' },
  { name: 'Constanța', country: 'RO', role: 'replication', project: 'Re-Value' },
  { name: 'İzmir', country: 'TR', role: 'replication', project: 'Re-Value' },
  { name: 'Písek', country: 'CZ', role: 'replication', project: 'Re-Value' },
  { name: 'Rijeka', country: 'HR', role: 'replication', project: 'Re-Value' },
];
