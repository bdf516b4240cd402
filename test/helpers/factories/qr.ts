import { randomUUID } from 'node:crypto';
import {
  createPostcard,
  createQrCode,
  createResource,
  type CreateQrCodeInput,
  type CreateResourceInput,
  type PostcardView,
  type QrCodeView,
  type ResourceView,
} from '../../../src/components/qr';
import { buildProject } from './events';

/** Registry test data through the qr services (never the models). */
const BASE = 'https://forumkit.test';
const unique = () => randomUUID().slice(0, 8);

export async function buildResource(
  overrides: Partial<CreateResourceInput> = {},
): Promise<ResourceView> {
  const projectId = overrides.projectId ?? (await buildProject()).id;
  return createResource(
    { title: `Test report ${unique()}`, type: 'deliverable', ...overrides, projectId },
    BASE,
  );
}

export async function buildPostcard(
  overrides: Partial<Parameters<typeof createPostcard>[0]> = {},
): Promise<PostcardView> {
  const projectId = overrides.projectId ?? (await buildProject()).id;
  return createPostcard(
    { city: `Testville ${unique()}`, country: 'LT', ...overrides, projectId },
    BASE,
  );
}

export async function buildQrCode(overrides: Partial<CreateQrCodeInput> = {}): Promise<QrCodeView> {
  return createQrCode(
    {
      kind: 'other',
      label: `Test code ${unique()}`,
      target: { url: 'https://example.org/x' },
      ...overrides,
    },
    BASE,
  );
}
