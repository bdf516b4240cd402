import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  loadPrintLayout,
  PRINT_TEMPLATES_DIR,
  withLayoutErrors,
} from '../../../src/components/print';
import { AppError } from '../../../src/lib/errors';
import { renderQrPng } from '../../../src/lib/qr';
import {
  LayoutDocument,
  LayoutError,
  loadLayout,
  mmToPt,
  parseLayout,
  pdfToBuffer,
  type Layout,
} from '../../../src/lib/pdf';
import { decodeQr, mmToPixels, pdfInfo, pdfText, rasterisePdf } from '../../helpers/pdf';

const minimal = (extra = '') => `
name: Test
metadata: { title: 'Test {{thing.name}}' }
page: { size: A6, margins: { top: 10, right: 10, bottom: 10, left: 10 } }
fonts: { regular: DejaVuSans }
colours: { ink: '#223344' }
styles: { body: { font: regular, size: 9, colour: ink } }
${extra}`;

function tempDir() {
  return mkdtempSync(path.join(tmpdir(), 'forumkit-layout-'));
}

/** Draws every placed block and QR of a layout on one page. */
async function renderOnePage(layout: Layout, data: Record<string, unknown>): Promise<Buffer> {
  const document = new LayoutDocument(layout, {
    data,
    createdAt: new Date('2025-05-06T08:00:00Z'),
  });
  const done = pdfToBuffer(document.doc);
  document.addPage();
  for (const block of Object.values(layout.blocks)) document.drawBlock(block);
  for (const qr of Object.values(layout.qr)) document.drawQr(qr);
  document.end();
  return done;
}

