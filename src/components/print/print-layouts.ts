import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadLayout, type Layout } from '../../lib/pdf';
import { projectPath } from '../../lib/paths';

/** Layout files live with the other templates, editable without touching code. */
export const PRINT_TEMPLATES_DIR = projectPath('templates', 'print');

/**
 * Loads `templates/print/<name>.yaml` (or .yml/.json), validated. Throws LayoutError
 * naming the file and field when it is invalid or missing.
 */
export function loadPrintLayout(name: string, dir = PRINT_TEMPLATES_DIR): Layout {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`Bad print layout name "${name}"`);
  const candidates = ['.yaml', '.yml', '.json'].map((ext) => path.join(dir, name + ext));
  const file = candidates.find((f) => existsSync(f)) ?? candidates[0]!;
  // Parsed layouts are kept until their file changes: an edited layout still applies
  // to the next document, and a print run does not parse and validate YAML each time.
  const stamp = existsSync(file) ? statSync(file).mtimeMs : -1;
  const cached = parsed.get(file);
  if (cached && cached.stamp === stamp) return cached.layout;
  const layout = loadLayout(file);
  parsed.set(file, { stamp, layout });
  return layout;
}

const parsed = new Map<string, { stamp: number; layout: Layout }>();
