import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, TextRun } from 'docx';
import PDFDocument from 'pdfkit';
import { fontData, pdfToBuffer } from '../../lib/pdf';
import type { SessionReport } from './report-data.service';

/**
 * The outcome report in three formats from one SessionReport. Only published
 * summaries and consented quotes are in a SessionReport, so none of these can leak an
 * unconsented quote. User text is written as text: pdfkit draws it literally, docx
 * escapes it into XML, Markdown escapes its control characters.
 */

type Section = {
  heading: string;
  lines: { kind: 'text' | 'item' | 'quote' | 'label'; text: string }[];
};

function sections(report: SessionReport): Section[] {
  const out: Section[] = [];
  for (const table of report.tables) {
    const lines: Section['lines'] = [];
    if (table.leadProject)
      lines.push({
        kind: 'label',
        text: `Lead project: ${table.leadProject.name} (${table.leadProject.acronym})`,
      });
    lines.push({ kind: 'label', text: 'Objectives' });
    table.objectives.forEach((o) => lines.push({ kind: 'item', text: o }));
    if (table.published) {
      if (table.published.summary) lines.push({ kind: 'text', text: table.published.summary });
      lines.push({ kind: 'label', text: 'Key outcomes' });
      table.published.keyOutcomes.forEach((o) =>
        lines.push({ kind: 'item', text: o.votes ? `${o.text} (${o.votes} votes)` : o.text }),
      );
      table.published.quotes.forEach((q) =>
        lines.push({ kind: 'quote', text: `“${q.text}” — ${q.attribution}` }),
      );
    } else {
      lines.push({ kind: 'text', text: 'Outcomes not yet published.' });
    }
    out.push({
      heading: `Table ${table.number}${table.leadProject ? ` · ${table.leadProject.acronym}` : ''}`,
      lines,
    });
  }
  const { synthesis } = report.session;
  if (synthesis.publishedAt) {
    const lines: Section['lines'] = [];
    if (synthesis.text) lines.push({ kind: 'text', text: synthesis.text });
    if (synthesis.themes.length) lines.push({ kind: 'label', text: 'Recurring themes' });
    synthesis.themes.forEach((t) => lines.push({ kind: 'item', text: t }));
    if (synthesis.nextSteps.length) lines.push({ kind: 'label', text: 'Next steps' });
    synthesis.nextSteps.forEach((t) => lines.push({ kind: 'item', text: t }));
    out.push({ heading: 'Synthesis', lines });
  }
  return out;
}

function cover(report: SessionReport): string[] {
  return [
    report.event.name,
    ...(report.clusters.length ? [report.clusters.join(', ')] : []),
    ...(report.session.room ? [report.session.room] : []),
  ];
}

export function reportTitle(report: SessionReport): string {
  return `World Café: ${report.session.title}`;
}

