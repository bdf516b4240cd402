import type { Query } from 'mingo';
import type { Doc } from './bson-values';
import { isPlainObject } from './bson-values';
import type { Collection } from './collection-store';
import { badValue, CommandError } from './errors';
import { compileFilter } from './query';

/** Compiled validators, per validator object (collMod replaces the object). */
const compiled = new WeakMap<Doc, Query>();

function validatorOf(coll: Collection | undefined): Query | undefined {
  const validator = coll?.options.validator;
  if (!isPlainObject(validator) || Object.keys(validator).length === 0) return undefined;
  let query = compiled.get(validator);
  if (!query) compiled.set(validator, (query = compileFilter(validator)));
  return query;
}

/** Refuses validation options MongoDB refuses (unknown level or action, a validator that does not compile). */
export function checkValidationOptions(options: Doc): void {
  const { validator, validationLevel, validationAction } = options;
  if (validator !== undefined) {
    if (!isPlainObject(validator)) throw badValue('validator must be an object');
    if ('$jsonSchema' in validator)
      throw new CommandError(
        115,
        'CommandNotSupported',
        '$jsonSchema validators are not supported by the embedded engine',
      );
    compileFilter(validator);
  }
  if (
    validationLevel !== undefined &&
    !['off', 'strict', 'moderate'].includes(String(validationLevel))
  )
    throw badValue(`unknown validationLevel ${String(validationLevel)}`);
  if (validationAction !== undefined && !['error', 'warn'].includes(String(validationAction)))
    throw badValue(`unknown validationAction ${String(validationAction)}`);
}

/**
 * Document validation as MongoDB does it: a write whose new document fails the
 * collection's validator is refused with DocumentValidationFailure (121),
 * unless the command bypasses validation, the level is 'off', the action is
 * 'warn' (logged), or the level is 'moderate' and the old document failed too.
 */
export function checkDocument(
  coll: Collection | undefined,
  doc: Doc,
  previous: Doc | undefined,
  options: { bypass: boolean; warn: (msg: string, doc: Doc) => void },
): void {
  if (options.bypass || !coll) return;
  const validator = validatorOf(coll);
  if (!validator || coll.options.validationLevel === 'off') return;
  if (validator.test(doc)) return;
  if (coll.options.validationLevel === 'moderate' && previous && !validator.test(previous)) return;
  if (coll.options.validationAction === 'warn') {
    options.warn('Document would fail validation', doc);
    return;
  }
  throw new CommandError(121, 'DocumentValidationFailure', 'Document failed validation', {
    errInfo: {
      failingDocumentId: doc._id,
      details: {
        operatorName: '$and',
        specifiedAs: coll.options.validator,
        reason: 'the document does not match the collection validator',
      },
    },
  });
}
