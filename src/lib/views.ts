import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { projectPath } from './paths';

/**
 * Server-rendered pages: Handlebars templates in templates/pages, wrapped in
 * layout.hbs. Handlebars escapes `{{value}}` by default, so user text is safe unless
 * a template deliberately uses `{{{raw}}}` (only the layout does, for the body).
 */
export type ViewRenderer = (name: string, data: Record<string, unknown>) => string;

const PAGES_DIR = projectPath('templates', 'pages');

export function createViewRenderer(options: { cache: boolean; dir?: string }): ViewRenderer {
  const dir = options.dir ?? PAGES_DIR;
  const cache = new Map<string, HandlebarsTemplateDelegate>();
  const hbs = Handlebars.create();
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('json', (value: unknown) =>
    // For data attributes: escaped by Handlebars, parsed by the page script.
    JSON.stringify(value),
  );

  const loadPartials = () => {
    const partialsDir = path.join(dir, 'partials');
    for (const file of safeReaddir(partialsDir)) {
      if (file.endsWith('.hbs')) {
        hbs.registerPartial(file.slice(0, -4), readFileSync(path.join(partialsDir, file), 'utf8'));
      }
    }
  };
  let partialsLoaded = false;

  const template = (name: string) => {
    if (!options.cache || !partialsLoaded) {
      loadPartials();
      partialsLoaded = true;
    }
    let compiled = options.cache ? cache.get(name) : undefined;
    if (!compiled) {
      if (!/^[a-z0-9/-]+$/.test(name)) throw new Error(`Bad template name ${name}`);
      compiled = hbs.compile(readFileSync(path.join(dir, `${name}.hbs`), 'utf8'));
      if (options.cache) cache.set(name, compiled);
    }
    return compiled;
  };

  return (name, data) => {
    const body = template(name)(data);
    return template('layout')({ ...data, body });
  };
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
