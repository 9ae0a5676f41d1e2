// Builds and runs a parsed Dockerfile without a Docker engine. Each stage gets its own directory
// that stands in for the image filesystem at the stage's first WORKDIR (every path the file uses
// must lie under it); COPY copies from the build context (honouring .dockerignore) or from an
// earlier stage's directory, RUN runs `bash -c` there with the stage's ENV, and the final stage's
// CMD and HEALTHCHECK can be started with extra environment (what `docker run -e` adds).
//
// What it cannot reproduce: the base image itself (the host's node and npm stand in for it, with
// the host's PATH and HOME and the proxy variables Docker passes to builds), and users: it runs as
// the current user, so USER and COPY --chown are recorded, not applied.
import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Dockerfile, durationMs, type Instruction, type Stage } from './dockerfile.ts';
import { type DockerIgnore, parseDockerIgnore } from './dockerignore.ts';

export interface BuiltStage {
  name: string;
  /** Host directory standing in for `root` in the image. */
  dir: string;
  /** The image path `dir` stands for: the stage's first WORKDIR. */
  root: string;
  /** Current WORKDIR (an image path). */
  workdir: string;
  env: Record<string, string>;
  user: string | undefined;
  expose: string[];
  healthcheck: { argv: string[]; options: Record<string, string> } | undefined;
  cmd: string[] | undefined;
}

export interface BuildOptions {
  /** The build context (the repository root). */
  context: string;
  /** Empty directory to build the stages in. */
  outDir: string;
  log?: (message: string) => void;
}

const PASSED_FROM_HOST = ['PATH', 'HOME', 'TMPDIR', 'LANG'];
const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'];

/** The environment a RUN/CMD starts from before the Dockerfile's ENV: the stand-in base image. */
function baseEnv(): Record<string, string> {
  const names = [...PASSED_FROM_HOST, ...PROXY_VARS, ...PROXY_VARS.map((v) => v.toLowerCase())];
  const env: Record<string, string> = {};
  for (const name of names) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Host path for an absolute or WORKDIR-relative image path; throws outside the stage's root. */
export function hostPath(
  stage: Pick<BuiltStage, 'dir' | 'root' | 'workdir'>,
  imagePath: string,
): string {
  const resolved = path.posix.resolve(stage.workdir, imagePath);
  const rel = path.posix.relative(stage.root, resolved);
  if (rel.startsWith('..') || path.posix.isAbsolute(rel)) {
    throw new Error(
      `${imagePath} lies outside ${stage.root}, the only part of the image the interpreter models`,
    );
  }
  return path.join(stage.dir, rel);
}

function runShell(command: string, cwd: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) return resolve();
      // npm names the cause first and prints its usage last: keep both ends.
      const lines = Buffer.concat(chunks).toString().split('\n');
      const shown = lines.length > 60 ? [...lines.slice(0, 20), '…', ...lines.slice(-40)] : lines;
      reject(
        new Error(`RUN ${command} failed (${signal ?? `exit ${code}`}):\n${shown.join('\n')}`),
      );
    });
  });
}

async function copyInto(
  src: string,
  target: string,
  intoDir: boolean,
  filter: ((source: string) => boolean) | undefined,
): Promise<void> {
  const isDir = (await stat(src)).isDirectory();
  // A directory's contents are copied (not the directory itself), as Docker does.
  const dest = intoDir && !isDir ? path.join(target, path.basename(src)) : target;
  await mkdir(path.dirname(dest), { recursive: true });
  await cp(src, dest, {
    recursive: true,
    force: true,
    verbatimSymlinks: true,
    ...(filter ? { filter: (s: string) => filter(s) } : {}),
  });
}

function contextFilter(context: string, ignore: DockerIgnore): (source: string) => boolean {
  return (source) => !ignore.excludes(path.relative(context, source).split(path.sep).join('/'));
}

async function copy(
  step: Extract<Instruction, { kind: 'COPY' }>,
  stage: BuiltStage,
  built: Map<string, BuiltStage>,
  context: string,
  ignore: DockerIgnore,
): Promise<void> {
  const destPath = hostPath(stage, step.dest);
  const intoDir = step.dest.endsWith('/') || step.sources.length > 1;
  for (const source of step.sources) {
    if (step.from !== undefined) {
      const from = built.get(step.from);
      if (!from) throw new Error(`line ${step.line}: stage ${step.from} is not built`);
      if (!source.startsWith('/')) {
        throw new Error(`line ${step.line}: COPY --from needs an absolute source path`);
      }
      await copyInto(hostPath(from, source), destPath, intoDir, undefined);
      continue;
    }
    const rel = path.posix.normalize(source).replace(/^\/+/, '').replace(/\/+$/, '');
    if (rel.startsWith('..')) {
      throw new Error(`line ${step.line}: ${source} lies outside the build context`);
    }
    if (ignore.excludes(rel)) {
      throw new Error(`line ${step.line}: ${source} is excluded by .dockerignore`);
    }
    await copyInto(path.join(context, rel), destPath, intoDir, contextFilter(context, ignore));
  }
}

