import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isTimeZoneName } from './lib/time-format';

/**
 * The one place that reads process.env. Every key has a safe default so that
 * `npm start` works on a fresh machine; production refuses to start without the
 * secrets it cannot invent.
 */
/**
 * log2 of scrypt's N for password hashes: 2^16 (64 MiB, about 0.1 s a hash). Production
 * refuses less; tests set a cheap cost so that signing in does not dominate the run.
 */
export const PRODUCTION_PASSWORD_HASH_COST = 16;

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_BASE_URL: z.url().optional(),
  TRUST_PROXY: booleanFromEnv.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URI')
    .optional(),
  MONGOMS_SYSTEM_BINARY: z.string().optional(),
  DB_PATH: z.string().default('./data/db'),
  DB_REPAIR: booleanFromEnv.default(false),

  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  PASSWORD_HASH_COST: z.coerce.number().int().min(4).max(20).default(PRODUCTION_PASSWORD_HASH_COST),

  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().default('forumkit <no-reply@forumkit.localhost>'),
  MAIL_DIR: z.string().default('./data/mail'),

  SEED_ON_EMPTY: booleanFromEnv.default(true),
  DEFAULT_TIME_ZONE: z
    .string()
    .refine(isTimeZoneName, 'must be an IANA time zone, e.g. Europe/Vilnius')
    .default('Europe/Vilnius'),
});

export type Config = {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  publicBaseUrl: string;
  trustProxy: boolean;
  logLevel: string;
  database: { uri?: string; systemBinary?: string; dbPath: string; repair: boolean };
  sessionSecret: string;
  admin: { email?: string; password?: string };
  /** scrypt cost (log2 N) of new password hashes and of the decoy check for unknown e-mails. */
  passwordHash: { cost: number };
  mail: { smtpUrl?: string; from: string; dir: string };
  seedOnEmpty: boolean;
  /** Times outside an event are shown in this zone until a person chooses their own. */
  defaultTimeZone: string;
};

export class ConfigError extends Error {}

/** Parses the environment (defaults to process.env) and fails fast with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new ConfigError('Invalid configuration:\n  SESSION_SECRET: required in production');
  }
  if (e.NODE_ENV === 'production' && e.PASSWORD_HASH_COST < PRODUCTION_PASSWORD_HASH_COST) {
    throw new ConfigError(
      `Invalid configuration:\n  PASSWORD_HASH_COST: at least ${PRODUCTION_PASSWORD_HASH_COST} in production`,
    );
  }
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration:\n  ADMIN_EMAIL and ADMIN_PASSWORD go together');
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    database: {
      uri: e.MONGODB_URI,
      systemBinary: e.MONGOMS_SYSTEM_BINARY,
      dbPath: e.DB_PATH,
      repair: e.DB_REPAIR,
    },
    // Outside production a per-process secret is fine: sessions just end on restart.
    sessionSecret: e.SESSION_SECRET ?? randomBytes(32).toString('hex'),
    admin: { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD },
    passwordHash: { cost: e.PASSWORD_HASH_COST },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, dir: e.MAIL_DIR },
    seedOnEmpty: e.SEED_ON_EMPTY,
    defaultTimeZone: e.DEFAULT_TIME_ZONE,
  };
}
