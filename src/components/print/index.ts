import { Router } from 'express';
import { noStreams, nothingToStop, type Component } from '../../lib/component';
import type { AppContext } from '../../lib/context';
import { createPrintApiRouter } from './print.routes';
import { createStandPrintApiRouter } from './stand-print.routes';

/**
 * The print component: PDF documents drawn from layouts in templates/print. Other
 * components render their own printables with `loadPrintLayout` + the building blocks
 * in src/lib/pdf, or label runs with `renderLabelSheetPdf`, and answer with `sendPdf`.
 */
export type PrintComponent = Component<{ main: Router }, Record<string, never>>;

/** Needs no ports. */
export function createPrintComponent(context: AppContext): PrintComponent {
  const main = Router()
    .use('/api', createPrintApiRouter(context))
    .use('/api', createStandPrintApiRouter(context));
  return { routers: { main }, ports: {}, jobs: [], endStreams: noStreams, stop: nothingToStop };
}

export {
  renderLabelSheetPdf,
  shortLinkLabels,
  type LabelSheetRequest,
  type PrintLabel,
} from './labels.document';
export { loadPrintLayout, PRINT_TEMPLATES_DIR } from './print-layouts';
export {
  renderEventProgramme,
  renderEventProgrammePdf,
  renderQrLabels,
  withLayoutErrors,
  type RenderedPdf,
} from './print.service';
export {
  renderProgrammeDocument,
  toProgrammeEvent,
  type ProgrammeEvent,
} from './programme.document';
export { sendPdf } from './send-pdf';
export {
  renderPostcardsDocument,
  renderPosterDocument,
  type PostcardData,
  type PosterData,
} from './qr-outputs.document';
export { renderResourcePoster, renderPostcardsRun } from './print.service';
export { formatDateRange, formatGeneratedAt, formatTimeRange } from './formatting';
export { renderStandRota, renderStandProgramme, renderPackingList } from './stand-print.service';
