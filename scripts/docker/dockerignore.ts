// .dockerignore matching with Docker's rules: patterns are relative to the context root, `*` and
// `?` stay within one path segment, `**` spans segments, and a match on a directory excludes what
// is below it. `!` exceptions are not supported (they throw), so the copy can skip whole folders.

export interface DockerIgnore {
  /** Whether a context-relative path (posix separators) is left out of the build context. */
  excludes(relPath: string): boolean;
}

function toRegExp(pattern: string): RegExp {
  if (/[[\\]/.test(pattern))
    throw new Error(`.dockerignore: [..] and \\ are not supported: ${pattern}`);
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*' && pattern[i + 1] === '*') {
      i += 1;
      if (pattern[i + 1] === '/') {
        i += 1;
        re += '(?:.*/)?';
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function parseDockerIgnore(text: string): DockerIgnore {
  const rules: RegExp[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('!'))
      throw new Error(`.dockerignore: ! exceptions are not supported: ${line}`);
    const pattern = line.replace(/^\/+/, '').replace(/\/+$/, '').replace(/^\.\//, '');
    if (pattern) rules.push(toRegExp(pattern));
  }
  return {
    excludes(relPath) {
      const segments = relPath.split('/').filter(Boolean);
      const prefixes = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
      return rules.some((re) => prefixes.some((p) => re.test(p)));
    },
  };
}
