import { Schema, model, type Types } from 'mongoose';

/**
 * What the scan path keeps. Never an IP address, never a user agent: the device
 * class and bot flag are derived from the user agent in memory, the visitor key is a
 * keyed hash with a salt that is deleted the day after.
 */
export const DEVICE_CLASSES = ['mobile', 'tablet', 'desktop', 'other'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/** Raw scans are kept for a retention period, then expire; counters stay. */
export const SCAN_RETENTION_DAYS = 180;

export type ScanDoc = {
  _id: Types.ObjectId;
  qrCodeId: Types.ObjectId;
  at: Date;
  device: DeviceClass;
  /** The printed QR carries ?s=qr; anything else is a typed or shared link. */
  viaQr: boolean;
  bot: boolean;
  language?: string;
  referrerHost?: string;
  /** Keyed hash of the day's salt, IP address and user agent; untraceable once the salt is gone. */
  visitor: string;
};

const scanSchema = new Schema<ScanDoc>(
  {
    qrCodeId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
    device: { type: String, enum: DEVICE_CLASSES, required: true },
    viaQr: { type: Boolean, required: true },
    bot: { type: Boolean, required: true },
    language: { type: String, maxlength: 8 },
    referrerHost: { type: String, maxlength: 253 },
    visitor: { type: String, required: true, maxlength: 32 },
  },
  { versionKey: false },
);
scanSchema.index({ at: 1 }, { expireAfterSeconds: SCAN_RETENTION_DAYS * 86_400 });
export const ScanModel = model<ScanDoc>('QrScan', scanSchema, 'qrScans');

/**
 * Per code, per hour, per slot: the numbers analytics read. A flush adds to one of
 * COUNTER_SLOTS documents chosen at random, so a popular code in a busy hour is not
 * one hot document that every process writes to (Shlink's slotted visit counters).
 */
export const COUNTER_SLOTS = 8;

export type ScanCounterDoc = {
  _id: Types.ObjectId;
  qrCodeId: Types.ObjectId;
  hour: Date;
  slot: number;
  scans: number;
  qrScans: number;
  linkScans: number;
  botScans: number;
  uniqueVisitors: number;
  mobile: number;
  tablet: number;
  desktop: number;
  other: number;
};

const counterSchema = new Schema<ScanCounterDoc>(
  {
    qrCodeId: { type: Schema.Types.ObjectId, required: true },
    hour: { type: Date, required: true },
    slot: { type: Number, required: true, min: 0, max: COUNTER_SLOTS - 1 },
    scans: { type: Number, default: 0 },
    qrScans: { type: Number, default: 0 },
    linkScans: { type: Number, default: 0 },
    botScans: { type: Number, default: 0 },
    uniqueVisitors: { type: Number, default: 0 },
    mobile: { type: Number, default: 0 },
    tablet: { type: Number, default: 0 },
    desktop: { type: Number, default: 0 },
    other: { type: Number, default: 0 },
  },
  { versionKey: false },
);
counterSchema.index({ qrCodeId: 1, hour: 1, slot: 1 }, { unique: true });
export const ScanCounterModel = model<ScanCounterDoc>(
  'QrScanCounter',
  counterSchema,
  'qrScanCounters',
);

/**
 * One row per code, UTC day and visitor key, so a visitor counts once a day per code
 * across processes. The row's _id is that triple, so the always-present _id index
 * decides (an insert of a known triple fails with a duplicate key); no upsert, no
 * second index. Deleted two days later.
 */
export type VisitorDayDoc = { _id: string; qrCodeId: Types.ObjectId; at: Date };
const visitorDaySchema = new Schema<VisitorDayDoc>(
  {
    _id: { type: String, required: true },
    qrCodeId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
visitorDaySchema.index({ at: 1 }, { expireAfterSeconds: 2 * 86_400 });
export const VisitorDayModel = model<VisitorDayDoc>(
  'QrVisitorDay',
  visitorDaySchema,
  'qrVisitorDays',
);

/** The day's random salt, shared by every process through the database; older ones are deleted. */
export type VisitorSaltDoc = { day: string; salt: string; createdAt: Date };
const saltSchema = new Schema<VisitorSaltDoc>(
  {
    day: { type: String, required: true, unique: true },
    salt: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// Belt and braces: even without a rotation pass, no salt outlives two days.
saltSchema.index({ createdAt: 1 }, { expireAfterSeconds: 2 * 86_400 });
export const VisitorSaltModel = model<VisitorSaltDoc>(
  'QrVisitorSalt',
  saltSchema,
  'qrVisitorSalts',
);
