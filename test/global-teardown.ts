import { existsSync } from 'node:fs';
import { readyMarker } from './support/assemblies';
import { BackgroundSyntheses, SYNTHESES } from './global-setup';

/**
 * When every assembly is ready the syntheses are only exiting: wait, so the inputs hash is written
 * and the next run reuses them. A run that did not need them all (one test file, say) ends before
 * they do: stop them; the hash is written only when every synthesis finished, so the next run
 * starts them again.
 */
export default async function globalTeardown(): Promise<void> {
  const syntheses = (globalThis as typeof globalThis & { [SYNTHESES]?: BackgroundSyntheses })[SYNTHESES];
  if (!syntheses) return;
  if (!syntheses.names.every((name) => existsSync(readyMarker(name)))) {
    for (const child of syntheses.running) child.kill('SIGTERM');
  }
  await syntheses.finished;
}
