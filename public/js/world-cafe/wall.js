/* global EventSource, CSS */
// The live wall: applies the session's server-sent events to the page. EventSource
// reconnects by itself (the server asks for 2 s) and resumes from the last event id.
const wall = document.getElementById('wall');
const state = document.getElementById('wall-state');
const MAX_NOTES = 12;

const tableBox = (tableId) => document.getElementById(`wall-table-${tableId}`);

function flash(element) {
  element.classList.add('wc-wall-new');
  setTimeout(() => element.classList.remove('wc-wall-new'), 2000);
}

function addNote(change) {
  const list = tableBox(change.tableId)?.querySelector('.wc-wall-notes');
  const note = change.data.note;
  if (!list || !note || list.querySelector(`[data-client-id="${CSS.escape(note.clientId)}"]`))
    return;
  const li = document.createElement('li');
  li.dataset.clientId = note.clientId;
  li.textContent = note.text; // text, never markup
  list.prepend(li);
  while (list.children.length > MAX_NOTES) list.lastElementChild.remove();
  flash(li);
}

function showOutcomes(change) {
  const list = tableBox(change.tableId)?.querySelector('.wc-wall-outcomes');
  if (!list) return;
  const votes = new Map([...list.children].map((li) => [li.dataset.outcomeId, li.dataset.votes]));
  list.replaceChildren(
    ...change.data.outcomes.items.map((item) => {
      const li = document.createElement('li');
      li.dataset.outcomeId = item.id;
      li.textContent = item.text;
      const count = document.createElement('span');
      count.className = 'muted';
      count.textContent = ` (${votes.get(item.id) ?? 0} votes)`;
      li.append(count);
      return li;
    }),
  );
  flash(list);
}

function showVote(change) {
  if (!change.data.outcomeId) return;
  const li = tableBox(change.tableId)?.querySelector(
    `[data-outcome-id="${CSS.escape(change.data.outcomeId)}"]`,
  );
  const count = li?.querySelector('.muted');
  if (count) count.textContent = ` (${change.data.votes} votes)`;
  if (li) flash(li);
}

function addQuote(change) {
  const list = tableBox(change.tableId)?.querySelector('.wc-wall-quotes');
  const quote = change.data.quote;
  if (!list || !quote || !quote.consent) return;
  const li = document.createElement('li');
  li.textContent = `“${quote.text}” — ${quote.attribution}`;
  list.prepend(li);
  flash(li);
}

const source = new EventSource(wall.dataset.streamUrl);
const handle = (fn) => (event) => fn(JSON.parse(event.data));
source.addEventListener('ready', () => {
  state.textContent = 'Live';
  wall.dataset.live = 'yes';
});
source.addEventListener('note', handle(addNote));
source.addEventListener('outcomes', handle(showOutcomes));
source.addEventListener('vote', handle(showVote));
source.addEventListener('quote', handle(addQuote));
source.addEventListener('error', () => {
  state.textContent = 'Reconnecting…';
  wall.dataset.live = 'no';
});
