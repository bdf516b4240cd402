import { Schema, model, type InferSchemaType } from 'mongoose';

/** A bearer token for scripts. Stored as sha256; the plain token is shown once at creation. */
const apiTokenSchema = new Schema(
  {
    tokenHash: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true, trim: true },
    expiresAt: { type: Date, required: true },
    lastUsedAt: { type: Date },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

apiTokenSchema.index({ tokenHash: 1 }, { unique: true });
apiTokenSchema.index({ userId: 1, createdAt: -1 });
apiTokenSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type ApiTokenRecord = InferSchemaType<typeof apiTokenSchema>;
export const ApiTokenModel = model('ApiToken', apiTokenSchema);
