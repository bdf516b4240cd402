import type { DutySource } from '../../lib/duties-elsewhere';

/** What the exhibitions component needs from the others (app.ts provides it). */
export type ExhibitionsPorts = {
  /** Duties of people outside the stand (World Café tables): a rota check counts them as time elsewhere. */
  dutiesElsewhere: DutySource;
};