async function buildStage(
  stage: Stage,
  index: number,
  built: Map<string, BuiltStage>,
  options: BuildOptions & { ignore: DockerIgnore },
): Promise<BuiltStage> {
  const result: BuiltStage = {
    name: stage.name,
    dir: path.join(options.outDir, `${index}-${stage.name}`),
    root: '',
    workdir: '',
    env: {},
    user: undefined,
    expose: [],
    healthcheck: undefined,
    cmd: undefined,
  };
  options.log?.(
    `[${stage.name}] FROM ${stage.base} (the host's node ${process.version} stands in)`,
  );
  for (const step of stage.instructions) {
    if (!result.root && (step.kind === 'COPY' || step.kind === 'RUN')) {
      throw new Error(
        `line ${step.line}: ${step.kind} before WORKDIR; the interpreter models only the WORKDIR tree`,
      );
    }
    switch (step.kind) {
      case 'WORKDIR':
        if (!result.root) {
          if (!step.path.startsWith('/')) {
            throw new Error(`line ${step.line}: the first WORKDIR must be absolute`);
          }
          result.root = path.posix.normalize(step.path);
          result.workdir = result.root;
        } else {
          result.workdir = path.posix.resolve(result.workdir, step.path);
        }
        await mkdir(hostPath(result, result.workdir), { recursive: true });
        break;
      case 'ENV':
        result.env = { ...result.env, ...step.vars };
        break;
      case 'COPY':
        await copy(step, result, built, options.context, options.ignore);
        break;
      case 'RUN': {
        const started = performance.now();
        options.log?.(`[${stage.name}] RUN ${step.command}`);
        await runShell(step.command, hostPath(result, result.workdir), {
          ...baseEnv(),
          ...result.env,
        });
        const seconds = (performance.now() - started) / 1000;
        options.log?.(`[${stage.name}] done in ${seconds.toFixed(1)} s`);
        break;
      }
      case 'USER':
        result.user = step.user;
        break;
      case 'EXPOSE':
        result.expose.push(...step.ports);
        break;
      case 'HEALTHCHECK':
        result.healthcheck = { argv: step.argv, options: step.options };
        break;
      case 'CMD':
        result.cmd = step.argv;
        break;
    }
  }
  return result;
}

/**
 * Builds every stage. Stages that do not depend on each other build concurrently, as BuildKit
 * does; the last stage is the image.
 */
export async function buildImage(
  dockerfile: Dockerfile,
  options: BuildOptions,
): Promise<{ stages: Map<string, BuiltStage>; final: BuiltStage }> {
  const ignoreFile = path.join(options.context, '.dockerignore');
  const ignore = parseDockerIgnore(await readFile(ignoreFile, 'utf8').catch(() => ''));
  const built = new Map<string, BuiltStage>();
  const pending = new Map<string, Promise<BuiltStage>>();
  dockerfile.stages.forEach((stage, index) => {
    const needs = stage.instructions.flatMap((i) => (i.kind === 'COPY' && i.from ? [i.from] : []));
    const ready = Promise.all(needs.map((n) => pending.get(n)));
    const done = ready.then(async () => {
      const result = await buildStage(stage, index, built, { ...options, ignore });
      built.set(stage.name, result);
      return result;
    });
    pending.set(stage.name, done);
  });
  // Settle every stage before failing, so no RUN is still writing when the caller cleans up.
  const results = await Promise.allSettled(pending.values());
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  const final = built.get(dockerfile.stages.at(-1)?.name ?? '');
  if (!final) throw new Error('no stages');
  return { stages: built, final };
}

function runtimeEnv(stage: BuiltStage, extra: Record<string, string>): Record<string, string> {
  return { ...baseEnv(), ...stage.env, ...extra };
}

/** Starts the stage's CMD like `docker run -e …`: same argv, WORKDIR and ENV, plus `extra`. */
export function startCmd(stage: BuiltStage, extra: Record<string, string>): ChildProcess {
  const [file, ...args] = stage.cmd ?? [];
  if (!file) throw new Error(`stage ${stage.name} has no CMD`);
  return spawn(file, args, {
    cwd: hostPath(stage, stage.workdir),
    env: runtimeEnv(stage, extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the HEALTHCHECK command once, killed after its --timeout; resolves to the exit code. */
export function runHealthcheck(
  stage: BuiltStage,
  extra: Record<string, string>,
): Promise<number | null> {
  const check = stage.healthcheck;
  const [file, ...args] = check?.argv ?? [];
  if (!check || !file) throw new Error(`stage ${stage.name} has no HEALTHCHECK`);
  const timeout = check.options.timeout ? durationMs(check.options.timeout) : 30_000;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: hostPath(stage, stage.workdir),
      env: runtimeEnv(stage, extra),
      stdio: 'ignore',
      timeout,
    });
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
}