describe('print layouts', () => {
  it('when the shipped layouts are loaded, then every one of them is valid', () => {
    const names = readdirSync(PRINT_TEMPLATES_DIR)
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .map((f) => f.replace(/\.(ya?ml|json)$/, ''));
    assert.ok(
      names.includes('programme') &&
        names.includes('qr-labels-3x7') &&
        names.includes('qr-labels-2x4'),
    );
    for (const name of names) assert.ok(loadPrintLayout(name).name, name);
  });

  it('when a field is wrong, then the error names the file and the field', () => {
    const file = path.join(tempDir(), 'broken.yaml');
    writeFileSync(
      file,
      minimal(
        `blocks: { intro: { text: hi, style: body, maxLines: 0 } }\nqr: { code: { url: x, x: 1, y: 1, size: -3 } }`,
      ),
    );
    assert.throws(
      () => loadLayout(file),
      (err: unknown) => {
        assert.ok(err instanceof LayoutError);
        assert.match(err.message, /broken\.yaml/);
        assert.deepEqual(
          err.problems.map((p) => p.path),
          ['blocks.intro.maxLines', 'qr.code.size'],
        );
        return true;
      },
    );
  });

  it('when a document meets a broken layout, then the error answer says print_layout_invalid with file and fields', () => {
    const file = path.join(tempDir(), 'programme.yaml');
    writeFileSync(file, minimal('texts: { allDay: 3 }'));
    assert.throws(
      () => withLayoutErrors(() => loadLayout(file)),
      (err: unknown) =>
        err instanceof AppError &&
        err.code === 'print_layout_invalid' &&
        err.status === 500 &&
        /programme\.yaml:\n {2}texts\.allDay: /.test(err.message),
    );
  });

  it('when a style names a font or colour the layout lacks, then the error lists what exists', () => {
    const file = path.join(tempDir(), 'refs.yaml');
    writeFileSync(
      file,
      minimal().replace(
        'font: regular, size: 9, colour: ink',
        'font: bold, size: 9, colour: paper',
      ),
    );
    assert.throws(
      () => loadLayout(file),
      /refs\.yaml:\n {2}styles\.body\.font: unknown font "bold"; the layout's fonts are: regular\n {2}styles\.body\.colour: unknown colour "paper"/,
    );
  });

  it('when a key is misspelt, then it is reported instead of ignored', () => {
    assert.throws(
      () => parseLayout(minimal('colorBars: []'), '/layouts/typo.yaml'),
      (err: unknown) =>
        err instanceof LayoutError &&
        /typo\.yaml/.test(err.message) &&
        /colorBars/.test(err.message),
    );
  });

  it('when the YAML itself is broken, then the error says so with the file name', () => {
    assert.throws(
      () => parseLayout('name: [unclosed', '/layouts/syntax.yaml'),
      /syntax\.yaml:\n {2}\(syntax\)/,
    );
  });

  it('when a placeholder names data the document does not have, then rendering stops with the field named', () => {
    const layout = parseLayout(
      minimal(
        `blocks: { t: { text: '{{evnt.name}}', style: body, box: { x: 10, y: 10, width: 50, height: 10 } } }`,
      ),
      '/layouts/typo.yaml',
    );
    assert.throws(
      () => new LayoutDocument(layout, { data: { thing: {} }, createdAt: new Date() }),
      /typo\.yaml:\n {2}blocks\.t\.text: unknown placeholder \{\{evnt\.name\}\}/,
    );
  });

  it('when text is longer than its box, then it ends in an ellipsis and the rest is not printed', async () => {
    const layout = parseLayout(
      minimal(
        `blocks: { t: { text: '{{thing.name}}', style: body, box: { x: 10, y: 10, width: 40, height: 30 }, maxLines: 2 } }`,
      ),
      '/layouts/fit.yaml',
    );
    const long =
      'Constanța İzmir Ålesund Písek Rijeka Bruges Burgas Rimini Cascais Thessaloniki Riga Vilnius FINALWORD';
    const text = await pdfText(await renderOnePage(layout, { thing: { name: long } }));
    assert.match(text, /Constanța İzmir/);
    assert.match(text, /…/);
    assert.doesNotMatch(text, /FINALWORD/);
  });

  it('when user text contains placeholder braces, then they are printed, not expanded', async () => {
    const layout = parseLayout(
      minimal(
        `blocks: { t: { text: '{{thing.name}}', style: body, box: { x: 10, y: 10, width: 80, height: 30 } } }`,
      ),
      '/layouts/braces.yaml',
    );
    const text = await pdfText(
      await renderOnePage(layout, { thing: { name: 'Say {{thing.secret}}', secret: 'leak' } }),
    );
    assert.match(text, /Say \{\{thing\.secret\}\}/);
  });

  it('when a postcard layout asks for bleed and crop marks, then the page grows around the trim and marks are printed outside it', async () => {
    const layout = parseLayout(
      minimal(`colourBars: [{ edge: top, thickness: 8, colour: ink }]`).replace(
        'page: { size: A6, margins: { top: 10, right: 10, bottom: 10, left: 10 } }',
        'page: { size: A6, orientation: landscape, bleed: 3, cropMarks: true, margins: { top: 10, right: 10, bottom: 10, left: 10 } }',
      ),
      '/layouts/postcard.yaml',
    );
    const pdf = await renderOnePage(layout, { thing: {} });
    const info = await pdfInfo(pdf);
    const slugMm = 3 + 2 + 5;
    const [width, height] = (info['Page size'] ?? '').split(' x ').map(parseFloat);
    assert.ok(Math.abs(width! - mmToPt(148 + 2 * slugMm)) < 0.5, `width ${width}`);
    assert.ok(Math.abs(height! - mmToPt(105 + 2 * slugMm)) < 0.5, `height ${height}`);
    assert.match(info.TrimBox ?? '', /^28\.35\s+28\.35\s+447\.87\s+325\.98/);

    // Marks are 0.25 pt hairlines: at 600 dpi they cover whole pixels even when anti-aliased.
    const dpi = 600;
    const [page] = await rasterisePdf(pdf, dpi);
    const dark = (xMm: number, yMm: number) => {
      const { x, y } = mmToPixels({ x: xMm, y: yMm, width: 0, height: 0 }, dpi);
      const i = (y * page!.width + x) * 4;
      return page!.data[i]! < 128;
    };
    // A horizontal crop mark left of the top-left trim corner, on the trim line…
    assert.ok(
      dark(2, slugMm) || dark(2, slugMm + 0.1) || dark(2, slugMm - 0.1),
      'crop mark at top left',
    );
    // …nothing at the outer corner itself, and the colour bar bleeds past the trim edge.
    assert.ok(!dark(1, 1), 'corner stays white');
    assert.ok(dark(slugMm + 20, slugMm - 1.5), 'colour bar runs into the bleed');
  });

  it('when the logo file exists it is placed, and when it is missing the document still prints', async () => {
    const dir = tempDir();
    const logoFile = path.join(dir, 'logo.png');
    writeFileSync(
      logoFile,
      await renderQrPng('https://forumkit.test/q/logo', { size: 200, margin: 1, ecl: 'M' }),
    );
    const withLogo = (file: string) =>
      parseLayout(
        minimal(`logo: { file: ${file}, x: 20, y: 20, width: 40 }`),
        path.join(dir, 'layout.yaml'),
      );

    const [drawn] = await rasterisePdf(await renderOnePage(withLogo('logo.png'), { thing: {} }));
    assert.equal(
      decodeQr(drawn!, mmToPixels({ x: 15, y: 15, width: 50, height: 50 })),
      'https://forumkit.test/q/logo',
    );

    const skipped = await renderOnePage(withLogo('missing.png'), { thing: {} });
    assert.equal((await pdfInfo(skipped)).Pages, '1');
  });

  it('when a layout is edited on disk, then the next load sees the change', () => {
    const file = path.join(tempDir(), 'live.yaml');
    writeFileSync(file, minimal());
    assert.equal(loadLayout(file).name, 'Test');
    const source = readFileSync(file, 'utf8').replace('name: Test', 'name: Edited');
    writeFileSync(file, source);
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    assert.equal(loadLayout(file).name, 'Edited');
  });

  it('when a QR code is drawn, then it decodes at print resolution', async () => {
    const layout = parseLayout(
      minimal(`qr: { code: { url: '{{thing.url}}', x: 20, y: 20, size: 25, ecl: H } }`),
      '/layouts/qr.yaml',
    );
    const [page] = await rasterisePdf(
      await renderOnePage(layout, { thing: { url: 'https://forumkit.test/q/Písek' } }),
    );
    assert.equal(decodeQr(page!), 'https://forumkit.test/q/Písek');
  });
});
