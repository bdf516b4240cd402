import { linkKitCodes } from '../components/kits';
import type { Migration } from '../lib/migrations';
import type { MigrationContext } from './context';

/**
 * Kit codes made before codes could lead to kits lead nowhere or to the kit page's
 * https address; each is pointed at its kit (`{ kitId }`). It reads every kit, which
 * is why it is a migration: it used to run at every start. Idempotent (codes already
 * leading to their kit are left alone), so a run cut short is simply run again.
 */
export const linkKitCodesMigration: Migration<MigrationContext> = {
  id: '0001-link-kit-codes',
  description: 'point every kit box code at its kit',
  async up(context) {
    const linked = await linkKitCodes(context.publicBaseUrl);
    context.logger.info({ linked }, 'kit codes pointed at their kits');
  },
};
