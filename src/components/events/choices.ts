import { countryName, isCountryCode } from './values';

/** Option lists for the forms, built once from the same rules the schemas check. */
export type Choice = { value: string; label: string };

let countries: Choice[] | undefined;

/** Every assigned ISO 3166-1 code, by English name ('Lithuania (LT)'). */
export function countryChoices(): Choice[] {
  if (!countries) {
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const codes = [...letters].flatMap((a) => [...letters].map((b) => a + b)).filter(isCountryCode);
    countries = codes
      .map((code) => ({ value: code, label: `${countryName(code)} (${code})` }))
      .sort((a, b) => a.label.localeCompare(b.label, 'en'));
  }
  return countries;
}

let zones: Choice[] | undefined;

/** IANA time zones ('Europe/Vilnius'), plus `current` when it is an alias the list lacks. */
export function timeZoneChoices(current?: string): Choice[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')].map(
    (zone) => ({ value: zone, label: zone.replace(/_/g, ' ') }),
  );
  if (current && !zones.some((z) => z.value === current)) {
    return [{ value: current, label: current.replace(/_/g, ' ') }, ...zones];
  }
  return zones;
}

/** 'public-body' → 'Public body'. */
export function humanise(value: string): string {
  const words = value.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
