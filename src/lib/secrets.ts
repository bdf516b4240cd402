import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer secrets (session cookies, API tokens, capability keys, invitation links):
 * 256 random bits, base64url. Only their sha256 is stored; a fast hash is right here
 * because the input already has full entropy (no dictionary to guess from).
 */
export function newSecret(prefix = ''): { token: string; hash: string } {
  const token = prefix + randomBytes(32).toString('base64url');
  return { token, hash: hashSecret(token) };
}

export function hashSecret(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
