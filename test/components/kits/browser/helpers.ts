import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

const AXE_SOURCE = require.resolve('axe-core/axe.min.js');

type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
};

/** axe-core (WCAG 2.1 A/AA) on the page, and no horizontal scrolling at the page's width. */
export async function assertAccessibleAt390(page: Page, label: string): Promise<void> {
  await page.addScriptTag({ path: AXE_SOURCE });
  const violations = (await page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((result) => result.violations)`)) as AxeViolation[];
  assert.equal(
    violations.length,
    0,
    `${label}\n` +
      violations
        .map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
        .join('\n'),
  );
  const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
  assert.ok(width <= 390, `${label} is ${width} px wide`);
}
