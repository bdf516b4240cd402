/* global URLSearchParams, location, Response, addEventListener, setInterval, clearInterval, caches */
// The facilitator's capture page: notes, quotes, photos and key outcomes go into the
// offline queue first, show as "pending", and sync in order when the network allows.
import { openOfflineQueue } from '/static/js/offline-queue.js';

const root = document.getElementById('capture');
const tableId = root.dataset.tableId;
const rounds = Number(root.dataset.rounds) || 1;
const roundMinutes = Number(root.dataset.roundMinutes) || 20;
const key = new URLSearchParams(location.search).get('key');
const csrf = root.dataset.csrf;
const api = `/api/world-cafe/tables/${tableId}`;
const $ = (id) => document.getElementById(id);

function headers(extra = {}) {
  const h = { ...extra };
  if (key) h.Authorization = `Bearer ${key}`;
  else if (csrf) h['X-CSRF-Token'] = csrf;
  return h;
}
const json = (method, path, body) =>
  fetch(`${api}${path}`, {
    method,
    headers: headers({ 'Content-Type': 'application/json' }),
    body: JSON.stringify(body),
  });

// ---- what each queued entry does on the server (idempotent: the entry id is the clientId)
function send(entry) {
  const p = entry.payload;
  switch (entry.kind) {
    case 'note':
      return json('PUT', `/notes/${entry.id}`, p);
    case 'quote':
      return json('PUT', `/quotes/${entry.id}`, p);
    case 'dot':
      return json('PUT', `/dots/${entry.id}`, p);
    case 'outcomes':
      return json('PUT', '/outcomes', p);
    case 'count':
      return json('PUT', `/participant-counts/${p.round}`, { count: p.count });
    case 'photo':
      return fetch(`${api}/photos/${entry.id}?round=${p.round}`, {
        method: 'PUT',
        headers: headers({ 'Content-Type': p.blob.type || 'application/octet-stream' }),
        body: p.blob,
      });
    default:
      return Promise.resolve(new Response('{}', { status: 400 }));
  }
}

// ---- the list of captured entries: what the server has, plus this phone's queue
const serverNotes = new Map();
let queued = [];

function describe(entry) {
  const p = entry.payload;
  if (entry.kind === 'note') return p.text;
  if (entry.kind === 'quote') return `“${p.text}”${p.consent ? '' : ' (not for publication)'}`;
  if (entry.kind === 'photo') return 'Flipchart photo';
  if (entry.kind === 'outcomes') return `Key outcomes (${p.items.length})`;
  if (entry.kind === 'count') return `People at the table in round ${p.round}: ${p.count}`;
  return entry.kind;
}

// Dots synced while this page is open (the server's count, read at load, lacks them).
const dotsSeenPending = new Set();
const dotsCounted = new Set();

/** Dots on a note: the server's count plus this phone's dots it has not counted yet. */
function dotsOn(noteId) {
  const server = serverNotes.get(noteId)?.dots ?? 0;
  const mine = queued.filter(
    (e) =>
      e.kind === 'dot' &&
      e.payload.noteId === noteId &&
      (e.status !== 'synced' || dotsCounted.has(e.id)),
  );
  return {
    count: server + mine.length,
    pending: mine.filter((e) => e.status === 'pending').length,
  };
}

function render() {
  const list = $('entries');
  list.replaceChildren();
  const local = new Set(queued.map((e) => e.id));
  const rows = [
    ...[...serverNotes.values()]
      .filter((n) => !local.has(n.clientId))
      .map((n) => ({ id: n.clientId, text: n.text, status: 'synced', note: true })),
    ...queued
      .filter((e) => e.kind !== 'dot') // dots show on their note
      .map((e) => ({ id: e.id, text: describe(e), status: e.status, note: e.kind === 'note' })),
  ];
  for (const row of rows) {
    const li = document.createElement('li');
    li.dataset.clientId = row.id;
    li.dataset.status = row.status;
    const badge = document.createElement('span');
    badge.className = `wc-badge ${row.status}`;
    badge.textContent = row.status;
    li.append(badge, ' ', row.text); // text nodes: user text is never parsed as HTML
    if (row.note) {
      const dots = dotsOn(row.id);
      const count = document.createElement('span');
      count.className = 'wc-dots';
      count.textContent = ` · ${dots.count} ${dots.count === 1 ? 'dot' : 'dots'}${dots.pending ? ` (${dots.pending} pending)` : ''}`;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'secondary wc-dot-button';
      button.textContent = '+ dot';
      button.setAttribute('aria-label', `Add a dot to: ${row.text}`);
      button.addEventListener('click', () => queue.add('dot', { noteId: row.id }));
      li.append(count, ' ', button);
    }
    list.append(li);
  }
  $('entries-empty').hidden = rows.length > 0;
  const pending = queued.filter((e) => e.status === 'pending').length;
  $('queue-state').textContent = pending ? `${pending} pending` : 'All synced';
  const conflict = queued.find((e) => e.kind === 'outcomes' && e.status === 'conflict');
  const box = $('outcomes-conflict');
  if (conflict && conflict.problem && conflict.problem.current) {
    const current = conflict.problem.current;
    box.hidden = false;
    box.textContent = `Another phone changed the outcomes meanwhile. Theirs: ${current.items.map((o) => o.text).join(' · ')}. Merge them into the box and save again.`;
    $('outcomes-text').dataset.version = String(current.version);
  } else {
    box.hidden = true;
  }
}

