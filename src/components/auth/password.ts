import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AppError } from '../../lib/errors';

/**
 * Password hashing with scrypt (memory-hard). The cost is log2 of scrypt's N: at the
 * production cost, N=2^16 with r=8 uses 64 MiB and about a tenth of a second per hash.
 * Parameters are stored in each hash, so raising the cost later keeps old hashes
 * verifiable. The cost comes from config (`passwordHash.cost`): tests run cheaper, and
 * production refuses anything below PRODUCTION_PASSWORD_HASH_COST (see config.ts).
 */
const R = 8;
const P = 1;
/** The settings hashing takes from config. */
export type PasswordHashing = { cost: number };

type ScryptParams = { N: number; r: number; p: number };
const paramsFor = ({ cost }: PasswordHashing): ScryptParams => ({ N: 2 ** cost, r: R, p: P });
const KEY_LENGTH = 64;
const SALT_BYTES = 16;

/**
 * scrypt runs on libuv's thread pool (4 threads by default), which file writes, DNS
 * lookups and zlib share. At most this many hashes run at once, so the pool always
 * has threads for everything else...
 */
const MAX_CONCURRENT_HASHES = 2;
/** ...and at most this many wait; beyond that a request is refused before any hashing. */
const MAX_WAITING_HASHES = 6;

let running = 0;
let peak = 0;
let started = 0;
const waiting: (() => void)[] = [];

/** How busy hashing is: for tests and operators (peak = most hashes ever run at once). */
export const passwordHashingStats = () => ({ running, waiting: waiting.length, peak, started });

/** 429 `busy`: the server is hashing as many passwords as it will; try again in a moment. */
export const hashingBusy = () =>
  new AppError('busy', 'The server is busy checking passwords; try again in a moment', 429, {
    retryAfterSeconds: 1,
  });

/** A hashing slot, waiting in line when all are taken; throws 429 `busy` when the line is full. */
async function acquireSlot(): Promise<() => void> {
  if (running >= MAX_CONCURRENT_HASHES) {
    if (waiting.length >= MAX_WAITING_HASHES) throw hashingBusy();
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running += 1;
  }
  peak = Math.max(peak, running);
  started += 1;
  // Handing the slot straight to the next in line keeps `running` exact.
  return () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
}

async function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  const release = await acquireSlot();
  try {
    return await new Promise((resolve, reject) => {
      scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) =>
        err ? reject(err) : resolve(key),
      );
    });
  } finally {
    release();
  }
}

function format({ N, r, p }: ScryptParams, salt: Buffer, key: Buffer): string {
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Hashes a password with a fresh per-user salt, at the configured cost. */
export async function hashPassword(password: string, hashing: PasswordHashing): Promise<string> {
  const params = paramsFor(hashing);
  const salt = randomBytes(SALT_BYTES);
  return format(params, salt, await derive(password, salt, params));
}

/**
 * A hash nobody's password matches, at the configured cost, checked when there is no
 * user, to spend the same time as a real check.
 */
const decoyHash = (hashing: PasswordHashing) =>
  format(paramsFor(hashing), randomBytes(SALT_BYTES), randomBytes(KEY_LENGTH));

/**
 * Checks a password against a stored hash in constant time. Without a stored hash
 * (unknown e-mail, invited user) it still runs one full scrypt and answers false,
 * so response time does not reveal which accounts exist.
 */
export async function verifyPassword(
  password: string,
  stored: string | undefined | null,
  hashing: PasswordHashing,
): Promise<boolean> {
  const parsed = parse(stored ?? '') ?? parse(decoyHash(hashing));
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key) && Boolean(stored);
}

function parse(stored: string) {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (!Object.values(params).every((v) => Number.isInteger(v) && v > 0)) return undefined;
  const keyBytes = Buffer.from(key, 'base64url');
  if (keyBytes.length !== KEY_LENGTH) return undefined;
  return { params, salt: Buffer.from(salt, 'base64url'), key: keyBytes };
}
