import express, { Router, type Request } from 'express';
import type { AppContext } from '../../lib/context';
import { AppError } from '../../lib/errors';
import type { PageRenderer } from '../../lib/http/pages';
import { toFieldProblems } from '../../lib/http/validate';
import { getProject } from '../events';
import { getResource } from '../qr';
import {
  claimForm,
  claimRequestForm,
  completeClaim,
  openClaim,
  requestClaim,
} from './claims.service';
import { CONSENT_TEXTS, CONSENT_TEXT_VERSION } from './consent';
import { takeKitFormAllowance, visitorFormKey } from './form-limits';
import { KitTypeModel } from './kit-type.model';
import { KitModel, type KitDoc } from './kit.model';
import { kitPagePath, PLAY_SETTING_LABELS } from './kits.presenter';
import { readPlayReportUpload } from './photo-upload';
import { PLAY_SETTINGS } from './play-report.model';
import { createPlayReport, listPlayReports, playReportForm } from './play-reports.service';
import { knownMailToken, unsubscribe } from './follow-ups.service';
import { z } from 'zod';
import { param } from '../../lib/http/params';

const STYLES = ['/static/css/kits.css'];

async function findKit(serial: unknown): Promise<KitDoc> {
  const text = typeof serial === 'string' ? serial.toUpperCase() : '';
  const kit = /^[A-Z]{2,8}-\d{4,}$/.test(text)
    ? await KitModel.findOne({ serial: text }).lean<KitDoc>()
    : null;
  if (!kit) throw new AppError('kit_not_found', 'There is no kit with this code', 404);
  return kit;
}

type FormAllowance = (req: Request, form: string) => Promise<void>;

/** How often one visitor may send a kit form (the key holds no IP, only a daily hash of it). */
function formAllowance(context: AppContext): FormAllowance {
  return async (req, form) => {
    await takeKitFormAllowance(
      `${form}:${visitorFormKey(context.config.sessionSecret, req.ip ?? '', context.clock())}`,
      context.clock(),
    );
  };
}

/**
 * The kit's public page (where the box's QR code leads): the game, how to play, how to
 * report a play, and how to register the kit. It never shows who has the kit.
 */
export function createKitPublicPages(context: AppContext, render: PageRenderer): Router {
  const router = Router();
  const allowance = formAllowance(context);
  mountKitPage(router, context, render, allowance);
  mountClaimPages(router, context, render, allowance);
  mountUnsubscribePages(router, context, render);
  return router;
}

/** The kit page and its play report form. */
function mountKitPage(
  router: Router,
  context: AppContext,
  render: PageRenderer,
  allowance: FormAllowance,
): void {
  const showKit = async (
    req: Request,
    res: express.Response,
    kit: KitDoc,
    extra: Record<string, unknown> = {},
    status = 200,
  ) => {
    const kitType = await KitTypeModel.findById(kit.kitTypeId).lean();
    if (!kitType) throw new AppError('kit_not_found', 'There is no kit with this code', 404);
    const project = kitType.projectId
      ? await getProject(kitType.projectId.toString()).catch(() => undefined)
      : undefined;
    const resource = kitType.resourceId
      ? await getResource(kitType.resourceId.toString()).catch(() => undefined)
      : undefined;
    const plays = await listPlayReports({ kitId: kit._id.toString() });
    render(
      req,
      res,
      'kits/kit-public',
      {
        title: kitType.name,
        styles: STYLES,
        kit: { serial: kit.serial },
        kitType: { name: kitType.name, description: kitType.description },
        project: project && { acronym: project.acronym },
        instructions: kitType.instructionsUrl ?? resource?.pagePath,
        plays: plays.length,
        players: plays.reduce((sum, p) => sum + p.players, 0),
        settings: PLAY_SETTINGS.map((value) => ({ value, label: PLAY_SETTING_LABELS[value] })),
        today: context.clock().toISOString().slice(0, 10),
        form: {},
        ...extra,
      },
      status,
    );
  };

  router.get('/k/:serial', async (req, res, next) => {
    try {
      await showKit(req, res, await findKit(req.params.serial));
    } catch (err) {
      next(err);
    }
  });

  router.post('/k/:serial/plays', async (req, res, next) => {
    try {
      const kit = await findKit(req.params.serial);
      const { fields, photo } = await readPlayReportUpload(req);
      const parsed = playReportForm.safeParse(fields);
      if (!parsed.success)
        return await showKit(
          req,
          res,
          kit,
          { problems: toFieldProblems(parsed.error), form: fields },
          400,
        );
      const back = kitPagePath(kit.serial);
      if (!parsed.data.website) {
        await allowance(req, 'play');
        await createPlayReport(kit, parsed.data, context.clock(), photo);
      }
      render(req, res, 'kits/kit-message', {
        title: 'Thank you',
        styles: STYLES,
        heading: 'Thank you for your report',
        message: 'Your play report is saved. It helps the cluster see where the game is used.',
        back,
      });
    } catch (err) {
      next(err);
    }
  });
}

