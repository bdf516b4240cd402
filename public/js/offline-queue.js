/*
 * A small, reusable offline queue for phones with a poor network.
 *
 *   const queue = createOfflineQueue({ name: 'kit-hand-outs', send });
 *   await queue.add(entry);      // stored in IndexedDB with a client-generated id, then sent
 *   await queue.pending();       // entries not yet accepted, oldest first
 *   await queue.flush();         // sends what is waiting, in order
 *   queue.onChange((pending) => …);
 *
 * `send(entry)` resolves when the server has answered for good (accepted, or refused
 * for a reason a retry cannot change) and throws when the entry should be tried again
 * (offline, timeout, 5xx). Entries go in the order they were added; the first one that
 * throws stops the round, so a later entry never overtakes an earlier one. Every
 * entry keeps its `id` across retries, so the server stores it once (a unique index
 * on the id; a repeat is answered with the stored record): sent exactly once even
 * when the answer to a first attempt was lost, or two tabs flush together.
 * Needs `idb` (IndexedDB with promises) loaded before this file.
 */
(function (global) {
  'use strict';

  function newId() {
    if (global.crypto && typeof global.crypto.randomUUID === 'function')
      return global.crypto.randomUUID();
    const bytes = global.crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function createOfflineQueue(options) {
    const name = options.name;
    const send = options.send;
    if (!name || typeof send !== 'function')
      throw new TypeError('createOfflineQueue needs { name, send }');
    const listeners = new Set();
    const database = global.idb.openDB('offline-queue-' + name, 1, {
      upgrade(db) {
        // Auto-increment keys keep the order entries were added in.
        const store = db.createObjectStore('entries', { keyPath: 'seq', autoIncrement: true });
        store.createIndex('id', 'id', { unique: true });
      },
    });
    let round = null;

    async function pending() {
      const db = await database;
      return (await db.getAll('entries')).map((record) => record.entry);
    }

    async function notify() {
      const list = await pending();
      listeners.forEach((cb) => {
        try {
          cb(list);
        } catch (err) {
          console.error(err);
        }
      });
    }

    async function add(entry) {
      const stored = Object.assign({}, entry, { id: entry.id || newId() });
      const db = await database;
      await db.add('entries', { id: stored.id, entry: stored, addedAt: new Date().toISOString() });
      await notify();
      flush();
      return stored.id;
    }

    async function sendAll() {
      const db = await database;
      for (;;) {
        const cursor = await db.transaction('entries').store.openCursor();
        if (!cursor) return;
        const record = cursor.value;
        try {
          await send(record.entry);
        } catch {
          return; // Not delivered: kept, and tried again (in the same order) on the next flush.
        }
        await db.delete('entries', record.seq);
        await notify();
      }
    }

    function flush() {
      if (round) return round;
      const run = () => sendAll();
      // One tab sends at a time where the browser can say so; the server's unique
      // index makes a double send harmless where it cannot.
      const locked =
        global.navigator && global.navigator.locks
          ? global.navigator.locks.request('offline-queue-' + name, run)
          : run();
      round = Promise.resolve(locked).finally(() => {
        round = null;
        return notify();
      });
      return round;
    }

    function onChange(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    }

    global.addEventListener('online', () => flush());
    // Safari may clear a site's storage after days unused: send early and often.
    global.setInterval(() => {
      if (global.navigator.onLine !== false) flush();
    }, 15000);
    return { add, pending, flush, onChange };
  }

  global.createOfflineQueue = createOfflineQueue;
})(window);
