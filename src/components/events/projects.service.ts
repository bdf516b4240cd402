import { Types } from 'mongoose';
import { notFound } from '../../lib/errors';
import type { Page } from '../../lib/http/validate';
import { CityModel, ClusterModel, ProjectModel, type ProjectDoc } from './directory.models';
import { toProjectView, type ProjectView } from './events.presenter';
import type { CreateProjectInput, ListProjectsQuery, UpdateProjectInput } from './events.schemas';
import type { UpsertOutcome } from './events.service';
import { definedOnly, listPage, textMatch } from './listing';
import type { ReferencesPort } from '../../lib/component';
import { assertUnreferenced, localReferrer } from './references';
import { isObjectId, upsertDoc } from './upsert';

async function findProjectDoc(id: string) {
  const doc = isObjectId(id) ? await ProjectModel.findById(id) : null;
  if (!doc) throw notFound('Project');
  return doc;
}

/** Lists projects; `q` searches name and acronym. */
export async function listProjects(query: ListProjectsQuery): Promise<Page<ProjectView>> {
  const filter: Record<string, unknown> = {};
  if (query.q) filter.$or = [{ name: textMatch(query.q) }, { acronym: textMatch(query.q) }];
  if (query.acronym) filter.acronym = query.acronym;
  return listPage(ProjectModel, { ...query, filter, toView: toProjectView });
}

/** One project. Throws 404 `not_found`. */
export async function getProject(id: string): Promise<ProjectView> {
  return toProjectView((await findProjectDoc(id)).toObject());
}

/** Several projects by id, in the order given; unknown ids are skipped. */
export async function getProjectsByIds(ids: string[]): Promise<ProjectView[]> {
  const valid = ids.filter(isObjectId);
  const docs = await ProjectModel.find({ _id: { $in: valid } }).lean<ProjectDoc[]>();
  const byId = new Map(docs.map((d) => [d._id.toString(), toProjectView(d)]));
  return valid.flatMap((id) => byId.get(id.toLowerCase()) ?? []);
}

/** Creates a project. Throws 409 `duplicate` when the acronym is taken. */
export async function createProject(input: CreateProjectInput): Promise<ProjectView> {
  return toProjectView((await ProjectModel.create(input)).toObject());
}

export async function updateProject(id: string, input: UpdateProjectInput): Promise<ProjectView> {
  const doc = await findProjectDoc(id);
  doc.set(definedOnly(input));
  await doc.save();
  return toProjectView(doc.toObject());
}

/** Deletes a project. Refused with 409 `still_referenced` while a cluster, a city or another component's record refers to it. */
export async function deleteProject(id: string, references: ReferencesPort): Promise<void> {
  const doc = await findProjectDoc(id);
  const [clusters, cities] = await Promise.all([
    ClusterModel.countDocuments({ projectIds: doc._id }),
    CityModel.countDocuments({ 'projects.projectId': doc._id }),
  ]);
  await assertUnreferenced(references, 'project', id, [
    localReferrer('cluster', 'Clusters', clusters, '/directory/clusters'),
    localReferrer('city', 'Cities', cities, '/directory/cities'),
  ]);
  await doc.deleteOne();
}

export async function assertProjectsExist(ids: string[]): Promise<void> {
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (!unique.length) return;
  const found = await ProjectModel.countDocuments({
    _id: { $in: unique.map((id) => new Types.ObjectId(id)) },
  });
  if (found !== unique.length) throw notFound('Project', 'project_not_found');
}

/** Creates or updates the project with this acronym (seeds, imports). */
export async function upsertProjectByAcronym(
  input: CreateProjectInput,
): Promise<{ project: ProjectView; outcome: UpsertOutcome }> {
  const { doc, outcome } = await upsertDoc(ProjectModel, { acronym: input.acronym }, input);
  return { project: toProjectView(doc), outcome };
}