/** Registering a kit: asking for a link by e-mail, then the form behind the link. */
function mountClaimPages(
  router: Router,
  context: AppContext,
  render: PageRenderer,
  allowance: FormAllowance,
): void {
  const base = () => context.config.publicBaseUrl;
  router.post(
    '/k/:serial/claim',
    express.urlencoded({ extended: false, limit: '8kb' }),
    async (req, res, next) => {
      try {
        const kit = await findKit(req.params.serial);
        const parsed = claimRequestForm.safeParse(req.body ?? {});
        if (!parsed.success)
          throw new AppError('validation_failed', 'Please give a valid e-mail address', 400, {
            errors: toFieldProblems(parsed.error),
          });
        if (!parsed.data.website) {
          await allowance(req, 'claim');
          await requestClaim(kit, parsed.data.email, context.clock(), base());
        }
        // The same answer whether or not the kit is anyone's: the page reveals no holder.
        render(req, res, 'kits/kit-message', {
          title: 'Check your e-mail',
          styles: STYLES,
          heading: 'Check your e-mail',
          message:
            'If this kit can be registered, we have sent a link to the address of its recipient. The link works once, for 7 days.',
          back: kitPagePath(kit.serial),
        });
      } catch (err) {
        next(err);
      }
    },
  );

  router.get('/k/claim/:token', async (req, res, next) => {
    try {
      const { link, handOut, recipient, kit } = await openClaim(
        param(req, 'token', z.string()),
        context.clock(),
      );
      const kitType = kit ? await KitTypeModel.findById(kit.kitTypeId).lean() : null;
      render(req, res, 'kits/kit-claim', {
        title: 'Your kit',
        styles: STYLES,
        token: req.params.token,
        serial: kit?.serial,
        kitTypeName: kitType?.name ?? 'game',
        recipient: recipient ?? {},
        email: link.email,
        followUp: handOut.consents.followUp.given,
        newsletter: handOut.consents.newsletter.given,
        consentTexts: CONSENT_TEXTS[CONSENT_TEXT_VERSION],
      });
    } catch (err) {
      next(err);
    }
  });

  router.post(
    '/k/claim/:token',
    express.urlencoded({ extended: false, limit: '8kb' }),
    async (req, res, next) => {
      try {
        await allowance(req, 'claim');
        const parsed = claimForm.safeParse(req.body ?? {});
        if (!parsed.success)
          throw new AppError('validation_failed', 'Please check the details', 400, {
            errors: toFieldProblems(parsed.error),
          });
        await completeClaim(param(req, 'token', z.string()), parsed.data, context.clock());
        render(req, res, 'kits/kit-message', {
          title: 'Saved',
          styles: STYLES,
          heading: 'Your details are saved',
          message:
            'Thank you. The kit is registered to you. You can report plays on the kit page at any time.',
        });
      } catch (err) {
        next(err);
      }
    },
  );
}

/** Leaving the follow-up e-mails. */
function mountUnsubscribePages(router: Router, context: AppContext, render: PageRenderer): void {
  // One-click unsubscribe (RFC 8058): mail clients POST `List-Unsubscribe=One-Click`;
  // people get a page with a button first (link scanners only GET, so they unsubscribe nobody).
  router.get('/k/unsubscribe/:token', async (req, res, next) => {
    try {
      if (!(await knownMailToken(param(req, 'token', z.string()))))
        throw new AppError('link_invalid', 'This unsubscribe link is not known', 404);
      render(req, res, 'kits/kit-unsubscribe', {
        title: 'Unsubscribe',
        styles: STYLES,
        token: req.params.token,
      });
    } catch (err) {
      next(err);
    }
  });
  router.post(
    '/k/unsubscribe/:token',
    express.urlencoded({ extended: false, limit: '1kb' }),
    async (req, res, next) => {
      try {
        await unsubscribe(param(req, 'token', z.string()), context.clock());
        render(req, res, 'kits/kit-unsubscribe', {
          title: 'Unsubscribed',
          styles: STYLES,
          done: true,
        });
      } catch (err) {
        next(err);
      }
    },
  );
}
