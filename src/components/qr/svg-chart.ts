/**
 * Bar charts drawn on the server as inline SVG: no script, no library, readable by
 * screen readers (role="img", a title, and the same numbers in a table beside it).
 */
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export type Bar = { label: string; value: number };

export function barChart(bars: readonly Bar[], title: string): string {
  const width = 600;
  const height = 180;
  const bottom = 24;
  const top = 16;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const step = bars.length ? width / bars.length : width;
  const barWidth = Math.max(1, step * 0.7);
  const labelEvery = Math.ceil(bars.length / 12);
  const parts = bars.map((bar, i) => {
    const h = ((height - bottom - top) * bar.value) / max;
    const x = i * step + (step - barWidth) / 2;
    const y = height - bottom - h;
    const label =
      i % labelEvery === 0
        ? `<text x="${(x + barWidth / 2).toFixed(1)}" y="${height - 8}" font-size="11" text-anchor="middle" fill="#333">${escapeXml(bar.label)}</text>`
        : '';
    const value = bar.value
      ? `<text x="${(x + barWidth / 2).toFixed(1)}" y="${(y - 3).toFixed(1)}" font-size="10" text-anchor="middle" fill="#333">${bar.value}</text>`
      : '';
    return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="#1d5c63"><title>${escapeXml(`${bar.label}: ${bar.value}`)}</title></rect>${value}${label}`;
  });
  return (
    `<svg class="chart" role="img" aria-label="${escapeXml(title)}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${escapeXml(title)}</title>` +
    `<line x1="0" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="#666"/>` +
    parts.join('') +
    `</svg>`
  );
}
