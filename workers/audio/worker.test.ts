// worker.ts exposes on its global scope; here that scope's messaging is one end of a channel.
import { type Remote, wrap } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnalysisWorkerApi } from './api.ts';

const scope = globalThis as unknown as Record<string, unknown>;
const channel = new MessageChannel();

afterAll(() => {
  delete scope.addEventListener;
  delete scope.removeEventListener;
  delete scope.postMessage;
  channel.port1.close();
  channel.port2.close();
});

describe('worker.ts', () => {
  it('exposes the analysis service on the worker scope', async () => {
    const port = channel.port1;
    scope.addEventListener = port.addEventListener.bind(port);
    scope.removeEventListener = port.removeEventListener.bind(port);
    scope.postMessage = port.postMessage.bind(port);
    port.start();
    await import('./worker.ts');
    const remote: Remote<AnalysisWorkerApi> = wrap(
      channel.port2 as unknown as Parameters<typeof wrap>[0],
    );
    const bands = await remote.configure({ sampleRate: 48_000, channels: 1, fps: 60 });
    expect(bands.filter((b) => b.valid)).toHaveLength(125);
    expect(await remote.push(new Float32Array(1600))).toHaveLength(2);
  });
});
