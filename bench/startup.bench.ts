import { performance } from 'node:perf_hooks';
import mongoose, { Types } from 'mongoose';
import { linkKitCodes } from '../src/components/kits';
import { SHORT_CODE_ALPHABET } from '../src/components/qr/short-code';
import { loadConfig } from '../src/config';
import { startDatabase } from '../src/lib/database';
import { createLogger } from '../src/lib/logger';
import { runMigrations } from '../src/lib/migrations';
import { MIGRATIONS } from '../src/migrations';
import { prepareDatabase } from '../src/startup';
import { size } from './sizes';

const KITS = size(10_000, 500);
const ROUNDS = size(15, 3);
const BASE = 'https://forumkit.localhost';

/** The n-th 7-character short code (distinct for every n). */
function shortCode(n: number): string {
  let code = '';
  let rest = n;
  for (let i = 0; i < 7; i++) {
    code += SHORT_CODE_ALPHABET[rest % SHORT_CODE_ALPHABET.length];
    rest = Math.floor(rest / SHORT_CODE_ALPHABET.length);
  }
  return code;
}

/** Kits with their box codes already leading to them, as migration 0001 leaves them. */
async function insertKits(count: number): Promise<void> {
  const db = mongoose.connection.db!;
  const kitTypeId = new Types.ObjectId();
  const now = new Date();
  await db
    .collection('kitTypes')
    .insertOne({ _id: kitTypeId, name: 'Bench kits', serialPrefix: 'BENCH', createdAt: now });
  for (let start = 0; start < count; start += 1000) {
    const chunk = Array.from({ length: Math.min(1000, count - start) }, (_, i) => {
      const n = start + i;
      return { kitId: new Types.ObjectId(), codeId: new Types.ObjectId(), n };
    });
    await db.collection('qrCodes').insertMany(
      chunk.map(({ kitId, codeId, n }) => ({
        _id: codeId,
        code: shortCode(n),
        kind: 'kit',
        label: `Kit ${n}`,
        target: { type: 'kit', refId: kitId },
        enabled: true,
        createdAt: now,
        updatedAt: now,
      })),
    );
    await db.collection('kits').insertMany(
      chunk.map(({ kitId, codeId, n }) => ({
        _id: kitId,
        kitTypeId,
        serial: `BENCH-${String(n + 1).padStart(5, '0')}`,
        qrCodeId: codeId,
        qrCode: shortCode(n),
        status: 'in-stock',
        createdAt: now,
        updatedAt: now,
      })),
    );
  }
}

const medianOf = (times: number[]) =>
  [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** The same server's URI for another database. */
function otherDatabase(uri: string, name: string): string {
  const url = new URL(uri);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Milliseconds of `fn` on the database without kits and on the one with KITS kits,
 * in alternating rounds (connecting is not timed), so a noisy neighbour on the
 * machine skews both alike. Medians of `rounds` rounds, after an untimed warm-up.
 */
async function onBoth(
  uris: { none: string; many: string },
  fn: () => Promise<unknown>,
  rounds: number,
) {
  const times = { none: [] as number[], many: [] as number[] };
  for (let round = -1; round < rounds; round++) {
    // Each goes first in every other round: the first run after a switch pays alike.
    const order = round % 2 === 0 ? (['none', 'many'] as const) : (['many', 'none'] as const);
    for (const which of order) {
      await mongoose.connect(uris[which]);
      const ms = await timed(fn);
      await mongoose.disconnect();
      if (round >= 0) times[which].push(ms);
    }
  }
  return { none: medianOf(times.none), many: medianOf(times.many) };
}

/**
 * A start's data work (indexes, migrations, first admin; src/startup.ts) on a
 * database with 10,000 kits (500 in a quick run) against the same on one with none.
 * With migration 0001 recorded it reads no kit, so the ratio should be about 1.0.
 * For comparison, the same start plus the old `linkKitCodes` at every start.
 */
export async function runStartupBench(): Promise<void> {
  const logger = createLogger('silent');
  const config = {
    ...loadConfig({
      NODE_ENV: 'test',
      PUBLIC_BASE_URL: BASE,
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      LOG_LEVEL: 'silent',
      ADMIN_EMAIL: 'bench-admin@example.org',
      ADMIN_PASSWORD: 'bench admin password',
    }),
    seedOnEmpty: false,
  };
  const database = await startDatabase({
    uri: process.env.MONGODB_URI,
    dbName: `forumkit_bench_startup_${process.pid}`,
    logger,
  });
  const uris = {
    none: database.uri,
    many: otherDatabase(database.uri, `forumkit_bench_startup_kits_${process.pid}`),
  };
  try {
    const start = () => prepareDatabase(config, logger);
    const oldStart = async () => {
      await start();
      await linkKitCodes(BASE);
    };
    for (const uri of [uris.none, uris.many]) {
      await mongoose.connect(uri);
      await start(); // records the migrations, creates the indexes and the admin
      if (uri === uris.many) await insertKits(KITS);
      await mongoose.disconnect();
    }
    const { none, many } = await onBoth(uris, start, ROUNDS);
    // The step that used to grow with the data, alone (syncIndexes dominates the whole
    // start and is noisy on a shared machine).
    const migrations = await onBoth(
      uris,
      () =>
        runMigrations(mongoose.connection, MIGRATIONS, { publicBaseUrl: BASE, logger }, { logger }),
      ROUNDS,
    );
    // The old start is slow with many kits: a few rounds say enough.
    const old = await onBoth(uris, oldStart, Math.min(ROUNDS, 3));
    const kits = KITS.toLocaleString('en-US');
    console.log(`start-up data work (median of ${ROUNDS}), migrations recorded:`);
    console.log(`  no kits              ${none.toFixed(1).padStart(8)} ms`);
    console.log(`  ${kits.padEnd(6)} kits          ${many.toFixed(1).padStart(8)} ms`);
    console.log(`  ratio ${kits} / none  ${(many / none).toFixed(2)}×  (should be ~1.0)`);
    console.log(
      `  migrations step alone: ${migrations.none.toFixed(1)} → ${migrations.many.toFixed(1)} ms, ${(migrations.many / migrations.none).toFixed(2)}×`,
    );
    console.log(
      `  before migrations (linkKitCodes at every start): ${(old.many / old.none).toFixed(2)}×  (${old.none.toFixed(1)} → ${old.many.toFixed(1)} ms)`,
    );
  } finally {
    for (const uri of [uris.none, uris.many]) {
      await mongoose.connect(uri).catch(() => undefined);
      await mongoose.connection.dropDatabase().catch(() => undefined);
      await mongoose.disconnect();
    }
    await database.stop();
  }
}
