import express, { type Request } from 'express';
import { actorOf } from '../../lib/http/policy';
import { parseId } from '../../lib/http/validate';
import { MEDIA_LIMITS } from './media.service';
import { postcardPolicy, resourcePolicy, scopeOfContent } from './policies';
import { getPostcard } from './postcards.service';
import { allow, comms, type RegistryRoutes } from './registry.access';
import { getResource } from './resources.service';
import { setPostcardFrontImage, setResourceCover, setResourceDocument } from './uploads.service';

/** Upload bodies arrive raw; their bytes, not this header, decide what they are. */
const rawBody = (limit: number) => express.raw({ type: () => true, limit });
const uploadBody = (req: Request): Buffer =>
  Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);

const image = {
  mediaType: 'application/json',
  description:
    'The updated item. Body: the image bytes (JPEG, PNG or WebP; at most 8 MB; SVG refused).',
};

/** The files of the registry: a resource's cover and PDF, a postcard's front image. */
export function mountUploadRoutes({ api }: RegistryRoutes): void {
  api.route(
    'put',
    '/resources/:id/cover',
    {
      summary:
        'Upload the cover image of a resource (resized, metadata stripped, stored in the database)',
      guards: [...comms, rawBody(MEDIA_LIMITS.imageBytes)],
      security: 'organiser',
      response: image,
    },
    async (req, res) => {
      const resource = await getResource(parseId(req, 'Resource'));
      allow(actorOf(req), resourcePolicy, 'update', scopeOfContent(resource));
      res.json(await setResourceCover(resource.id, uploadBody(req)));
    },
  );
  api.route(
    'put',
    '/resources/:id/document',
    {
      summary: 'Upload the PDF of a resource (checked by content; at most 25 MB)',
      description: 'Body: the PDF bytes. `?fileName=` names the download.',
      guards: [...comms, rawBody(MEDIA_LIMITS.pdfBytes)],
      security: 'organiser',
    },
    async (req, res) => {
      const resource = await getResource(parseId(req, 'Resource'));
      allow(actorOf(req), resourcePolicy, 'update', scopeOfContent(resource));
      const fileName = typeof req.query.fileName === 'string' ? req.query.fileName : '';
      res.json(await setResourceDocument(resource.id, uploadBody(req), fileName));
    },
  );
  api.route(
    'put',
    '/postcards/:id/front',
    {
      summary: 'Upload the front image of a postcard (resized, metadata stripped)',
      guards: [...comms, rawBody(MEDIA_LIMITS.imageBytes)],
      security: 'organiser',
      response: image,
    },
    async (req, res) => {
      const postcard = await getPostcard(parseId(req, 'Postcard'));
      allow(actorOf(req), postcardPolicy, 'update', scopeOfContent(postcard));
      res.json(await setPostcardFrontImage(postcard.id, uploadBody(req)));
    },
  );
}
