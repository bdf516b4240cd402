/**
 * Content-Disposition for a generated file (RFC 6266): a plain ASCII `filename` for
 * old clients and `filename*` (RFC 5987, UTF-8) so "Constanța.pdf" keeps its ț.
 */
export function contentDisposition(
  fileName: string,
  type: 'inline' | 'attachment' = 'inline',
): string {
  const cleaned = fileName.replace(/[\p{Cc}/\\]+/gu, ' ').trim() || 'document';
  const fallback = asciiFileName(cleaned);
  if (fallback === cleaned) return `${type}; filename="${fallback}"`;
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(cleaned)}`;
}

const TRANSLITERATIONS: Record<string, string> = {
  ø: 'o',
  Ø: 'O',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ß: 'ss',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ı: 'i',
  þ: 'th',
  Þ: 'Th',
  '–': '-',
  '—': '-',
};

/** Letters lose their accents (İzmir → Izmir); anything else unsafe becomes '_'. */
export function asciiFileName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^ -~]/g, (ch) => TRANSLITERATIONS[ch] ?? '_')
    .replace(/["%;\\]/g, '_');
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
