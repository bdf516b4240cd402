/*
 * The stand's hand-out form: scan (BarcodeDetector, else jsQR), type or use a
 * handheld scanner in the code field; the entry goes into the shared offline queue
 * (offline-queue.js) at once and is sent when the network allows.
 */
import { openOfflineQueue } from '/static/js/offline-queue.js';

const form = document.getElementById('hand-out-form');
if (form) await setUpHandOut(form);

async function setUpHandOut(form) {
  const csrf = form.querySelector('input[name="_csrf"]').value;
  const status = document.getElementById('hand-out-status');
  const waiting = document.getElementById('hand-out-pending');
  const log = document.getElementById('hand-out-log');
  const codeField = document.getElementById('code');

  function say(text, kind) {
    const item = document.createElement('li');
    item.textContent = text;
    if (kind) item.className = kind;
    log.prepend(item);
    status.textContent = text;
  }

  // Answers the fetch Response to the queue (2xx synced, 4xx kept as refused, 5xx,
  // 429 and no network retried); offline, fetch throws and the entry stays queued.
  async function send(entry) {
    const res = await fetch('/api/hand-outs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(Object.assign({}, entry.payload, { clientId: entry.id })),
      credentials: 'same-origin',
    });
    // A signed-out phone keeps its entries until someone signs in again.
    if (res.status >= 500 || res.status === 429 || res.status === 401) return res;
    const body = await res
      .clone()
      .json()
      .catch(() => ({}));
    if (res.ok) {
      say(
        'Handed out kit ' +
          (body.serial || '') +
          (entry.payload.recipient.name ? ' to ' + entry.payload.recipient.name : ''),
        'done',
      );
    } else if (body.code === 'kit_already_handed_out') {
      const holder =
        (body.holder && (body.holder.name || body.holder.organisation)) || 'someone without a name';
      say('Not handed out: kit ' + body.serial + ' is already with ' + holder + '.', 'error');
    } else {
      say('Not handed out: ' + (body.detail || body.title || res.status), 'error');
    }
    return res;
  }

  const queue = await openOfflineQueue('kit-hand-outs', {
    send,
    onChange(entries) {
      const pending = entries.filter((e) => e.status === 'pending').length;
      waiting.textContent = pending
        ? pending + ' waiting to be sent (kept on this phone until the network is back)'
        : 'Everything is sent.';
    },
  });
  queue.start();

  // A handheld scanner types the code and presses Enter: that moves on to the
  // recipient instead of handing out a kit to nobody in particular.
  codeField.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || !codeField.value.trim()) return;
    event.preventDefault();
    status.textContent = 'Code read: ' + codeField.value.trim();
    document.getElementById('name').focus();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const text = (key) => String(data.get(key) || '').trim();
    const body = {
      recipient: {
        name: text('name'),
        organisation: text('organisation'),
        city: text('city'),
        country: text('country').toUpperCase(),
        role: text('role'),
        email: text('email'),
      },
      consents: {
        followUp: data.get('followUp') === 'yes',
        newsletter: data.get('newsletter') === 'yes',
        textVersion: text('consentVersion'),
      },
      handedOutAt: new Date().toISOString(),
    };
    if (text('eventId')) body.eventId = text('eventId');
    if (text('code')) body.code = text('code');
    else body.kitTypeId = text('kitTypeId');
    await queue.add('hand-out', body);
    status.textContent =
      navigator.onLine === false
        ? 'Saved on this phone; it is sent when the network is back.'
        : 'Saved; sending…';
    form.reset();
    codeField.focus();
  });

  // Camera scanning: the browser's own detector where there is one, jsQR otherwise.
  const scanButton = document.getElementById('scan-button');
  const video = document.getElementById('scan-video');
  if (!scanButton || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  scanButton.hidden = false;
  let stream = null;
  scanButton.addEventListener('click', async () => {
    if (stream) return stop();
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    } catch {
      status.textContent = 'The camera is not available; type the code or use a scanner.';
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    scanButton.textContent = 'Stop scanning';
    const detector =
      'BarcodeDetector' in window ? new window.BarcodeDetector({ formats: ['qr_code'] }) : null;
    const canvas = document.createElement('canvas');
    const tick = async () => {
      if (!stream) return;
      let found = null;
      if (detector) {
        const codes = await detector.detect(video).catch(() => []);
        found = codes[0] && codes[0].rawValue;
      } else if (window.jsQR && video.videoWidth) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        const context = canvas.getContext('2d');
        context.drawImage(video, 0, 0);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        const result = window.jsQR(image.data, image.width, image.height);
        found = result && result.data;
      }
      if (found) {
        codeField.value = found;
        status.textContent = 'Code read: ' + found;
        stop();
        document.getElementById('name').focus();
      } else window.requestAnimationFrame(tick);
    };
    window.requestAnimationFrame(tick);
  });
  function stop() {
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
    video.hidden = true;
    scanButton.textContent = 'Scan with the camera';
  }
}
