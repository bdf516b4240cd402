import assert from 'node:assert/strict';
import sharp from 'sharp';
import JSZip from 'jszip';
import request from 'supertest';
import { createLogger } from '../../../src/lib/logger';
import { seedDatabase } from '../../../seeds';
import { RIGA_QUOTE, realTables } from '../../../seeds/data/world-cafe';
import {
  listSessions,
  putOutcomes,
  putPhoto,
  putQuote,
  reviewSummary,
  saveSummaryDraft,
  submitSummary,
} from '../../../src/components/world-cafe';
import { buildWorldCafeSession, buildWorldCafeTable } from '../../helpers/factories/world-cafe';
import { getEventBySlug } from '../../../src/components/events';
import { buildTestApp, useTestApp } from '../../helpers/app';
import { signInAs } from '../../helpers/auth';
import { binaryBody, pdfImages, pdfText } from '../../helpers/pdf';
import { clearDatabase } from '../../helpers/hooks';

/** word/document.xml's text, read with an independent zip reader. */
async function docxText(docx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

const flipchart = (background: string) =>
  sharp({ create: { width: 1200, height: 900, channels: 3, background } })
    .jpeg()
    .toBuffer();

/**
 * Whitespace as one space and hyphens dropped: the PDF wraps lines after a hyphen and
 * pdftotext joins such words without it ("nature-based" → "naturebased").
 */
const squash = (text: string) => text.replace(/\s+/g, ' ').replace(/-\s*/g, '');

describe('world café: outcome report (PDF, DOCX, Markdown, JSON)', function () {
  const testApp = useTestApp(undefined, { clearBeforeEach: false });
  this.timeout(60_000);
  before(async () => {
    await clearDatabase();
    // The app registers the QR targets (kits, tables) the seeded codes lead to.
    await buildTestApp();
    await seedDatabase(createLogger('silent'));
  });

  async function sessionIds() {
    const real = (
      await listSessions((await getEventBySlug('2025-cities-mission-conference')).id)
    )[0]!;
    const demo = (await listSessions((await getEventBySlug('demo-expo')).id))[0]!;
    return { real: real.id, demo: demo.id };
  }

  it('when the seeded report is downloaded, then PDF and DOCX text contain the objectives, the published outcomes and the Riga quote', async () => {
    const { app } = testApp.built;
    const { real } = await sessionIds();
    const pdf = await request(app)
      .get(`/api/world-cafe/sessions/${real}/report.pdf`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const docx = await request(app)
      .get(`/api/world-cafe/sessions/${real}/report.docx`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const texts = {
      pdf: squash(await pdfText(pdf.body as Buffer)),
      docx: squash(await docxText(docx.body as Buffer)),
    };
    for (const [format, text] of Object.entries(texts)) {
      assert.ok(text.includes('Urban Planning and Design for Climate Impact'), format);
      assert.ok(text.includes('Urban Planning and Design Cluster'), format);
      for (const table of realTables) {
        for (const objective of table.objectives ?? [])
          assert.ok(text.includes(squash(objective)), `${format}: ${objective}`);
        for (const outcome of table.summary!.keyOutcomes)
          assert.ok(text.includes(squash(outcome)), `${format}: ${outcome}`);
      }
      assert.ok(text.includes(RIGA_QUOTE.text), format);
      assert.ok(text.includes('a representative from the City of Riga'), format);
    }
    const md = await request(app).get(`/api/world-cafe/sessions/${real}/report.md`).expect(200);
    assert.match(md.text, /^# World Café: Urban Planning and Design for Climate Impact/);
    assert.match(
      md.text,
      /Collecting insights, lessons learned, and actions on Thessaloniki's challenges/,
    );
    const json = await request(app).get(`/api/world-cafe/sessions/${real}/report.json`).expect(200);
    assert.equal(json.body.tables.length, 3);
  });

  it('when a report has unpublished work and unconsented quotes, then no output contains them and the public cannot download it', async () => {
    const { app } = testApp.built;
    const { authHeader } = await signInAs(app, 'admin');
    const { demo } = await sessionIds();
    // Nothing published yet: closed to the public in every format.
    const unpublished = await buildWorldCafeSession({ title: 'Nothing published yet' });
    await buildWorldCafeTable({ sessionId: unpublished.id });
    for (const format of ['pdf', 'docx', 'md', 'json']) {
      const closed = await request(app)
        .get(`/api/world-cafe/sessions/${unpublished.id}/report.${format}`)
        .expect(404);
      assert.equal(closed.body.code, 'report_not_published');
    }
    // The demo café has one published table (public) beside a draft and an unconsented quote.
    const publicPdf = await request(app)
      .get(`/api/world-cafe/sessions/${demo}/report.pdf`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const publicText = await pdfText(publicPdf.body as Buffer);
    assert.ok(!publicText.includes('never reads these reports'), 'unconsented quote leaked');
    assert.ok(!publicText.includes('Draft (demo)'), 'draft summary leaked');
    assert.ok(squash(publicText).includes(squash('Shops take back what they sell (demo)')));
    const pdf = await request(app)
      .get(`/api/world-cafe/sessions/${demo}/report.pdf`)
      .set(authHeader)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const docx = await request(app)
      .get(`/api/world-cafe/sessions/${demo}/report.docx`)
      .set(authHeader)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const md = await request(app)
      .get(`/api/world-cafe/sessions/${demo}/report.md`)
      .set(authHeader)
      .expect(200);
    const json = await request(app)
      .get(`/api/world-cafe/sessions/${demo}/report.json`)
      .set(authHeader)
      .expect(200);
    for (const text of [
      await pdfText(pdf.body as Buffer),
      await docxText(docx.body as Buffer),
      md.text,
      JSON.stringify(json.body),
    ]) {
      assert.ok(!text.includes('never reads these reports'), 'unconsented quote leaked');
      assert.ok(!text.includes('Draft (demo)'), 'draft summary leaked');
    }
    for (const text of [
      await pdfText(pdf.body as Buffer),
      await docxText(docx.body as Buffer),
      md.text,
    ]) {
      assert.ok(squash(text.replace(/\\/g, '')).includes('Outcomes not yet published.'));
    }
  });

  it('when notes, quotes, outcomes and the summary contain HTML and script, then the PDF and DOCX show them as text', async () => {
    const { app } = testApp.built;
    const { authHeader } = await signInAs(app, 'admin');
    const session = await buildWorldCafeSession({ title: 'Markup <i>café</i>' });
    const table = await buildWorldCafeTable({ sessionId: session.id });
    const script = '<script>alert("x")</script>';
    const image = '<img src=x onerror=alert(1)>';
    await putOutcomes(table.id, { baseVersion: 0, items: [{ text: `Outcome ${image}` }] });
    const quote = await putQuote(table.id, 'quote-markup-01', {
      text: `Quote ${script} & more`,
      consent: true,
    });
    await saveSummaryDraft(table.id, {
      text: `Summary <b>bold</b> ${script}`,
      quoteIds: [quote.value.id],
    });
    await submitSummary(table.id);
    await reviewSummary(table.id, 'publish', undefined);
    const get = (format: string) =>
      request(app)
        .get(`/api/world-cafe/sessions/${session.id}/report.${format}`)
        .set(authHeader)
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
    const pdf = (await pdfText((await get('pdf')).body as Buffer)).replace(/\s+/g, ' ');
    const docxBytes = (await get('docx')).body as Buffer;
    const docx = await docxText(docxBytes);
    const xml = await (await JSZip.loadAsync(docxBytes)).file('word/document.xml')!.async('string');
    for (const [format, text] of [
      ['pdf', pdf],
      ['docx', docx],
    ] as const) {
      assert.ok(text.includes('Markup <i>café</i>'), `${format}: title as text`);
      assert.ok(text.includes(`Outcome ${image}`), `${format}: outcome as text`);
      assert.ok(text.includes(`Quote ${script} & more`), `${format}: quote as text`);
      assert.ok(text.includes(`Summary <b>bold</b> ${script}`), `${format}: summary as text`);
    }
    assert.ok(!xml.includes('<script>') && !xml.includes('<img'), 'no markup inside the XML');
    assert.ok(xml.includes('&lt;script&gt;'), 'escaped into the XML');
  });

  it('when a summary with a chosen photo is published, then the report page shows its thumbnail to anyone, the PDF and DOCX have it, and unchosen photos stay closed', async () => {
    const { app } = testApp.built;
    const { authHeader } = await signInAs(app, 'admin');
    const session = await buildWorldCafeSession({ title: 'Photo café' });
    const table = await buildWorldCafeTable({ sessionId: session.id });
    const chosen = await putPhoto(table.id, 'photo-report-01', {
      data: await flipchart('#ffeecc'),
      caption: 'Flipchart <b>round 1</b>',
      round: 1,
    });
    const other = await putPhoto(table.id, 'photo-report-02', {
      data: await flipchart('#ccddee'),
      round: 2,
    });
    await saveSummaryDraft(table.id, { text: 'With a photo', photoIds: [chosen.value.id] });
    await submitSummary(table.id);
    // Chosen but not yet published: closed to visitors.
    const early = await request(app).get(chosen.value.thumbnailUrl).expect(401);
    assert.equal(early.body.code, 'capability_required');
    await reviewSummary(table.id, 'publish', undefined);

    const page = await request(app).get(`/world-cafe/sessions/${session.id}/report`).expect(200);
    assert.ok(page.text.includes(`<img src="${chosen.value.thumbnailUrl}"`), 'thumbnail shown');
    assert.ok(page.text.includes('alt="Flipchart &lt;b&gt;round 1&lt;/b&gt;"'), 'caption as text');
    assert.ok(!page.text.includes(other.value.id), 'an unchosen photo is not on the page');
    const thumb = await request(app)
      .get(chosen.value.thumbnailUrl)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    assert.equal(thumb.headers['content-type'], 'image/jpeg');
    const meta = await sharp(thumb.body as Buffer).metadata();
    assert.ok(meta.width! <= 480 && meta.height! <= 480, 'a thumbnail');
    await request(app).get(chosen.value.url).expect(200);
    const closed = await request(app).get(other.value.thumbnailUrl).expect(401);
    assert.equal(closed.body.code, 'capability_required');

    const pdf = await request(app)
      .get(`/api/world-cafe/sessions/${session.id}/report.pdf`)
      .set(authHeader)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const images = (await pdfImages(pdf.body as Buffer)).map(({ width, height }) => ({
      width,
      height,
    }));
    assert.deepEqual(images, [{ width: 480, height: 360 }], 'one thumbnail, the chosen photo');
    const docx = await request(app)
      .get(`/api/world-cafe/sessions/${session.id}/report.docx`)
      .set(authHeader)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const zip = await JSZip.loadAsync(docx.body as Buffer);
    const media = zip.file(/^word\/media\//);
    assert.equal(media.length, 1, 'one image in the DOCX');
    const embedded = await sharp(await media[0]!.async('nodebuffer')).metadata();
    assert.deepEqual([embedded.format, embedded.width, embedded.height], ['jpeg', 480, 360]);
    assert.ok((await docxText(docx.body as Buffer)).includes('Flipchart <b>round 1</b>'));
  });
});
