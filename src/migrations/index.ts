import type { Migration } from '../lib/migrations';
import { linkKitCodesMigration } from './0001-link-kit-codes';
import type { MigrationContext } from './context';

/**
 * Every one-off data change, in order. A new one gets the next number and a file of
 * its own; an applied one is never edited (it would not run again), only followed by
 * another that changes what it did.
 */
export const MIGRATIONS: readonly Migration<MigrationContext>[] = [linkKitCodesMigration];

export type { MigrationContext } from './context';
