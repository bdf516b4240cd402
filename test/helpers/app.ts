import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { createApp, type AppDeps } from '../../src/app';
import { createMailTransport } from '../../src/components/mail';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/lib/logger';
import { flushBeforeClearing } from './hooks';

/** A test configuration: defaults plus whatever the test overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_BASE_URL: 'https://forumkit.test',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    LOG_LEVEL: 'silent',
  });
  return {
    ...base,
    mail: { ...base.mail, dir: mkdtempSync(path.join(tmpdir(), 'forumkit-mail-')) },
    ...overrides,
  };
}

/**
 * Builds the app as main.ts does, on the shared test database, with indexes in
 * place (unique constraints are part of the behaviour under test).
 */
export async function buildTestApp(overrides: Partial<AppDeps> = {}) {
  const config = overrides.config ?? testConfig();
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const built = createApp({
    config,
    logger,
    mailTransport: overrides.mailTransport ?? createMailTransport(config.mail, logger),
    ...overrides,
  });
  await mongoose.syncIndexes();
  flushBeforeClearing(() => built.qr.scans.flush());
  return built;
}
