import { runCalendarBench } from './calendars.bench';
import { runEngineBench } from './engine.bench';
import { runMailBench } from './mail.bench';
import { runPrintBench } from './print.bench';
import { runQrImagesBench } from './qr-images.bench';
import { runQrBench } from './qr.bench';
import { quick } from './sizes';
import { runStartupBench } from './startup.bench';

/**
 * `npm run bench`: each bench times forumkit's path and a bare baseline doing the same
 * work in this same process, and prints the ratio — machines here are shared and noisy,
 * so absolute numbers say little on their own. `npm run bench -- engine print` runs a subset;
 * `npm run bench -- --quick` runs everything at small sizes (CI does, so no bench breaks
 * unnoticed). Each bench that needs a database starts its own and stops it again.
 */
const benches: Record<string, () => Promise<void>> = {
  engine: runEngineBench,
  calendars: runCalendarBench,
  print: runPrintBench,
  mail: runMailBench,
  qr: runQrBench,
  'qr-images': runQrImagesBench,
  startup: runStartupBench,
};

async function main(names: string[]) {
  if (quick) console.log('quick run: small sizes, to check that every bench runs');
  for (const name of names) {
    console.log(`\n== ${name} ==`);
    await benches[name]!();
  }
}

const args = process.argv.slice(2).filter((a) => a !== '--quick');
const unknown = args.filter((a) => !(a in benches));
if (unknown.length) {
  console.error(
    `unknown bench ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')} (and --quick)`,
  );
  process.exit(2);
}

main(args.length ? args : Object.keys(benches)).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
