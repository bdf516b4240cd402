import { createHmac, randomBytes } from 'node:crypto';
import { VisitorSaltModel } from './scan.model';

/**
 * Unique visitors without tracking: a keyed hash (HMAC-SHA-256) of IP address and
 * user agent under a random salt for the UTC day. Every process reads the same salt
 * from the database (the first to need it creates it); salts of past days are
 * deleted, after which no key can be linked back to an address, not even by us.
 */
const salts = new Map<string, string>();

export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

export async function saltForDay(day: string): Promise<string> {
  const known = salts.get(day);
  if (known) return known;
  const doc = await VisitorSaltModel.findOneAndUpdate(
    { day },
    { $setOnInsert: { day, salt: randomBytes(32).toString('hex'), createdAt: new Date() } },
    { upsert: true, new: true },
  )
    .lean()
    .catch(async (err: { code?: number }) => {
      // Two processes upserting the first salt of the day at once: one insert wins.
      if (err.code !== 11000) throw err;
      return VisitorSaltModel.findOne({ day }).lean();
    });
  if (!doc) throw new Error('visitor salt missing');
  salts.clear();
  salts.set(day, doc.salt);
  // Yesterday's salt goes as soon as today's exists; the TTL index catches the rest.
  await VisitorSaltModel.deleteMany({ day: { $lt: day } });
  return doc.salt;
}

export function visitorKey(salt: string, ip: string, userAgent: string): string {
  return createHmac('sha256', salt).update(`${ip}\n${userAgent}`).digest('base64url').slice(0, 22);
}

/** The visitor key of a request now (feedback limits use it too). */
export async function visitorKeyNow(ip: string, userAgent: string, now: Date): Promise<string> {
  return visitorKey(await saltForDay(utcDay(now)), ip, userAgent);
}