const queue = await openOfflineQueue(`world-cafe:table:${tableId}`, {
  send,
  onChange(entries) {
    queued = entries;
    for (const e of entries) {
      if (e.kind !== 'dot') continue;
      if (e.status === 'pending') dotsSeenPending.add(e.id);
      else if (e.status === 'synced' && dotsSeenPending.has(e.id)) dotsCounted.add(e.id);
    }
    for (const e of entries) {
      if (e.kind === 'outcomes' && e.status === 'synced')
        $('outcomes-text').dataset.version = String(e.payload.baseVersion + 1);
    }
    render();
  },
});

async function loadServerNotes() {
  try {
    const res = await fetch(`${api}/notes`, { headers: headers() });
    if (!res.ok) return;
    for (const note of (await res.json()).items) serverNotes.set(note.clientId, note);
    dotsCounted.clear(); // the server's counts now include every dot synced so far
    render();
  } catch {
    // offline: the queue still shows this phone's entries
  }
}

// ---- network state
function showNetwork() {
  $('network-state').textContent = navigator.onLine
    ? 'Online'
    : 'Offline — entries wait on this phone';
}
addEventListener('online', showNetwork);
addEventListener('offline', showNetwork);
showNetwork();

// ---- round timer
let round = 1;
let remaining = roundMinutes * 60;
let ticking;
const showTime = () => {
  const m = Math.floor(remaining / 60);
  const s = String(remaining % 60).padStart(2, '0');
  $('timer').textContent = `${m}:${s}`;
  $('round-number').textContent = String(round);
};
$('timer-toggle').addEventListener('click', () => {
  if (ticking) {
    clearInterval(ticking);
    ticking = undefined;
    $('timer-toggle').textContent = 'Start round';
    return;
  }
  $('timer-toggle').textContent = 'Pause';
  ticking = setInterval(() => {
    remaining = Math.max(0, remaining - 1);
    showTime();
    if (remaining === 0) {
      clearInterval(ticking);
      ticking = undefined;
      $('timer-toggle').textContent = 'Start round';
      if (navigator.vibrate) navigator.vibrate(400);
    }
  }, 1000);
});
$('timer-reset').addEventListener('click', () => {
  remaining = roundMinutes * 60;
  showTime();
});
$('round-next').addEventListener('click', () => {
  round = Math.min(rounds, round + 1);
  remaining = roundMinutes * 60;
  showTime();
});
showTime();

// ---- forms
$('count-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const count = Number($('count-people').value);
  if (!Number.isInteger(count) || count < 0 || count > 1000) return $('count-people').focus();
  await queue.add('count', { round, count });
  $('count-people').value = '';
});
$('note-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('note-text').value.trim();
  if (!text) return $('note-text').focus();
  const tags = $('note-tags')
    .value.split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .slice(0, 10);
  await queue.add('note', { text, tags, round, capturedAt: new Date().toISOString() });
  $('note-text').value = '';
  $('note-tags').value = '';
  $('note-text').focus();
});
$('quote-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('quote-text').value.trim();
  if (!text) return $('quote-text').focus();
  const speaker = {};
  if ($('quote-role').value.trim()) speaker.role = $('quote-role').value.trim();
  if ($('quote-city').value.trim()) speaker.city = $('quote-city').value.trim();
  await queue.add('quote', {
    text,
    speaker,
    consent: $('quote-consent').checked,
    round,
    capturedAt: new Date().toISOString(),
  });
  event.target.reset();
});
$('photo-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = $('photo-file').files[0];
  if (!file) return $('photo-file').focus();
  await queue.add('photo', { blob: file, round });
  event.target.reset();
});
$('outcomes-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const items = $('outcomes-text')
    .value.split('\n')
    .map((t) => t.trim())
    .filter(Boolean)
    .slice(0, 20)
    .map((text) => ({ text }));
  for (const e of queued)
    if (e.kind === 'outcomes' && e.status === 'conflict') await queue.resolve(e.id);
  await queue.add('outcomes', {
    baseVersion: Number($('outcomes-text').dataset.version) || 0,
    items,
  });
});

// ---- offline start: a service worker keeps this page and its scripts
async function keepPageOffline() {
  if (!('serviceWorker' in navigator)) return;
  await navigator.serviceWorker.register('/world-cafe/capture-sw.js', { scope: '/world-cafe/' });
  await navigator.serviceWorker.ready;
  const cache = await caches.open('world-cafe-pages-v1');
  if (navigator.onLine) await cache.add(location.href);
  root.dataset.offlineReady = 'yes';
}

await queue.start();
await loadServerNotes();
keepPageOffline().catch(() => {
  root.dataset.offlineReady = 'no';
});
