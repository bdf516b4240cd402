/** A piece of plain text: words, or a web address to show as a link. */
export type TextPiece = { text: string; href?: string };

// http(s) addresses up to whitespace or a bracket; trailing punctuation belongs to the sentence.
const URL_PATTERN = /https?:\/\/[^\s<>"')\]]+/g;
const TRAILING_PUNCTUATION = /[.,;:!?]+$/;

/**
 * Splits plain text into pieces so a template can show its web addresses as links
 * while every piece stays escaped by the template (no HTML is built here).
 */
export function splitLinks(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const href = match[0].replace(TRAILING_PUNCTUATION, '');
    const start = match.index;
    if (start > last) pieces.push({ text: text.slice(last, start) });
    pieces.push({ text: href, href });
    last = start + href.length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}
