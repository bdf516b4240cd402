/* global crypto, addEventListener, removeEventListener, setInterval, clearInterval */
// A durable, ordered outbox for phone pages: entries are kept in IndexedDB (through the
// `idb` wrapper, served from /static/vendor/idb/) until the server has them, so a page
// keeps working with no network, survives a reload, and sends each entry exactly once.
//
// Exactly once = a client-made id per entry + a server that stores each id once (a
// unique index) and answers a repeat as success. The queue only marks an entry synced
// after the server said so, and sends in order, one at a time, one flush per browser
// (Web Locks), so a second tab does not race the first.
//
//   const queue = await openOfflineQueue('kit-handout', { send, onChange });
//   await queue.add('note', { text: 'Hello' });   // → { id, seq, kind, payload, status: 'pending', createdAt }
//   queue.start();                                // flushes now, when the network returns, and every 15 s
//
// `send(entry)` does the HTTP call and returns the fetch Response (or throws when the
// network is down). 2xx → 'synced'; 409 → 'conflict' (the problem body is kept on the
// entry); other 4xx → 'rejected' (kept, never retried); 5xx, 429, 401 or no network → stays
// 'pending' and the flush stops there, so later entries never overtake it.
import { openDB } from '/static/vendor/idb/index.js';

const STORE = 'entries';

function newId() {
  if (globalThis.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Opens (or creates) the queue called `name`.
 * @param {string} name one queue per page and resource, e.g. 'world-cafe:table:<id>'
 * @param {{ send: (entry) => Promise<Response>, onChange?: (entries) => void }} options
 */
export async function openOfflineQueue(name, { send, onChange = () => {} }) {
  const db = await openDB(`offline-queue:${name}`, 1, {
    upgrade(database) {
      const store = database.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
      store.createIndex('byId', 'id', { unique: true });
      store.createIndex('byStatus', 'status');
    },
  });
  let timer;
  let flushing;

  const entries = () => db.getAll(STORE);
  const notify = async () => onChange(await entries());

  async function update(entry, changes) {
    const next = { ...entry, ...changes };
    await db.put(STORE, next);
    return next;
  }

  async function flushOnce() {
    let synced = 0;
    const pending = (await entries()).filter((e) => e.status === 'pending');
    for (const entry of pending) {
      let response;
      try {
        response = await send(entry);
      } catch {
        break; // offline: keep order, try again later
      }
      if (response.ok) {
        await update(entry, { status: 'synced', syncedAt: new Date().toISOString() });
        synced += 1;
      } else if (response.status >= 500 || response.status === 429 || response.status === 401) {
        // Server trouble, too many requests, or a session that ran out: keep it for later.
        break;
      } else {
        const problem = await response.json().catch(() => ({}));
        await update(entry, { status: response.status === 409 ? 'conflict' : 'rejected', problem });
      }
      await notify();
    }
    const remaining = (await entries()).filter((e) => e.status === 'pending').length;
    return { synced, remaining };
  }

  /** Sends what is pending, in order; one flush at a time per browser. */
  function flush() {
    if (flushing) return flushing;
    const run = () => flushOnce();
    flushing = (
      navigator.locks ? navigator.locks.request(`offline-queue:${name}`, run) : run()
    ).finally(() => {
      flushing = undefined;
    });
    return flushing;
  }

  const onOnline = () => void flush();

  const queue = {
    /** Queues an entry (pending) and tries to send it at once. */
    async add(kind, payload, id = newId()) {
      const entry = { id, kind, payload, status: 'pending', createdAt: new Date().toISOString() };
      entry.seq = await db.add(STORE, entry);
      await notify();
      void flush();
      return entry;
    },
    entries,
    async pendingCount() {
      return (await db.getAllFromIndex(STORE, 'byStatus', 'pending')).length;
    },
    flush,
    /** Marks a conflicted or rejected entry as handled (after the page showed it). */
    async resolve(id) {
      const entry = await db.getFromIndex(STORE, 'byId', id);
      if (entry) await db.delete(STORE, entry.seq);
      await notify();
    },
    /** Forgets entries the server confirmed more than `olderThanMs` ago. */
    async pruneSynced(olderThanMs = 7 * 24 * 3600 * 1000) {
      const limit = Date.now() - olderThanMs;
      for (const entry of await entries()) {
        if (entry.status === 'synced' && Date.parse(entry.syncedAt) < limit)
          await db.delete(STORE, entry.seq);
      }
    },
    /** Flushes now, whenever the browser comes back online, and every `intervalMs`. */
    start({ intervalMs = 15000 } = {}) {
      addEventListener('online', onOnline);
      timer = setInterval(onOnline, intervalMs);
      void notify();
      return flush();
    },
    stop() {
      removeEventListener('online', onOnline);
      clearInterval(timer);
    },
  };
  return queue;
}
