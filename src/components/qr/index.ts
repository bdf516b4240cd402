import { Router } from 'express';
import type { AppContext } from '../../lib/context';

// Placeholder until the component lands.
export function createQrRouter(_context: AppContext): Router {
  return Router();
}
