import { Schema, model, type Types } from 'mongoose';
import { HEX_COLOUR_PATTERN, isCountryCode } from './values';

/**
 * The cluster's directory: clusters of projects, projects, organisations, cities
 * and people. Small schemas, kept together because they reference each other.
 */

const countryField = {
  type: String,
  validate: { validator: isCountryCode, message: 'must be an ISO 3166-1 alpha-2 code' },
};

export type ProjectDoc = {
  _id: Types.ObjectId;
  name: string;
  acronym: string;
  colour?: string;
  logoUrl?: string;
  website?: string;
  createdAt: Date;
  updatedAt: Date;
};

const projectSchema = new Schema<ProjectDoc>(
  {
    name: { type: String, required: true, trim: true, maxlength: 200 },
    acronym: { type: String, required: true, trim: true, unique: true, maxlength: 40 },
    colour: { type: String, match: [HEX_COLOUR_PATTERN, 'must be a hex colour like #1a2b3c'] },
    logoUrl: { type: String, maxlength: 500 },
    website: { type: String, maxlength: 500 },
  },
  { timestamps: true },
);
projectSchema.index({ name: 1 });
export const ProjectModel = model<ProjectDoc>('Project', projectSchema);

export type ClusterDoc = {
  _id: Types.ObjectId;
  name: string;
  /** Funding call, e.g. HORIZON-MISS-2021-CIT-02-01. */
  callIdentifier?: string;
  description?: string;
  projectIds: Types.ObjectId[];
  createdAt: Date;
  updatedAt: Date;
};

const clusterSchema = new Schema<ClusterDoc>(
  {
    name: { type: String, required: true, trim: true, unique: true, maxlength: 200 },
    callIdentifier: { type: String, trim: true, maxlength: 100 },
    description: { type: String, maxlength: 5000 },
    projectIds: { type: [{ type: Schema.Types.ObjectId, ref: 'Project' }], default: [] },
  },
  { timestamps: true },
);
clusterSchema.index({ projectIds: 1 });
export const ClusterModel = model<ClusterDoc>('Cluster', clusterSchema);

export const ORGANISATION_KINDS = [
  'city',
  'public-body',
  'network',
  'research',
  'company',
  'ngo',
  'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export type OrganisationDoc = {
  _id: Types.ObjectId;
  name: string;
  /** Absent for bodies that are not tied to one country (European networks). */
  country?: string;
  kind: OrganisationKind;
  createdAt: Date;
  updatedAt: Date;
};

const organisationSchema = new Schema<OrganisationDoc>(
  {
    name: { type: String, required: true, trim: true, maxlength: 200 },
    country: countryField,
    kind: { type: String, enum: ORGANISATION_KINDS, default: 'other' },
  },
  { timestamps: true },
);
// Natural key: the same name may exist in two countries ("City of Valencia").
organisationSchema.index({ name: 1, country: 1 }, { unique: true });
organisationSchema.index({ country: 1 });
export const OrganisationModel = model<OrganisationDoc>('Organisation', organisationSchema);

export const CITY_ROLES = ['leading', 'replication', 'cluster'] as const;
export type CityRole = (typeof CITY_ROLES)[number];

export type CityDoc = {
  _id: Types.ObjectId;
  /** Local spelling with diacritics: 'Constanța', 'İzmir', 'Písek', 'Ålesund'. */
  name: string;
  country: string;
  projects: { projectId: Types.ObjectId; role: CityRole }[];
  createdAt: Date;
  updatedAt: Date;
};

const citySchema = new Schema<CityDoc>(
  {
    name: { type: String, required: true, trim: true, maxlength: 100 },
    country: { ...countryField, required: true },
    projects: {
      type: [
        new Schema(
          {
            projectId: { type: Schema.Types.ObjectId, ref: 'Project', required: true },
            role: { type: String, enum: CITY_ROLES, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
  },
  { timestamps: true },
);
citySchema.index({ name: 1, country: 1 }, { unique: true });
citySchema.index({ 'projects.projectId': 1 });
citySchema.index({ country: 1 });
export const CityModel = model<CityDoc>('City', citySchema);

export type PersonDoc = {
  _id: Types.ObjectId;
  name: string;
  organisationId?: Types.ObjectId;
  email?: string;
  consent: { contact: boolean; photo: boolean; consentedAt?: Date };
  createdAt: Date;
  updatedAt: Date;
};

const personSchema = new Schema<PersonDoc>(
  {
    name: { type: String, required: true, trim: true, maxlength: 200 },
    organisationId: { type: Schema.Types.ObjectId, ref: 'Organisation' },
    email: { type: String, trim: true, lowercase: true, maxlength: 254 },
    consent: {
      contact: { type: Boolean, default: false },
      photo: { type: Boolean, default: false },
      consentedAt: { type: Date },
    },
  },
  { timestamps: true },
);
// One person per address; people without an e-mail do not collide.
personSchema.index(
  { email: 1 },
  { unique: true, partialFilterExpression: { email: { $type: 'string' } } },
);
personSchema.index({ organisationId: 1 });
personSchema.index({ name: 1 });
export const PersonModel = model<PersonDoc>('Person', personSchema);
