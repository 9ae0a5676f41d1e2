import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { durationMs, logicalLines, parseDockerfile, words } from './dockerfile.ts';

describe('logicalLines', () => {
  it('joins backslash continuations and drops comments, also inside a continuation', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'FROM node:22 AS a',
      '',
      'RUN echo one \\',
      '  # a comment in the middle',
      '    && echo two \\  ',
      '    && echo three',
      'CMD ["node"]',
    ].join('\n');
    expect(logicalLines(text)).toEqual([
      { line: 2, text: 'FROM node:22 AS a' },
      { line: 4, text: 'RUN echo one     && echo two     && echo three' },
      { line: 8, text: 'CMD ["node"]' },
    ]);
  });

  it('rejects the escape directive', () => {
    expect(() => logicalLines('# escape=`\nFROM x')).toThrow(/escape/);
  });
});

describe('words', () => {
  it('splits on unquoted whitespace and expands variables outside single quotes', () => {
    const vars = { A: 'x y', B: 'b' };
    expect(words(`one "two $A" '$B' \${B}c $B/d \\$B \${C:-dflt}`, vars)).toEqual([
      'one',
      'two x y',
      '$B',
      'bc',
      'b/d',
      '$B',
      'dflt',
    ]);
  });

  it('throws on a variable the Dockerfile does not define', () => {
    expect(() => words('$PATH:/x', {})).toThrow(/\$PATH is not defined/);
  });
});

describe('parseDockerfile', () => {
  const sample = `
ARG BASE=node:22-bookworm-slim
FROM \${BASE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci && \\
    npm run build
FROM \${BASE} AS Final
ENV NODE_ENV=production \\
    DATA_DIR=/app/data LABEL="a b"
WORKDIR /app
COPY --from=build --chown=node:node /app/build ./build
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "process.exit(0)"]
CMD ["node", "build/server.js"]
`;

  it('reads stages, their base images (with ARG expansion) and instructions', () => {
    const { stages } = parseDockerfile(sample);
    expect(stages.map((s) => [s.name, s.base])).toEqual([
      ['build', 'node:22-bookworm-slim'],
      ['final', 'node:22-bookworm-slim'],
    ]);
    expect(stages[0]?.instructions).toEqual([
      { kind: 'WORKDIR', line: 4, path: '/app' },
      {
        kind: 'COPY',
        line: 5,
        from: undefined,
        chown: undefined,
        sources: ['package.json', 'package-lock.json'],
        dest: './',
      },
      { kind: 'RUN', line: 6, command: 'npm ci &&     npm run build' },
    ]);
  });

  it('reads ENV pairs with quotes, flags, and exec forms as argv', () => {
    const final = parseDockerfile(sample).stages[1]?.instructions ?? [];
    expect(final[0]).toEqual({
      kind: 'ENV',
      line: 9,
      vars: { NODE_ENV: 'production', DATA_DIR: '/app/data', LABEL: 'a b' },
    });
    expect(final.slice(2)).toEqual([
      {
        kind: 'COPY',
        line: 12,
        from: 'build',
        chown: 'node:node',
        sources: ['/app/build'],
        dest: './build',
      },
      { kind: 'USER', line: 13, user: 'node' },
      { kind: 'EXPOSE', line: 14, ports: ['8080'] },
      {
        kind: 'HEALTHCHECK',
        line: 15,
        options: { interval: '30s', timeout: '5s' },
        argv: ['node', '-e', 'process.exit(0)'],
      },
      { kind: 'CMD', line: 16, argv: ['node', 'build/server.js'] },
    ]);
  });

  it('expands ENV with the values from earlier instructions of the same stage only', () => {
    const text = 'FROM a AS one\nENV X=1\nENV X=2 Y=$X\nFROM a AS two\nENV Z=$X';
    expect(() => parseDockerfile(text)).toThrow(/line 5 .*\$X is not defined/);
    const one = parseDockerfile(text.split('\nFROM a AS two')[0] ?? '').stages[0];
    expect(one?.instructions[1]).toEqual({ kind: 'ENV', line: 3, vars: { X: '2', Y: '1' } });
  });

  it('requires the exec form for CMD and HEALTHCHECK, and the shell form for RUN', () => {
    expect(() => parseDockerfile('FROM a\nCMD node server.js')).toThrow(/exec form/);
    expect(() => parseDockerfile('FROM a\nHEALTHCHECK CMD curl -f x')).toThrow(/exec form/);
    expect(() => parseDockerfile('FROM a\nRUN ["echo", "x"]')).toThrow(/shell form/);
  });

  it('accepts --from only for earlier stages', () => {
    expect(() => parseDockerfile('FROM a AS x\nCOPY --from=y /a ./')).toThrow(/no earlier stage/);
    expect(() => parseDockerfile('FROM a AS x\nCOPY --from=nginx:1 /a ./')).toThrow(
      /no earlier stage/,
    );
  });

  it('throws a clear error on what it cannot check', () => {
    expect(() => parseDockerfile('FROM a\nADD x.tgz /x')).toThrow(/line 2 .*ADD is not supported/);
    expect(() => parseDockerfile('FROM a\nENTRYPOINT ["x"]')).toThrow(
      /ENTRYPOINT is not supported/,
    );
    expect(() => parseDockerfile('FROM a\nCOPY --chmod=755 a ./')).toThrow(
      /--chmod=755 is not supported/,
    );
    expect(() => parseDockerfile('FROM a\nCOPY src/*.ts ./')).toThrow(/wildcards/);
    expect(() => parseDockerfile('FROM a\nCOPY a b c')).toThrow(/must end with \//);
    expect(() => parseDockerfile('FROM a\nRUN --mount=type=cache,target=/x true')).toThrow(/flags/);
    expect(() => parseDockerfile('FROM a\nUSER node\nRUN true')).toThrow(/RUN after USER/);
    expect(() => parseDockerfile('FROM a\nENV A 1')).toThrow(/KEY=value/);
    expect(() => parseDockerfile('FROM a\nARG X=1')).toThrow(/ARG inside a stage/);
    expect(() => parseDockerfile('WORKDIR /a')).toThrow(/before the first FROM/);
    expect(() => parseDockerfile('FROM a\nHEALTHCHECK --timeout=soon CMD ["x"]')).toThrow(
      /bad --timeout/,
    );
  });

  it('parses the repository Dockerfile into build, deps and a non-root runtime with a CMD', () => {
    const { stages } = parseDockerfile(readFileSync('Dockerfile', 'utf8'));
    expect(stages.map((s) => s.name)).toEqual(['build', 'deps', 'runtime']);
    const runtime = stages.at(-1)?.instructions ?? [];
    expect(runtime.find((i) => i.kind === 'USER')).toMatchObject({ user: 'node' });
    expect(runtime.find((i) => i.kind === 'CMD')).toMatchObject({
      argv: ['node', 'build/api/api/server.js'],
    });
  });
});

describe('durationMs', () => {
  it('reads Go durations', () => {
    expect(durationMs('5s')).toBe(5000);
    expect(durationMs('1m30s')).toBe(90_000);
    expect(durationMs('250ms')).toBe(250);
    expect(durationMs('5')).toBeNaN();
    expect(durationMs('5s!')).toBeNaN();
  });
});
