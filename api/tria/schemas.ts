// Request and response schemas of /api/v1/tria: they validate requests and generate the OpenAPI
// document. The chat's event stream is described in events.ts and docs/API.md.
import { z } from '@hono/zod-openapi';

const Uuid = z
  .string()
  .regex(
    /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    'must be a UUID',
  )
  .transform((s) => s.toLowerCase());

export const SessionParams = z.object({
  id: Uuid.openapi({
    param: { name: 'id', in: 'path' },
    example: '0b7a3c1e-2f4d-4a59-8c61-5d2e9f0a7b13',
    description: 'The Tria session id (a UUID)',
  }),
});

/** Longest message to Tria, in characters. */
export const MAX_MESSAGE_CHARS = 2000;

export const ChatRequest = z
  .object({
    sessionId: Uuid.optional().openapi({
      description:
        'The session to continue; a UUID not yet used in your account starts a session with that id; omitted starts a new one',
    }),
    message: z
      .string()
      .trim()
      .min(1)
      .max(MAX_MESSAGE_CHARS)
      .openapi({ example: 'Describe my last hologram' }),
    lang: z.enum(['ru', 'en']).openapi({ description: 'The UI language (replies, errors)' }),
    recording: z.boolean().optional().openapi({
      description: 'Whether the app is recording now (the local engine answers start/stop by it)',
    }),
  })
  .strict()
  .openapi('TriaChatRequest');

export const TriaSession = z
  .object({ id: z.string(), title: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .openapi('TriaSession');

export const SessionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const TriaSessionList = z.object({ items: z.array(TriaSession) }).openapi('TriaSessionList');

export const TriaMessage = z
  .object({
    id: z.string(),
    sessionId: z.string(),
    role: z.enum(['user', 'assistant', 'tool']),
    content: z.string().openapi({ description: 'Text; for a tool message, its JSON result' }),
    actions: z.array(z.record(z.string(), z.unknown())).openapi({
      description: 'Scene actions the reply sent (workers/tria/actions.ts TriaAction)',
    }),
    toolName: z.string().nullable(),
    engine: z.enum(['mistral', 'local']).nullable(),
    errorCode: z.string().nullable().openapi({
      description: 'Set when the reply failed; the content is what was shown before it did',
    }),
    createdAt: z.string(),
  })
  .openapi('TriaMessage');

export const TriaMessageList = z.object({ items: z.array(TriaMessage) }).openapi('TriaMessageList');
