import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { projectPath } from '../../lib/paths';
import { formatDateTime, isTimeZoneName } from '../../lib/time-format';

/**
 * E-mail templates live in templates/mail/<name>/<language>.<part>.hbs, parts being
 * `subject`, `html` and `text`; each part falls back to `en` on its own. The HTML
 * part escapes `{{value}}` (user text cannot inject markup) and is wrapped in
 * layout.html.hbs; subject and text are plain text, rendered without escaping.
 */
export type RenderedMail = { language: string; subject: string; html: string; text: string };

export const DEFAULT_LANGUAGE = 'en';
const DEFAULT_DIR = projectPath('templates', 'mail');
const TEMPLATE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

type Part = 'subject' | 'html' | 'text';

export class MailTemplateError extends Error {}

export type MailRenderer = (
  template: string,
  data: Record<string, unknown>,
  language?: string,
) => RenderedMail;

/** A renderer over `dir`; compiled templates are kept when `cache` is on (default). */
export function createMailRenderer(options: { dir?: string; cache?: boolean } = {}): MailRenderer {
  const dir = options.dir ?? DEFAULT_DIR;
  const cache = options.cache ?? true;
  const escaping = withHelpers(Handlebars.create());
  const plain = withHelpers(Handlebars.create());
  const compiled = new Map<string, HandlebarsTemplateDelegate>();

  const load = (file: string, env: typeof Handlebars, noEscape: boolean) => {
    let template = cache ? compiled.get(file) : undefined;
    if (!template) {
      template = env.compile(readFileSync(file, 'utf8'), { noEscape, strict: false });
      if (cache) compiled.set(file, template);
    }
    return template;
  };

  const findPart = (template: string, part: Part, languages: string[]) => {
    for (const language of languages) {
      const file = path.join(dir, template, `${language}.${part}.hbs`);
      if (existsSync(file)) return { file, language };
    }
    throw new MailTemplateError(`Mail template ${template} has no ${part} part`);
  };

  return (template, data, language = DEFAULT_LANGUAGE) => {
    if (!TEMPLATE_NAME.test(template))
      throw new MailTemplateError(`Bad mail template name ${template}`);
    if (!LANGUAGE_TAG.test(language)) throw new MailTemplateError(`Bad language tag ${language}`);
    if (!existsSync(path.join(dir, template))) {
      throw new MailTemplateError(`Unknown mail template ${template}`);
    }
    const languages = fallbackChain(language);
    // Dates and numbers follow the language the part is written in, not the one asked for.
    const renderPart = (part: Part, noEscape: boolean, context: unknown) => {
      const found = findPart(template, part, languages);
      const env = noEscape ? plain : escaping;
      const output = load(
        found.file,
        env,
        noEscape,
      )(context, { data: { language: found.language } });
      return { output, language: found.language };
    };

    const subject = renderPart('subject', true, data).output.replace(/\s+/g, ' ').trim();
    const htmlPart = renderPart('html', false, data);
    const layout = path.join(dir, 'layout.html.hbs');
    const html = existsSync(layout)
      ? load(
          layout,
          escaping,
          false,
        )({ subject, body: htmlPart.output, language: htmlPart.language })
      : htmlPart.output;
    const text = renderPart('text', true, data).output;
    return { language: htmlPart.language, subject, html, text: text.trim() + '\n' };
  };
}

/** `pt-BR` → pt-BR, pt, en. */
function fallbackChain(language: string): string[] {
  const chain = [language];
  const primary = language.split('-')[0];
  if (primary && primary !== language) chain.push(primary);
  if (!chain.includes(DEFAULT_LANGUAGE)) chain.push(DEFAULT_LANGUAGE);
  return chain;
}

/**
 * `{{dateTime value timeZone="Europe/Vilnius"}}` writes a Date or ISO string as every
 * page does ("Tue 6 May 2025, 14:00 (Vilnius)", src/lib/time-format); without a zone
 * it uses `timeZone` from the data (the event's, or the reader's), else UTC, and
 * always names the zone so a reader in another country is not misled.
 */
function withHelpers(env: typeof Handlebars): typeof Handlebars {
  env.registerHelper(
    'dateTime',
    function (this: unknown, value: unknown, options: Handlebars.HelperOptions) {
      const date = value instanceof Date ? value : new Date(String(value));
      if (Number.isNaN(date.getTime())) return '';
      const root = options.data?.root as { timeZone?: unknown } | undefined;
      const zone = String(options.hash?.timeZone ?? root?.timeZone ?? 'UTC');
      const language = (options.data?.language as string | undefined) ?? DEFAULT_LANGUAGE;
      return formatDateTime(date, isTimeZoneName(zone) ? zone : 'UTC', language);
    },
  );
  return env;
}
