// Client side of `GET /api/health`. The API answers with the same JSON body whether it is up
// (200) or not (503), so the body decides what we show; the HTTP status only explains a body we
// cannot read.
import { apiUrl } from './api-url.ts';

export type PartStatus = 'up' | 'down';
export type OverallStatus = 'up' | 'degraded' | 'down';

export interface Health {
  readonly status: OverallStatus;
  readonly version: string;
  /** Each backing service (db, storage, auth, …) by name; extra fields are ignored. */
  readonly parts: Readonly<Record<string, { readonly status: PartStatus }>>;
}

export type HealthResult =
  | { readonly kind: 'ok'; readonly health: Health }
  | { readonly kind: 'unreachable' }
  | { readonly kind: 'invalid'; readonly httpStatus: number };

export const HEALTH_TIMEOUT_MS = 5000;

const OVERALL: readonly unknown[] = ['up', 'degraded', 'down'] satisfies OverallStatus[];
const PART: readonly unknown[] = ['up', 'down'] satisfies PartStatus[];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The health report in `body`, or null when it does not have the documented shape. */
export function parseHealth(body: unknown): Health | null {
  if (!isRecord(body) || !OVERALL.includes(body.status) || typeof body.version !== 'string') {
    return null;
  }
  if (!isRecord(body.parts)) return null;
  const parts: Record<string, { status: PartStatus }> = {};
  for (const [name, part] of Object.entries(body.parts)) {
    if (!isRecord(part) || !PART.includes(part.status)) return null;
    parts[name] = { status: part.status as PartStatus };
  }
  return { status: body.status as OverallStatus, version: body.version, parts };
}

/** Asks the API how it is; never throws. */
export async function fetchHealth(
  fetchImpl: typeof fetch = fetch,
  timeoutMs = HEALTH_TIMEOUT_MS,
): Promise<HealthResult> {
  let response: Response;
  try {
    response = await fetchImpl(apiUrl('/api/health'), {
      headers: { accept: 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return { kind: 'unreachable' };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { kind: 'invalid', httpStatus: response.status };
  }
  const health = parseHealth(body);
  return health ? { kind: 'ok', health } : { kind: 'invalid', httpStatus: response.status };
}

const PART_ORDER = ['db', 'storage', 'auth'];

/** Part names in display order: the known ones first, then any others alphabetically. */
export function orderedParts(health: Health): string[] {
  const rank = (name: string) => {
    const index = PART_ORDER.indexOf(name);
    return index === -1 ? PART_ORDER.length : index;
  };
  return Object.keys(health.parts).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
