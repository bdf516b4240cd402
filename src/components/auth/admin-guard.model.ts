import { Schema, model } from 'mongoose';

/**
 * One document every change that removes an admin (demotion, deletion) writes inside
 * its transaction. Counting the other admins and then changing one user is otherwise
 * open to write skew: two transactions demoting two different admins each see the
 * other still an admin, write different documents, and both commit. Writing this
 * shared document too makes them conflict, so one retries and sees the new count.
 */
const adminGuardSchema = new Schema({
  _id: { type: String, required: true },
  /** Bumped by every guarded change; its value means nothing else. */
  version: { type: Number, required: true, default: 0 },
});

export const ADMIN_GUARD_ID = 'admins';
export const AdminGuardModel = model('AdminGuard', adminGuardSchema);
