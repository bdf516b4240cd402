import type { Response } from 'express';
import { contentDisposition } from '../../lib/pdf';

/**
 * Streams a finished pdfkit document to the response: no temporary file, the bytes
 * go out as pdfkit produces them. Printouts carry names and rotas: not for shared caches.
 */
export function sendPdf(res: Response, doc: PDFKit.PDFDocument, fileName: string): void {
  res.status(200).set({
    'Content-Type': 'application/pdf',
    'Content-Disposition': contentDisposition(fileName),
    'Cache-Control': 'private, no-store',
  });
  doc.pipe(res);
}
