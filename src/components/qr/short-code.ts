import { randomInt } from 'node:crypto';

/**
 * Short codes: 7 characters from lower-case letters and digits without look-alikes
 * (no 0/o, 1/l/i), drawn from `crypto` so they are neither sequential nor guessable.
 * 31^7 ≈ 27.5 billion codes: probing for a valid one is hopeless.
 */
export const SHORT_CODE_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
export const SHORT_CODE_LENGTH = 7;
export const SHORT_CODE_PATTERN = /^[2-9a-hjkmnp-z]{7}$/;

export function generateShortCode(): string {
  let code = '';
  for (let i = 0; i < SHORT_CODE_LENGTH; i++) {
    code += SHORT_CODE_ALPHABET[randomInt(SHORT_CODE_ALPHABET.length)];
  }
  return code;
}

/** Whether `text` can be a registry code at all (checked before any lookup). */
export const isShortCode = (text: string) => SHORT_CODE_PATTERN.test(text);
