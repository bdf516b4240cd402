import { existsSync } from 'node:fs';
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
  return loadLayout(candidates.find((file) => existsSync(file)) ?? candidates[0]!);
}