/** Markdown with user text escaped (no links, HTML or emphasis can be smuggled in). */
export function renderReportMarkdown(report: SessionReport): string {
  const esc = (text: string) =>
    text.replace(/([\\`*_{}[\]()#+\-.!|<>~])/g, '\\$1').replace(/\n+/g, ' ');
  const out = [`# ${esc(reportTitle(report))}`, '', ...cover(report).map((l) => `${esc(l)}  `), ''];
  for (const q of report.sessionQuotes) out.push(`> “${esc(q.text)}” — ${esc(q.attribution)}`, '');
  for (const section of sections(report)) {
    out.push(`## ${esc(section.heading)}`, '');
    for (const line of section.lines) {
      if (line.kind === 'item') out.push(`- ${esc(line.text)}`);
      else if (line.kind === 'quote') out.push('', `> ${esc(line.text)}`, '');
      else if (line.kind === 'label') out.push('', `**${esc(line.text)}**`, '');
      else out.push('', esc(line.text), '');
    }
    out.push('');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/** The report as JSON: the same content, structured. */
export function renderReportJson(report: SessionReport) {
  return {
    title: reportTitle(report),
    event: report.event,
    clusters: report.clusters,
    session: {
      id: report.session.id,
      title: report.session.title,
      room: report.session.room,
      start: report.session.start,
      end: report.session.end,
      allDay: report.session.allDay,
    },
    quotes: report.sessionQuotes.map((q) => ({ text: q.text, attribution: q.attribution })),
    tables: report.tables.map((t) => ({
      number: t.number,
      leadProject: t.leadProject,
      objectives: t.objectives,
      published: t.published && {
        summary: t.published.summary,
        keyOutcomes: t.published.keyOutcomes,
        quotes: t.published.quotes.map((q) => ({ text: q.text, attribution: q.attribution })),
        photos: t.published.photos.map((p) => ({ id: p.id, caption: p.caption })),
      },
    })),
    synthesis: report.session.synthesis.publishedAt ? report.session.synthesis : undefined,
  };
}

/** A photo's size in the DOCX (points as docx counts them, 240 × 180 at most, its own proportions). */
function docxSize(photo: { width: number; height: number }) {
  const scale = Math.min(240 / photo.width, 180 / photo.height, 1);
  return {
    width: Math.max(1, Math.round(photo.width * scale)),
    height: Math.max(1, Math.round(photo.height * scale)),
  };
}

export async function renderReportDocx(
  report: SessionReport,
  thumbnails: Map<string, Buffer> = new Map(),
): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ text: reportTitle(report), heading: HeadingLevel.TITLE }),
    ...cover(report).map((line) => new Paragraph({ children: [new TextRun(line)] })),
    ...report.sessionQuotes.map(
      (q) =>
        new Paragraph({
          children: [new TextRun({ text: `“${q.text}” — ${q.attribution}`, italics: true })],
        }),
    ),
  ];
  for (const [index, section] of sections(report).entries()) {
    children.push(new Paragraph({ text: section.heading, heading: HeadingLevel.HEADING_1 }));
    for (const line of section.lines) {
      if (line.kind === 'item')
        children.push(new Paragraph({ text: line.text, bullet: { level: 0 } }));
      else if (line.kind === 'label')
        children.push(new Paragraph({ text: line.text, heading: HeadingLevel.HEADING_2 }));
      else if (line.kind === 'quote')
        children.push(
          new Paragraph({
            children: [new TextRun({ text: line.text, italics: true })],
            alignment: AlignmentType.LEFT,
          }),
        );
      else children.push(new Paragraph({ children: [new TextRun(line.text)] }));
    }
    // The chosen photos' thumbnails, as in the PDF.
    for (const photo of report.tables[index]?.published?.photos ?? []) {
      const image = thumbnails.get(photo.id);
      if (!image) continue;
      children.push(
        new Paragraph({
          children: [new ImageRun({ type: 'jpg', data: image, transformation: docxSize(photo) })],
        }),
      );
      if (photo.caption) children.push(new Paragraph({ children: [new TextRun(photo.caption)] }));
    }
  }
  const doc = new Document({
    creator: 'forumkit',
    title: reportTitle(report),
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

/** A4 PDF: cover (session, event, cluster), then per table and the synthesis; photo thumbnails when given. */
export async function renderReportPdf(
  report: SessionReport,
  thumbnails: Map<string, Buffer>,
  createdAt: Date,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: reportTitle(report), Creator: 'forumkit', CreationDate: createdAt },
    displayTitle: true,
  });
  doc.registerFont('body', fontData('DejaVuSans'));
  doc.registerFont('bold', fontData('DejaVuSans-Bold'));
  doc.registerFont('italic', fontData('DejaVuSans-Oblique'));
  const done = pdfToBuffer(doc);
  doc.font('bold').fontSize(22).text(reportTitle(report));
  doc.moveDown(0.5);
  doc.font('body').fontSize(13);
  cover(report).forEach((line) => doc.text(line));
  doc.moveDown();
  for (const q of report.sessionQuotes)
    doc.font('italic').fontSize(12).text(`“${q.text}” — ${q.attribution}`).moveDown(0.5);
  for (const [index, section] of sections(report).entries()) {
    doc.addPage();
    doc.font('bold').fontSize(17).text(section.heading).moveDown(0.5);
    for (const line of section.lines) {
      if (line.kind === 'label') doc.moveDown(0.3).font('bold').fontSize(12).text(line.text);
      else if (line.kind === 'item')
        doc.font('body').fontSize(11).text(`• ${line.text}`, { indent: 10 });
      else if (line.kind === 'quote') doc.moveDown(0.3).font('italic').fontSize(11).text(line.text);
      else doc.moveDown(0.3).font('body').fontSize(11).text(line.text);
    }
    const table = report.tables[index];
    const photos = table?.published?.photos ?? [];
    for (const photo of photos) {
      const image = thumbnails.get(photo.id);
      if (!image) continue;
      doc.moveDown(0.5).image(image, { fit: [200, 150] });
      if (photo.caption) doc.font('body').fontSize(9).text(photo.caption);
    }
  }
  doc.end();
  return done;
}
