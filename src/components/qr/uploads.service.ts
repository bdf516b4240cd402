import { deleteMedia, storeImage, storePdf } from './media.service';
import { setPostcardFront, getPostcard } from './postcards.service';
import type { PostcardView, ResourceView } from './registry.presenter';
import { getResource, setResourceFile } from './resources.service';

/**
 * Covers, postcard fronts and documents: checked and stored first, then attached;
 * the file they replace is deleted afterwards, so a failed upload changes nothing.
 */
export async function setResourceCover(id: string, bytes: Buffer): Promise<ResourceView> {
  await getResource(id);
  const fileId = await storeImage(bytes, `cover-${id}`);
  await deleteMedia(await setResourceFile(id, 'coverFileId', fileId));
  return getResource(id);
}

export async function setResourceDocument(
  id: string,
  bytes: Buffer,
  fileName: string,
): Promise<ResourceView> {
  const resource = await getResource(id);
  const fileId = await storePdf(bytes, fileName || `${resource.deliverableCode ?? 'document'}.pdf`);
  await deleteMedia(await setResourceFile(id, 'documentFileId', fileId));
  return getResource(id);
}

export async function setPostcardFrontImage(id: string, bytes: Buffer): Promise<PostcardView> {
  await getPostcard(id);
  const fileId = await storeImage(bytes, `postcard-${id}`);
  await deleteMedia(await setPostcardFront(id, fileId));
  return getPostcard(id);
}
