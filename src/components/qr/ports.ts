import type { ReferencesPort } from '../../lib/component';
import type { ComponentTargets } from './target-kinds';
import type { ZoneNameLookup } from './zone-names';

/** What the QR component needs from the others (app.ts provides it). */
export type QrPorts = {
  /** How codes reach kits and World Café tables (their components provide them). */
  targets: ComponentTargets;
  /** Names of stand zones, for analytics (exhibitions provides it). */
  zoneNames: ZoneNameLookup;
  /** Others' records that refer to a resource or postcard of the registry (kit types…). */
  references: ReferencesPort;
};
