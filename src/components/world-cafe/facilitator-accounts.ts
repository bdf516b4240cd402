import { listUsers } from '../auth';

export type FacilitatorChoice = { id: string; name: string; email: string; checked: boolean };

/** Facilitator accounts an organiser can assign to a session, the chosen ones checked. */
export async function facilitatorChoices(chosen: readonly string[]): Promise<FacilitatorChoice[]> {
  const { items } = await listUsers({ page: 1, limit: 200, role: 'facilitator', sort: 'name' });
  return items.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    checked: chosen.includes(u.id),
  }));
}
