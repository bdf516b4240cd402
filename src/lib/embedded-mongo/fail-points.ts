import type { Doc } from './bson-values';
import { isPlainObject } from './bson-values';
import { badValue, CommandError } from './errors';

/** Thrown while answering a command a fail point says to answer by closing the connection. */
export class CloseConnection extends Error {}

type FailCommand = {
  /** Commands still to fail; Infinity for 'alwaysOn'. */
  remaining: number;
  /** Matching commands to let through before failing. */
  skip: number;
  names: Set<string>;
  data: Doc;
};

/**
 * MongoDB's `failCommand` fail point (`configureFailPoint`, a test command
 * as in mongod with enableTestCommands): the next matching commands fail with
 * a given error, labels or write concern error, or close the connection.
 */
export class FailPoints {
  private failCommand: FailCommand | undefined;

  configure(cmd: Doc): Doc {
    if (cmd.configureFailPoint !== 'failCommand') {
      throw badValue(`unknown fail point ${String(cmd.configureFailPoint)}`);
    }
    const mode = cmd.mode;
    if (mode === 'off') {
      this.failCommand = undefined;
      return { ok: 1 };
    }
    const data = isPlainObject(cmd.data) ? cmd.data : {};
    const names = new Set(Array.isArray(data.failCommands) ? data.failCommands.map(String) : []);
    if (mode === 'alwaysOn') this.failCommand = { remaining: Infinity, skip: 0, names, data };
    else if (isPlainObject(mode) && (mode.times !== undefined || mode.skip !== undefined)) {
      this.failCommand = {
        remaining: mode.times !== undefined ? Number(mode.times) : Infinity,
        skip: Number(mode.skip ?? 0),
        names,
        data,
      };
    } else throw badValue('mode must be off, alwaysOn, { times: n } or { skip: n }');
    return { ok: 1 };
  }

  /**
   * For a command about to run: an error reply to send instead, extra fields
   * to add to its reply (a write concern error), or nothing. Throws
   * CloseConnection when the connection is to be dropped.
   */
  check(name: string): { fail?: Doc; append?: Doc } | undefined {
    const point = this.failCommand;
    if (!point || !point.names.has(name)) return undefined;
    if (point.skip > 0) {
      point.skip -= 1;
      return undefined;
    }
    point.remaining -= 1;
    if (point.remaining <= 0) this.failCommand = undefined;
    const { data } = point;
    if (data.closeConnection === true)
      throw new CloseConnection('closed by the failCommand fail point');
    const labels = Array.isArray(data.errorLabels) ? { errorLabels: data.errorLabels } : {};
    if (data.errorCode !== undefined) {
      const error = new CommandError(
        Number(data.errorCode),
        typeof data.errorCodeName === 'string' ? data.errorCodeName : '',
        typeof data.errmsg === 'string' ? data.errmsg : 'Failing command via failCommand failpoint',
      );
      return { fail: { ...error.toReply(), ...labels } };
    }
    if (isPlainObject(data.writeConcernError)) {
      return { append: { writeConcernError: data.writeConcernError, ...labels } };
    }
    return undefined;
  }
}
