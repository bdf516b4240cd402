import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import QRCode from 'qrcode';
import type { Page } from 'playwright-core';
import {
  createKitType,
  createKits,
  listHandOuts,
  type KitView,
} from '../../../../src/components/kits';
import { qrScanUrl } from '../../../../src/components/qr';
import { buildProject } from '../../../helpers/factories/events';
import { createUser } from '../../../helpers/auth';
import {
  fakeCameraVideoPath,
  newBrowserContext,
  PHONE_VIEWPORT,
  serveTestApp,
  signInPage,
  type ServedApp,
} from '../../../helpers/browser';
import { clearDatabase } from '../../../helpers/hooks';

/**
 * A camera that films a printed QR code: a YUV4MPEG2 video (the format Chromium's fake
 * capture device plays) whose frames show `text` as a QR code, black on white.
 */
function qrVideo(text: string, width = 640, height = 480): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const scale = Math.floor(Math.min(width, height) / (modules.size + 8));
  const left = Math.floor((width - modules.size * scale) / 2);
  const top = Math.floor((height - modules.size * scale) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 0; y < modules.size * scale; y++)
    for (let x = 0; x < modules.size * scale; x++)
      if (modules.get(Math.floor(y / scale), Math.floor(x / scale)))
        luma[(top + y) * width + left + x] = 16;
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  return Buffer.concat([
    Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`),
    frame,
    frame,
  ]);
}

describe("browser: scanning a kit's QR code with the phone's camera", function () {
  this.timeout(120_000);
  let served: ServedApp;
  let page: Page;
  let kits: KitView[];

  before(async () => {
    await clearDatabase();
    served = await serveTestApp();
    // Stand staff hand out their project's kits: a comms user of the kit type's project.
    const project = await buildProject();
    const type = await createKitType({
      name: 'Dominoes',
      serialPrefix: 'DOM',
      projectId: project.id,
    });
    kits = await createKits(type.id, { count: 2 }, served.baseUrl);
    // What the printed label encodes (see the labels test): the short address, marked as a scan.
    // The shared browser's fake camera plays this file once the page starts the camera.
    await writeFile(fakeCameraVideoPath(), qrVideo(qrScanUrl(served.baseUrl, kits[1]!.qrCode)));
    const staff = await createUser({ role: 'comms', projectIds: [project.id] });
    const context = await newBrowserContext({ viewport: PHONE_VIEWPORT });
    await context.grantPermissions(['camera'], { origin: served.baseUrl });
    page = await context.newPage();
    await signInPage(page, served.baseUrl, staff, '/kits/hand-out');
  });
  after(async () => {
    await page?.context().close();
    await served?.close();
    await clearDatabase();
  });

  it('when the camera films a kit label, then its code is read into the field and that kit is handed out', async () => {
    // Headless Chromium on Linux has no BarcodeDetector: this reads with the jsQR fallback.
    await page.getByRole('button', { name: 'Scan with the camera' }).click();
    await page.getByText(/^Code read: /).waitFor();
    assert.equal(
      await page.getByLabel('Kit code').inputValue(),
      qrScanUrl(served.baseUrl, kits[1]!.qrCode),
    );
    assert.equal(
      await page.getByRole('button', { name: 'Scan with the camera' }).isVisible(),
      true,
    );
    await page.getByLabel('Name', { exact: true }).fill('Camila Camera');
    await page.getByRole('button', { name: 'Hand out' }).click();
    await page.getByText(`Handed out kit ${kits[1]!.serial} to Camila Camera`).first().waitFor();
    const stored = await listHandOuts();
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.serial, kits[1]!.serial);
  });
});
