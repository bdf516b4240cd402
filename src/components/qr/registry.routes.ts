import type { Router } from 'express';
import type { AppContext } from '../../lib/context';
import { ApiRouter } from '../../lib/http/api-router';
import { mountCsvImportRoutes } from './csv-import.routes';
import { mountPostcardRoutes } from './postcards.routes';
import type { QrPorts } from './ports';
import { mountQrCodeRoutes } from './qr-codes.routes';
import type { RegistryRoutes } from './registry.access';
import { mountResourceRoutes } from './resources.routes';
import { mountUploadRoutes } from './uploads.routes';

/**
 * /api/qr-codes, /api/resources, /api/postcards: one router, one OpenAPI tag, each
 * resource's operations in its own module. The order is the order of the document.
 */
export function createRegistryApi(context: AppContext, ports: QrPorts): Router {
  const routes: RegistryRoutes = {
    api: new ApiRouter(context.registry, '/api', 'QR registry'),
    base: () => context.config.publicBaseUrl,
    ports,
  };
  mountQrCodeRoutes(routes);
  mountResourceRoutes(routes);
  mountPostcardRoutes(routes);
  mountUploadRoutes(routes);
  mountCsvImportRoutes(routes);
  return routes.api.router;
}
