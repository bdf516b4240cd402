import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Config } from '../config';
import type { Logger } from './logger';

/**
 * What every component receives from createApp: configuration, logging, the clock
 * and the API registry. Adapters come in here (never imported as singletons) so that
 * tests can substitute them.
 */
export type AppContext = {
  config: Config;
  logger: Logger;
  /** Current time; injectable so tests can move it. */
  clock: () => Date;
  registry: OpenAPIRegistry;
};
