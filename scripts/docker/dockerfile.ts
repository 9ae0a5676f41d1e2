// Parser for the subset of Dockerfile syntax that ./Dockerfile uses. No Docker engine runs on the
// project's machines, so ./image.ts builds and starts the parsed file the way the image would.
// Anything outside the subset throws: a Dockerfile change the interpreter cannot check must break
// the test rather than pass unchecked.
//
// Variables are expanded here, at parse time: there are no build arguments, global ARGs feed FROM
// only, and each stage's ENV values are known in order. A reference to a variable the file does not
// define (e.g. the base image's $PATH) throws, since only the real image knows its value.

export type Instruction =
  | { kind: 'ENV'; line: number; vars: Record<string, string> }
  | { kind: 'WORKDIR'; line: number; path: string }
  | {
      kind: 'COPY';
      line: number;
      /** Stage to copy from; undefined copies from the build context. */
      from: string | undefined;
      /** Recorded only: the interpreter runs as one user and cannot reproduce ownership. */
      chown: string | undefined;
      sources: string[];
      dest: string;
    }
  | { kind: 'RUN'; line: number; command: string }
  | { kind: 'USER'; line: number; user: string }
  | { kind: 'EXPOSE'; line: number; ports: string[] }
  | { kind: 'HEALTHCHECK'; line: number; options: Record<string, string>; argv: string[] }
  | { kind: 'CMD'; line: number; argv: string[] };

export interface Stage {
  name: string;
  /** The base image, e.g. node:22-bookworm-slim (the interpreter stands in for it with the host). */
  base: string;
  line: number;
  instructions: Instruction[];
}

export interface Dockerfile {
  stages: Stage[];
}

interface LogicalLine {
  line: number;
  text: string;
}

/** Joins `\` continuations and drops comments, as Docker does (comments inside a continuation too). */
export function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let pending: LogicalLine | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (/^#\s*escape\s*=/i.test(trimmed) && out.length === 0 && !pending) {
      throw new Error(`line ${i + 1}: the escape parser directive is not supported`);
    }
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const continues = /\\[ \t]*$/.test(raw);
    const part = continues ? raw.replace(/\\[ \t]*$/, '') : raw;
    if (pending) pending.text += part;
    else pending = { line: i + 1, text: part };
    if (!continues) {
      out.push({ line: pending.line, text: pending.text.trim() });
      pending = undefined;
    }
  });
  if (pending) out.push({ line: pending.line, text: pending.text.trim() });
  return out;
}

/**
 * Splits shell-like words with Docker's rules: unquoted whitespace separates words, '…' is literal,
 * "…" and bare text expand $NAME, ${NAME} and ${NAME:-default}, and a backslash escapes the next
 * character.
 */
export function words(text: string, vars: Record<string, string>, where = ''): string[] {
  const out: string[] = [];
  let word: string | undefined;
  let i = 0;
  const add = (s: string) => {
    word = (word ?? '') + s;
  };
  const variable = (): string => {
    // text[i] is '$'
    const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/.exec(text.slice(i));
    const bare = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
    const m = braced ?? bare;
    if (!m?.[1]) {
      if (text[i + 1] === '{') throw new Error(`${where}unsupported variable syntax in: ${text}`);
      i += 1;
      return '$';
    }
    i += m[0].length;
    const value = vars[m[1]] ?? m[2];
    if (value === undefined) {
      throw new Error(
        `${where}$${m[1]} is not defined in this Dockerfile (base image variables are unknown here)`,
      );
    }
    return value;
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      if (word !== undefined) out.push(word);
      word = undefined;
      i += 1;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error(`${where}unterminated ' in: ${text}`);
      add(text.slice(i + 1, end));
      i = end + 1;
    } else if (c === '"') {
      add('');
      i += 1;
      while (text[i] !== '"') {
        if (i >= text.length) throw new Error(`${where}unterminated " in: ${text}`);
        if (text[i] === '\\' && /["\\$]/.test(text[i + 1] ?? '')) {
          add(text[i + 1] as string);
          i += 2;
        } else if (text[i] === '$') add(variable());
        else add(text[i++] as string);
      }
      i += 1;
    } else if (c === '\\') {
      add(text[i + 1] ?? '');
      i += 2;
    } else if (c === '$') add(variable());
    else {
      add(c);
      i += 1;
    }
  }
  if (word !== undefined) out.push(word);
  return out;
}

