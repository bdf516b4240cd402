import express, { Router } from 'express';
import path from 'node:path';
import type { AppContext } from '../../lib/context';
import { requireSignedInPage } from '../../lib/http/access';
import { actorOf, guardBy } from '../../lib/http/policy';
import { handOutPolicy, inventoryPolicy } from './policies';
import type { PageRenderer } from '../../lib/http/pages';
import { listEvents } from '../events';
import { CONSENT_TEXTS, CONSENT_TEXT_VERSION } from './consent';
import { listKitTypes } from './kit-types.service';

const vendor = (pkg: string) => path.dirname(require.resolve(`${pkg}/package.json`));

/** The stand's hand-out page, and the QR decoder it falls back on, served from node_modules. */
export function createHandOutPages(context: AppContext, render: PageRenderer): Router {
  const router = Router();
  router.use(
    '/static/vendor/jsqr',
    express.static(path.join(vendor('jsqr'), 'dist'), { maxAge: '1d' }),
  );

  router.get(
    '/kits/hand-out',
    requireSignedInPage,
    guardBy((actor) => inventoryPolicy.may(actor, 'organise', {}), {}),
    async (req, res) => {
      const [kitTypes, events] = await Promise.all([
        listKitTypes(),
        listEvents({
          page: 1,
          limit: 100,
          sort: 'startDate',
          // Events still on (or starting): the stand's choices.
          from: new Date(context.clock().getTime() - 86_400_000).toISOString().slice(0, 10),
        }),
      ]);
      // The stand records hand-outs only at the events the actor manages.
      const mine = events.items.filter((e) =>
        handOutPolicy.may(actorOf(req), 'record', { eventId: e.id }),
      );
      const chosen = typeof req.query.eventId === 'string' ? req.query.eventId : mine[0]?.id;
      render(req, res, 'kits/hand-out', {
        title: 'Hand out a kit',
        styles: ['/static/css/kits.css'],
        scripts: ['/static/vendor/jsqr/jsQR.js'],
        modules: ['/static/js/kits/hand-out.js'],
        kitTypes,
        events: mine.map((e) => ({ id: e.id, name: e.name, selected: e.id === chosen })),
        consentVersion: CONSENT_TEXT_VERSION,
        consentTexts: CONSENT_TEXTS[CONSENT_TEXT_VERSION],
      });
    },
  );
  return router;
}
