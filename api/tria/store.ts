// Tria's sessions and messages in the database, always scoped by owner: every query names the
// owner's uid, so another user's session is indistinguishable from one that does not exist.
import { randomUUID } from 'node:crypto';
import type { TriaAction } from '../../workers/tria/actions.ts';
import type { Queryable } from '../db/database.ts';
import type { TriaEngine } from './events.ts';

export type TriaRole = 'user' | 'assistant' | 'tool';

export interface TriaSession {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export interface TriaMessage {
  id: string;
  sessionId: string;
  role: TriaRole;
  content: string;
  actions: TriaAction[];
  /** The tool a `tool` message reports on. */
  toolName: string | null;
  /** The engine of an assistant message. */
  engine: TriaEngine | null;
  /** Set when the reply failed (the content is what was shown before it did). */
  errorCode: string | null;
  createdAt: string;
}

/** Longest session title, taken from the first message. */
export const TITLE_CHARS = 80;

const iso = (v: Date | string) => new Date(v).toISOString();

interface SessionRow {
  id: string;
  title: string;
  created_at: Date | string;
  updated_at: Date | string;
}

const toSession = (r: SessionRow): TriaSession => ({
  id: r.id,
  title: r.title,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

interface MessageRow {
  id: string;
  session_id: string;
  role: TriaRole;
  content: string;
  actions: TriaAction[] | string;
  tool_name: string | null;
  engine: TriaEngine | null;
  error_code: string | null;
  created_at: Date | string;
}

const toMessage = (r: MessageRow): TriaMessage => ({
  id: r.id,
  sessionId: r.session_id,
  role: r.role,
  content: r.content,
  actions: typeof r.actions === 'string' ? (JSON.parse(r.actions) as TriaAction[]) : r.actions,
  toolName: r.tool_name,
  engine: r.engine,
  errorCode: r.error_code,
  createdAt: iso(r.created_at),
});

/** A title from the first message: one line, at most TITLE_CHARS characters. */
export function titleFrom(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim();
  const chars = [...line];
  return chars.length <= TITLE_CHARS ? line : `${chars.slice(0, TITLE_CHARS - 1).join('')}…`;
}

/** The owner's session `id`, created (titled after `firstMessage`) when the owner has none. */
export async function ensureSession(
  db: Queryable,
  owner: string,
  id: string,
  firstMessage: string,
): Promise<TriaSession> {
  const { rows } = await db.query<SessionRow>(
    `INSERT INTO tria_sessions (owner_uid, id, title) VALUES ($1, $2, $3)
     ON CONFLICT (owner_uid, id) DO UPDATE SET updated_at = now()
     RETURNING id, title, created_at, updated_at`,
    [owner, id, titleFrom(firstMessage)],
  );
  return toSession(rows[0] as SessionRow);
}

export async function listSessions(db: Queryable, owner: string, limit: number) {
  const { rows } = await db.query<SessionRow>(
    `SELECT id, title, created_at, updated_at FROM tria_sessions WHERE owner_uid = $1
     ORDER BY updated_at DESC, id DESC LIMIT $2`,
    [owner, limit],
  );
  return rows.map(toSession);
}

export async function sessionExists(db: Queryable, owner: string, id: string) {
  const { rows } = await db.query('SELECT 1 FROM tria_sessions WHERE owner_uid = $1 AND id = $2', [
    owner,
    id,
  ]);
  return rows.length > 0;
}

/** Deletes the session with its messages and their memory; false when there is none. */
export async function deleteSession(db: Queryable, owner: string, id: string) {
  const { rowCount } = await db.query(
    'DELETE FROM tria_sessions WHERE owner_uid = $1 AND id = $2',
    [owner, id],
  );
  return rowCount > 0;
}

export interface NewMessage {
  role: TriaRole;
  content: string;
  actions?: TriaAction[];
  toolName?: string | null;
  engine?: TriaEngine | null;
  errorCode?: string | null;
}

/** Stores one message (and touches the session); returns it. */
export async function addMessage(
  db: Queryable,
  owner: string,
  sessionId: string,
  m: NewMessage,
): Promise<TriaMessage> {
  const { rows } = await db.query<MessageRow>(
    `WITH touched AS (
       UPDATE tria_sessions SET updated_at = now() WHERE owner_uid = $1 AND id = $2
     )
     INSERT INTO tria_messages (owner_uid, session_id, id, role, content, actions, tool_name, engine, error_code)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)
     RETURNING id, session_id, role, content, actions, tool_name, engine, error_code, created_at`,
    [
      owner,
      sessionId,
      randomUUID(),
      m.role,
      m.content,
      JSON.stringify(m.actions ?? []),
      m.toolName ?? null,
      m.engine ?? null,
      m.errorCode ?? null,
    ],
  );
  return toMessage(rows[0] as MessageRow);
}

/** The session's messages in order, oldest first (the newest `limit` when given). */
export async function listMessages(
  db: Queryable,
  owner: string,
  sessionId: string,
  limit = 1000,
): Promise<TriaMessage[]> {
  const { rows } = await db.query<MessageRow>(
    `SELECT * FROM (
       SELECT id, session_id, role, content, actions, tool_name, engine, error_code, created_at, seq
       FROM tria_messages WHERE owner_uid = $1 AND session_id = $2
       ORDER BY seq DESC LIMIT $3
     ) newest ORDER BY seq`,
    [owner, sessionId, limit],
  );
  return rows.map(toMessage);
}