/** Leading `--name=value` flags, checked against the names an instruction accepts. */
function takeFlags(
  list: string[],
  allowed: string[],
  where: string,
): { flags: Record<string, string>; rest: string[] } {
  const flags: Record<string, string> = {};
  let n = 0;
  for (const w of list) {
    const m = /^--([a-z-]+)=(.*)$/.exec(w);
    if (!w.startsWith('--')) break;
    if (!m?.[1] || !allowed.includes(m[1])) {
      throw new Error(
        `${where}flag ${w} is not supported (supported: ${allowed.join(', ') || 'none'})`,
      );
    }
    flags[m[1]] = m[2] ?? '';
    n += 1;
  }
  return { flags, rest: list.slice(n) };
}

function execForm(text: string, where: string, what: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length === 0 ||
    !parsed.every((a) => typeof a === 'string')
  ) {
    throw new Error(
      `${where}${what} must use the exec form (a JSON array of strings), so that the process runs without a shell: ${text}`,
    );
  }
  return parsed;
}

export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  let stage: Stage | undefined;
  let env: Record<string, string> = {};

  for (const { line, text: body } of logicalLines(text)) {
    const m = /^(\S+)\s*([\s\S]*)$/.exec(body);
    const keyword = (m?.[1] ?? '').toUpperCase();
    const rest = m?.[2] ?? '';
    const where = `Dockerfile line ${line} (${keyword}): `;

    if (keyword === 'ARG') {
      if (stage)
        throw new Error(`${where}ARG inside a stage is not supported; declare it before FROM`);
      const [decl, ...extra] = words(rest, globalArgs, where);
      const a = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(decl ?? '');
      if (!a?.[1] || extra.length > 0) {
        throw new Error(`${where}expected ARG NAME=default (build arguments are not supported)`);
      }
      globalArgs[a[1]] = a[2] ?? '';
      continue;
    }
    if (keyword === 'FROM') {
      const { rest: parts } = takeFlags(words(rest, globalArgs, where), [], where);
      const [base, as, name, ...extra] = parts;
      if (!base || extra.length > 0 || (as !== undefined && (as.toUpperCase() !== 'AS' || !name))) {
        throw new Error(`${where}expected FROM image [AS name]`);
      }
      if (stages.some((s) => s.name === base)) {
        throw new Error(`${where}FROM another stage is not supported`);
      }
      const stageName = (name ?? String(stages.length)).toLowerCase();
      if (stages.some((s) => s.name === stageName))
        throw new Error(`${where}duplicate stage ${stageName}`);
      stage = { name: stageName, base, line, instructions: [] };
      stages.push(stage);
      env = {};
      continue;
    }
    if (!stage) throw new Error(`${where}instruction before the first FROM`);

    switch (keyword) {
      case 'ENV': {
        const vars: Record<string, string> = {};
        for (const w of words(rest, env, where)) {
          const kv = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(w);
          if (!kv?.[1]) throw new Error(`${where}expected KEY=value pairs, got ${w}`);
          vars[kv[1]] = kv[2] ?? '';
        }
        if (Object.keys(vars).length === 0) throw new Error(`${where}ENV without KEY=value`);
        env = { ...env, ...vars };
        stage.instructions.push({ kind: 'ENV', line, vars });
        break;
      }
      case 'WORKDIR': {
        const [path, ...extra] = words(rest, env, where);
        if (!path || extra.length > 0) throw new Error(`${where}expected one path`);
        stage.instructions.push({ kind: 'WORKDIR', line, path });
        break;
      }
      case 'COPY': {
        if (rest.trimStart().startsWith('['))
          throw new Error(`${where}the JSON form of COPY is not supported`);
        const { flags, rest: paths } = takeFlags(words(rest, env, where), ['from', 'chown'], where);
        const dest = paths.pop();
        if (!dest || paths.length === 0) throw new Error(`${where}expected COPY src... dest`);
        const globbed = paths.find((p) => /[*?[]/.test(p));
        if (globbed) throw new Error(`${where}wildcards are not supported: ${globbed}`);
        if (paths.length > 1 && !dest.endsWith('/')) {
          throw new Error(`${where}with several sources the destination must end with /`);
        }
        const from = flags.from?.toLowerCase();
        if (from !== undefined && !stages.slice(0, -1).some((s) => s.name === from)) {
          throw new Error(
            `${where}--from=${flags.from} names no earlier stage (images are not supported)`,
          );
        }
        stage.instructions.push({
          kind: 'COPY',
          line,
          from,
          chown: flags.chown,
          sources: paths,
          dest,
        });
        break;
      }
      case 'RUN': {
        const command = rest.trim();
        if (command.startsWith('['))
          throw new Error(`${where}only the shell form of RUN is supported`);
        if (command.startsWith('--')) throw new Error(`${where}RUN flags are not supported`);
        if (command.startsWith('<<')) throw new Error(`${where}heredocs are not supported`);
        if (stage.instructions.some((i) => i.kind === 'USER')) {
          throw new Error(
            `${where}RUN after USER is not supported (the interpreter cannot switch users)`,
          );
        }
        if (!command) throw new Error(`${where}empty RUN`);
        stage.instructions.push({ kind: 'RUN', line, command });
        break;
      }
      case 'USER': {
        const [user, ...extra] = words(rest, env, where);
        if (!user || extra.length > 0) throw new Error(`${where}expected one user`);
        stage.instructions.push({ kind: 'USER', line, user });
        break;
      }
      case 'EXPOSE': {
        const ports = words(rest, env, where);
        const bad = ports.find((p) => !/^\d+(\/(tcp|udp))?$/.test(p));
        if (ports.length === 0 || bad)
          throw new Error(`${where}expected ports, got ${bad ?? 'none'}`);
        stage.instructions.push({ kind: 'EXPOSE', line, ports });
        break;
      }
      case 'HEALTHCHECK': {
        const hm = /^((?:--[a-z-]+=\S+\s+)*)CMD\s+([\s\S]+)$/i.exec(rest.trim());
        if (!hm) throw new Error(`${where}expected HEALTHCHECK [--option=value...] CMD [...]`);
        const { flags } = takeFlags(
          words(hm[1] ?? '', env, where),
          ['interval', 'timeout', 'start-period', 'start-interval', 'retries'],
          where,
        );
        for (const [name, value] of Object.entries(flags)) {
          if (name === 'retries' ? !/^\d+$/.test(value) : Number.isNaN(durationMs(value))) {
            throw new Error(`${where}bad --${name}=${value}`);
          }
        }
        const argv = execForm(hm[2] ?? '', where, 'HEALTHCHECK CMD');
        stage.instructions.push({ kind: 'HEALTHCHECK', line, options: flags, argv });
        break;
      }
      case 'CMD':
        stage.instructions.push({ kind: 'CMD', line, argv: execForm(rest.trim(), where, 'CMD') });
        break;
      default:
        throw new Error(
          `${where}instruction ${keyword} is not supported by scripts/docker/dockerfile.ts; extend the interpreter so the test keeps checking the image`,
        );
    }
  }
  if (stages.length === 0) throw new Error('Dockerfile has no FROM');
  return { stages };
}

/** Go duration strings as Docker takes them ("30s", "1m30s", "500ms"); NaN when malformed. */
export function durationMs(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return Number.NaN;
  return parts.reduce((sum, p) => sum + Number(p[1]) * (units[p[2] as string] ?? Number.NaN), 0);
}
