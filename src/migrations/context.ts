import type { Logger } from '../lib/logger';

/** What a migration may use: no app, no routers, only configuration and the database (mongoose). */
export type MigrationContext = {
  publicBaseUrl: string;
  logger: Logger;
};
