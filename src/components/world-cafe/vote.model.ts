import { Schema, model, type Types } from 'mongoose';

export const VOTE_TARGETS = ['note', 'outcome'] as const;
export type VoteTarget = (typeof VOTE_TARGETS)[number];

/**
 * One dot. Facilitators put dots on notes (each dot has the phone's clientId as
 * `voter`, so a replayed queue adds nothing); visitors vote on key outcomes with
 * their anonymous visitor id as `voter`, so each visitor has one vote per outcome.
 */
export type VoteDoc = {
  _id: Types.ObjectId;
  sessionId: Types.ObjectId;
  tableId: Types.ObjectId;
  target: VoteTarget;
  /** Note clientId or key outcome id. */
  targetId: string;
  voter: string;
  createdAt: Date;
};

const voteSchema = new Schema<VoteDoc>(
  {
    sessionId: { type: Schema.Types.ObjectId, required: true },
    tableId: { type: Schema.Types.ObjectId, required: true },
    target: { type: String, enum: VOTE_TARGETS, required: true },
    targetId: { type: String, required: true },
    voter: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

voteSchema.index({ tableId: 1, target: 1, targetId: 1, voter: 1 }, { unique: true });
voteSchema.index({ sessionId: 1 });

export const WorldCafeVoteModel = model<VoteDoc>('WorldCafeVote', voteSchema);
