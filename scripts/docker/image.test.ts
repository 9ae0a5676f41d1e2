import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDockerfile } from './dockerfile.ts';
import { type BuiltStage, buildImage, hostPath, runHealthcheck, startCmd } from './image.ts';

const dockerfile = `
FROM node:22-bookworm-slim AS gen
WORKDIR /src
COPY app ./app/
ENV GREETING=hello
RUN echo "$GREETING, $(ls app)" > out.txt && mkdir -p sub && echo deep > sub/x.txt

FROM node:22-bookworm-slim AS final
ENV MODE=prod
WORKDIR /srv
COPY --from=gen /src/out.txt /src/sub ./copied/
COPY app/main.js run.js
WORKDIR /srv/copied
USER app
HEALTHCHECK --timeout=2s CMD ["node", "-e", "process.exit(process.env.MODE === 'prod' ? 0 : 3)"]
CMD ["node", "../run.js"]
`;

describe('buildImage', () => {
  let work: string;
  let final: BuiltStage;
  let gen: BuiltStage | undefined;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'image-test-'));
    const context = path.join(work, 'context');
    await mkdir(path.join(context, 'app'), { recursive: true });
    await writeFile(
      path.join(context, 'app/main.js'),
      "console.log(process.env.MODE, process.env.EXTRA, require('node:fs').readFileSync('out.txt', 'utf8').trim());",
    );
    await writeFile(path.join(context, 'app/secret.env'), 'x');
    await writeFile(path.join(context, '.dockerignore'), '**/*.env\n');
    await mkdir(path.join(work, 'out'));
    const image = await buildImage(parseDockerfile(dockerfile), {
      context,
      outDir: path.join(work, 'out'),
    });
    final = image.final;
    gen = image.stages.get('gen');
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('runs RUN in the WORKDIR with ENV and copies between stages and from the context', async () => {
    expect(await readFile(hostPath(final, '/srv/copied/out.txt'), 'utf8')).toBe('hello, main.js\n');
    expect(await readFile(hostPath(final, 'x.txt'), 'utf8')).toBe('deep\n');
    expect(await readFile(hostPath(final, '/srv/run.js'), 'utf8')).toContain('console.log');
  });

  it('leaves out what .dockerignore excludes', async () => {
    if (!gen) throw new Error('stage gen missing');
    expect((await stat(hostPath(gen, 'app/main.js'))).isFile()).toBe(true);
    await expect(stat(hostPath(gen, 'app/secret.env'))).rejects.toThrow(/ENOENT/);
  });

  it('records USER and refuses paths outside the modelled WORKDIR tree', () => {
    expect(final.user).toBe('app');
    expect(() => hostPath(final, '/etc/passwd')).toThrow(/outside \/srv/);
  });

  it('starts CMD in the last WORKDIR with ENV plus the extra environment', async () => {
    const child = startCmd(final, { EXTRA: 'extra' });
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const [code] = await once(child, 'close');
    expect(code).toBe(0);
    expect(out.trim()).toBe('prod extra hello, main.js');
  });

  it('runs HEALTHCHECK with the same environment', async () => {
    expect(await runHealthcheck(final, {})).toBe(0);
    expect(await runHealthcheck(final, { MODE: 'dev' })).toBe(3);
  });
});
