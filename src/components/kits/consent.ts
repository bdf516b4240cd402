/**
 * The consent texts shown at the stand. A change of wording gets a new version, and
 * every hand-out keeps the version its recipient saw and when they answered.
 */
export const CONSENT_TEXT_VERSION = '2025-05-v1';
export const CONSENT_TEXTS: Record<string, { followUp: string; newsletter: string }> = {
  [CONSENT_TEXT_VERSION]: {
    followUp:
      'I agree to receive up to two e-mails asking whether and how the game was played. I can unsubscribe with one click.',
    newsletter: 'I would like to receive the project newsletter.',
  },
};
export const isKnownConsentVersion = (version: string) => version in CONSENT_TEXTS;
