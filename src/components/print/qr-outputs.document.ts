import { LayoutDocument, requireParts, type Box, type Layout } from '../../lib/pdf';
import { formatGeneratedAt } from './formatting';

/**
 * QR posters and city postcards: documents of the QR registry's things. Callers
 * pass plain values (texts, the URL each QR encodes, image bytes); the layouts in
 * templates/print decide the look.
 */
export type PosterData = {
  title: string;
  code: string;
  project: string;
  kind: string;
  date: string;
  qrUrl: string;
  shortAddress: string;
  cover?: Buffer;
};

/** One page per poster (A4 or A3 layout): cover, title, project, a large QR code, the short address. */
export function renderPosterDocument(
  layout: Layout,
  posters: readonly PosterData[],
  options: { now: Date; timeZone: string },
): PDFKit.PDFDocument {
  requireParts(layout, {
    regions: ['cover'],
    blocks: ['eyebrow', 'title', 'meta', 'address', 'hint'],
    qr: ['poster'],
  });
  const document = new LayoutDocument(layout, {
    data: {
      generatedAt: formatGeneratedAt(options.now, options.timeZone),
      timeZone: options.timeZone,
    },
    createdAt: options.now,
    perElementRoots: ['poster'],
  });
  for (const poster of posters) {
    document.addPage();
    const extra = { poster: { ...poster, cover: undefined } };
    for (const name of ['eyebrow', 'title', 'meta', 'address', 'hint'])
      document.drawBlock(layout.blocks[name]!, extra);
    if (poster.cover) drawImage(document, poster.cover, layout.regions.cover!, 'fit');
    document.drawQr(layout.qr.poster!, extra);
  }
  document.end();
  return document.doc;
}

export type PostcardData = {
  city: string;
  country: string;
  project: string;
  story: string;
  qrUrl: string;
  shortAddress: string;
  front?: Buffer;
};

/**
 * The postcards print run: for each card a front (picture to the bleed edge, or the
 * city's name on the brand colour without one) and a back, so a duplex printer puts
 * each back behind its front. Crop marks and bleed come from the layout.
 */
export function renderPostcardsDocument(
  layout: Layout,
  cards: readonly PostcardData[],
  options: { now: Date },
): PDFKit.PDFDocument {
  requireParts(layout, {
    regions: ['front'],
    blocks: ['frontCity', 'frontCountry', 'city', 'project', 'story', 'address'],
    qr: ['card'],
  });
  const document = new LayoutDocument(layout, {
    data: {},
    createdAt: options.now,
    perElementRoots: ['card'],
  });
  const bleed = layout.page.bleed;
  for (const card of cards) {
    const extra = { card: { ...card, front: undefined } };
    document.addPage();
    const region = layout.regions.front!;
    const toBleed: Box = {
      x: region.x - bleed,
      y: region.y - bleed,
      width: region.width + 2 * bleed,
      height: region.height + 2 * bleed,
    };
    if (card.front) drawImage(document, card.front, toBleed, 'cover');
    else {
      const t = document.trim;
      document.doc
        .save()
        .rect(t.x + toBleed.x, t.y + toBleed.y, toBleed.width, toBleed.height)
        .fill('#1d5c63')
        .restore();
    }
    if (!card.front) {
      document.drawBlock(layout.blocks.frontCity!, extra);
      document.drawBlock(layout.blocks.frontCountry!, extra);
    }
    document.addPage();
    for (const name of ['city', 'project', 'story', 'address'])
      document.drawBlock(layout.blocks[name]!, extra);
    document.drawQr(layout.qr.card!, extra);
  }
  document.end();
  return document.doc;
}

/** An image in a region of the trimmed page: kept whole ('fit') or filling it, clipped ('cover'). */
function drawImage(document: LayoutDocument, bytes: Buffer, region: Box, mode: 'fit' | 'cover') {
  const { doc, trim } = document;
  const box = {
    x: trim.x + region.x,
    y: trim.y + region.y,
    width: region.width,
    height: region.height,
  };
  try {
    doc.save();
    if (mode === 'cover') {
      doc.rect(box.x, box.y, box.width, box.height).clip();
      doc.image(bytes, box.x, box.y, {
        cover: [box.width, box.height],
        align: 'center',
        valign: 'center',
      });
    } else {
      doc.image(bytes, box.x, box.y, {
        fit: [box.width, box.height],
        align: 'center',
        valign: 'center',
      });
    }
  } finally {
    doc.restore();
  }
}
