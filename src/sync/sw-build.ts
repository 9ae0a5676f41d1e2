// A Vite plugin (build only) that bundles sw-sync.ts into `/sync-sw.js`: one classic script with
// no imports, because the service worker Workbox generates loads extra code with importScripts,
// which cannot load ES modules. It is emitted before vite-plugin-pwa writes the worker, so it is
// precached with the rest of the build.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, ResolvedConfig, Rolldown } from 'vite';

/** The script's URL path, for Workbox's `importScripts`. */
export const SYNC_SW_SCRIPT = '/sync-sw.js';

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sw-sync.ts');

export function syncServiceWorker(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'holograms:sync-service-worker',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async generateBundle() {
      const { build } = await import('vite');
      const result = await build({
        configFile: false,
        root: config.root,
        mode: config.mode,
        envDir: config.envDir,
        logLevel: 'warn',
        build: {
          write: false,
          target: 'es2022',
          minify: config.build.minify,
          emptyOutDir: false,
          lib: { entry, formats: ['iife'], name: 'holoSyncWorker', fileName: () => 'sync-sw.js' },
          rollupOptions: { output: { codeSplitting: false } },
        },
      });
      const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
      const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
      if (!chunk) throw new Error('the sync service worker did not build');
      this.emitFile({ type: 'asset', fileName: SYNC_SW_SCRIPT.slice(1), source: chunk.code });
    },
  };
}
