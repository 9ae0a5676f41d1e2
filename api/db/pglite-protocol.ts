// Messages between the API's thread and the PGlite thread (api/db/pglite.ts ↔ pglite-thread.ts).
// Errors cross as plain objects and become Errors again with the same name, message and fields
// (SQLSTATE `code`, `detail`, `constraint`…), so callers handle them as they would in-process.

export type Request =
  | { id: number; op: 'query'; sql: string; params: unknown[] | undefined; tx: number | undefined }
  | { id: number; op: 'exec'; sql: string; tx: number | undefined }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

export interface SerializedError {
  name: string;
  message: string;
  fields: Record<string, unknown>;
}

export type Reply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: SerializedError };

/** What the thread posts once its database is open (or could not be). */
export type Ready = { ready: true } | { ready: false; error: SerializedError };

export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) {
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) fields[k] = v;
  }
  return { name: err.name, message: err.message, fields };
}

export function deserializeError(e: SerializedError): Error {
  const err = Object.assign(new Error(e.message), e.fields);
  err.name = e.name;
  return err;
}
