import { DateTime, IANAZone } from 'luxon';

/**
 * Value rules shared by the mongoose models and the zod request schemas, so the
 * API and the database agree on what a country, a calendar date or a time zone is.
 */

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/**
 * Codes ICU names that are not assigned ISO 3166-1 countries: reserved, withdrawn
 * or private-use ('UK' → use GB, 'EU', 'SU', 'YU', ...). XK (Kosovo) stays allowed:
 * it is user-assigned, but the European Commission uses it.
 */
const NOT_ISO_COUNTRIES = new Set(
  'AC AN BU CP CQ CS DD DG DY EA EU EZ FX HV IC NH QO RH SU TA TP UK UN VD XA XB YD YU ZR ZZ'.split(
    ' ',
  ),
);

/** ISO 3166-1 alpha-2, upper case: a region ICU knows that is an assigned country code. */
export function isCountryCode(value: string): boolean {
  return (
    /^[A-Z]{2}$/.test(value) && !NOT_ISO_COUNTRIES.has(value) && regionNames.of(value) !== value
  );
}

/** English name of a country code, for pages ('LT' → 'Lithuania'). */
export function countryName(code: string): string {
  return isCountryCode(code) ? (regionNames.of(code) ?? code) : code;
}

/** A real calendar date written 'YYYY-MM-DD' (rejects '2025-02-30'). */
export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

/**
 * An IANA zone name such as 'Europe/Vilnius' or 'UTC'. Fixed offsets ('+02:00') are
 * refused: calendars need a zone with rules so daylight saving time comes out right.
 */
export function isTimeZone(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value) && IANAZone.isValidZone(value);
}

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** 'Re-Value Final Conference, Bruges' → 're-value-final-conference-bruges' (diacritics folded). */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ı/g, 'i')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/** User text used inside a RegExp matches literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const HEX_COLOUR_PATTERN = /^#[0-9a-fA-F]{6}$/;
