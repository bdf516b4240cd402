import { Types } from 'mongoose';
import { notFound } from '../../lib/errors';
import type { Page } from '../../lib/http/validate';
import { ClusterModel, type ClusterDoc } from './directory.models';
import { EventModel } from './event.model';
import { toClusterView, type ClusterView } from './events.presenter';
import type { CreateClusterInput, ListClustersQuery, UpdateClusterInput } from './events.schemas';
import type { UpsertOutcome } from './events.service';
import { definedOnly, listPage, textMatch } from './listing';
import { assertProjectsExist } from './projects.service';
import type { ReferencesPort } from '../../lib/component';
import { assertUnreferenced, localReferrer } from './references';
import { isObjectId, upsertDoc } from './upsert';

async function findClusterDoc(id: string) {
  const doc = isObjectId(id) ? await ClusterModel.findById(id) : null;
  if (!doc) throw notFound('Cluster');
  return doc;
}

/** Lists clusters; `projectId` keeps the clusters a project belongs to. */
export async function listClusters(query: ListClustersQuery): Promise<Page<ClusterView>> {
  const filter: Record<string, unknown> = {};
  if (query.q) filter.name = textMatch(query.q);
  if (query.projectId) filter.projectIds = new Types.ObjectId(query.projectId);
  return listPage(ClusterModel, { ...query, filter, toView: toClusterView });
}

/** One cluster. Throws 404 `not_found`. */
export async function getCluster(id: string): Promise<ClusterView> {
  return toClusterView((await findClusterDoc(id)).toObject());
}

/** Several clusters by id; unknown ids are skipped. */
export async function getClustersByIds(ids: string[]): Promise<ClusterView[]> {
  const docs = await ClusterModel.find({ _id: { $in: ids.filter(isObjectId) } })
    .sort({ name: 1 })
    .lean<ClusterDoc[]>();
  return docs.map(toClusterView);
}

/** Creates a cluster. 409 `duplicate` for a taken name, 404 `project_not_found` for unknown projects. */
export async function createCluster(input: CreateClusterInput): Promise<ClusterView> {
  await assertProjectsExist(input.projectIds ?? []);
  return toClusterView((await ClusterModel.create(input)).toObject());
}

export async function updateCluster(id: string, input: UpdateClusterInput): Promise<ClusterView> {
  const doc = await findClusterDoc(id);
  await assertProjectsExist(input.projectIds ?? []);
  doc.set(definedOnly(input));
  await doc.save();
  return toClusterView(doc.toObject());
}

/** Deletes a cluster. Refused with 409 `still_referenced` while an event takes part with it. */
export async function deleteCluster(id: string, references: ReferencesPort): Promise<void> {
  const doc = await findClusterDoc(id);
  const events = await EventModel.countDocuments({ clusterIds: doc._id });
  await assertUnreferenced(references, 'cluster', id, [
    localReferrer('event', 'Events', events, '/events'),
  ]);
  await doc.deleteOne();
}

/** Creates or updates the cluster with this name (seeds, imports). */
export async function upsertClusterByName(
  input: CreateClusterInput,
): Promise<{ cluster: ClusterView; outcome: UpsertOutcome }> {
  await assertProjectsExist(input.projectIds ?? []);
  const { doc, outcome } = await upsertDoc(ClusterModel, { name: input.name }, input);
  return { cluster: toClusterView(doc), outcome };
}
