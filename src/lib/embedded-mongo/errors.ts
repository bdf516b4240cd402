import type { Doc } from './bson-values';
import { formatValue } from './bson-values';

/**
 * A command failure as MongoDB reports it: `{ ok: 0, errmsg, code, codeName }`
 * plus optional extra fields (keyPattern/keyValue for duplicates) and labels
 * the driver uses to decide on retries.
 */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly extra: Doc = {},
    readonly errorLabels: string[] = [],
  ) {
    super(message);
    this.name = 'CommandError';
  }

  toReply(): Doc {
    const reply: Doc = {
      ok: 0,
      errmsg: this.message,
      code: this.code,
      codeName: this.codeName,
      ...this.extra,
    };
    if (this.errorLabels.length > 0) reply.errorLabels = this.errorLabels;
    return reply;
  }

  /** The shape of an entry in a write command's `writeErrors`. */
  toWriteError(index: number): Doc {
    return { index, code: this.code, codeName: this.codeName, errmsg: this.message, ...this.extra };
  }
}

export const badValue = (message: string) => new CommandError(2, 'BadValue', message);
export const failedToParse = (message: string) => new CommandError(9, 'FailedToParse', message);
export const namespaceNotFound = (message: string) =>
  new CommandError(26, 'NamespaceNotFound', message);
export const namespaceExists = (ns: string) =>
  new CommandError(48, 'NamespaceExists', `Collection ${ns} already exists.`);
export const commandNotFound = (name: string) =>
  new CommandError(59, 'CommandNotFound', `no such command: '${name}'`);
export const immutableField = (message: string) => new CommandError(66, 'ImmutableField', message);
export const invalidOptions = (message: string) => new CommandError(72, 'InvalidOptions', message);
export const cursorNotFound = (id: number) =>
  new CommandError(43, 'CursorNotFound', `cursor id ${id} not found`);
export const notSupported = (message: string) =>
  new CommandError(115, 'CommandNotSupported', message);

/** MongoDB's limit for one stored document. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** The error MongoDB gives for an insert or update result larger than 16 MiB. */
export function documentTooLarge(size: number, updating: boolean): CommandError {
  return updating
    ? new CommandError(
        17419,
        'Location17419',
        `Resulting document after update is larger than ${MAX_DOCUMENT_BYTES}`,
      )
    : new CommandError(
        10334,
        'BSONObjectTooLarge',
        `object to insert too large. size in bytes: ${size}, max size: ${MAX_DOCUMENT_BYTES}`,
      );
}

export function writeConflict(): CommandError {
  return new CommandError(
    112,
    'WriteConflict',
    'Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.',
    {},
    ['TransientTransactionError'],
  );
}

export function noSuchTransaction(txnNumber: number): CommandError {
  return new CommandError(
    251,
    'NoSuchTransaction',
    `Transaction with { txnNumber: ${txnNumber} } has been aborted.`,
    {},
    ['TransientTransactionError'],
  );
}

/** The exact shape MongoDB gives a unique index violation; mongoose reads code, keyPattern and keyValue. */
export function duplicateKey(
  ns: string,
  indexName: string,
  keyPattern: Doc,
  keyValue: Doc,
): CommandError {
  const rendered = Object.keys(keyValue)
    .map((k) => `${k}: ${formatValue(keyValue[k])}`)
    .join(', ');
  return new CommandError(
    11000,
    'DuplicateKey',
    `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: { ${rendered} }`,
    { keyPattern, keyValue },
  );
}
