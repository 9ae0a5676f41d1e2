// /api/v1/tria: the chat (a server-sent event stream, events.ts) and the stored sessions and
// messages. Every query is scoped to the signed-in user; another user's session answers 404
// exactly like one that does not exist. Messages to Tria have their own per-user rate limit on
// top of the general one (the same database windows, api/http/rate-limit.ts).
import { randomUUID } from 'node:crypto';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { AuthEnv } from '../auth/require-user.ts';
import { DEFAULT_TRIA } from '../config.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError, ErrorBody } from '../http/errors.ts';
import { bearerSecurity, jsonResponse, v1Errors } from '../http/openapi.ts';
import { hit, overLimit } from '../http/rate-limit.ts';
import { type ChatInput, runChat, storeUserMessage } from './chat.ts';
import { mistralModel } from './mistral.ts';
import {
  ChatRequest,
  SessionParams,
  SessionsQuery,
  TriaMessageList,
  TriaSessionList,
} from './schemas.ts';
import { deleteSession, listMessages, listSessions, sessionExists } from './store.ts';

const errors = v1Errors;
const security = bearerSecurity;
const tags = ['tria'];

const notFound = () =>
  new ApiError(404, 'tria_session_not_found', 'No Tria session with this id in your account');

const chat = createRoute({
  method: 'post',
  path: '/api/v1/tria/chat',
  tags,
  security,
  summary: 'Send Tria a message; the reply streams back as server-sent events',
  description:
    'Events, each `event: <name>` with one JSON `data:` line: `session` {sessionId, userMessageId}, ' +
    '`delta` {text}, ' +
    "`tool` {name, status: 'start'|'done'|'error'}, `action` {action}, `error` {code, message}, " +
    "`done` {messageId, engine: 'mistral'|'local'}. The user's message is stored before the " +
    'stream starts; the reply is stored when it ends, also when it failed.',
  request: {
    body: { content: { 'application/json': { schema: ChatRequest } }, required: true },
  },
  responses: {
    200: {
      description: 'The reply as a text/event-stream',
      content: { 'text/event-stream': { schema: { type: 'string' } } },
    },
    413: jsonResponse(ErrorBody, 'Body too large'),
    ...errors,
  },
});

const sessions = createRoute({
  method: 'get',
  path: '/api/v1/tria/sessions',
  tags,
  security,
  summary: 'Your Tria sessions, most recently used first',
  request: { query: SessionsQuery },
  responses: { 200: jsonResponse(TriaSessionList, 'The sessions'), ...errors },
});

const messages = createRoute({
  method: 'get',
  path: '/api/v1/tria/sessions/{id}/messages',
  tags,
  security,
  summary: "One session's messages, oldest first",
  request: { params: SessionParams },
  responses: {
    200: jsonResponse(TriaMessageList, 'The messages'),
    404: jsonResponse(ErrorBody, 'Not found'),
    ...errors,
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/api/v1/tria/sessions/{id}',
  tags,
  security,
  summary: 'Delete a session, its messages and what Tria remembers of them',
  request: { params: SessionParams },
  responses: {
    204: { description: 'Deleted' },
    404: jsonResponse(ErrorBody, 'Not found'),
    ...errors,
  },
});

export function triaRoutes(deps: AppDeps) {
  const tria = deps.tria ?? DEFAULT_TRIA;
  const apiKey = tria.apiKey;
  const model = apiKey ? mistralModel({ ...tria, apiKey }) : null;

  return new OpenAPIHono<AuthEnv>()
    .openapi(chat, async (c) => {
      const body = c.req.valid('json');
      const user = c.get('user');
      const over = overLimit(
        await hit(deps.db, `tria:${user.uid}`, user),
        deps.limits.triaChatsPerMinute,
        'messages to Tria',
      );
      if (over) throw over;
      const input: ChatInput = {
        sessionId: body.sessionId ?? randomUUID(),
        message: body.message,
        lang: body.lang,
        recording: body.recording ?? false,
      };
      const { message } = await storeUserMessage(deps, user.uid, input);
      // Proxies must pass the events on as they come.
      c.header('X-Accel-Buffering', 'no');
      return streamSSE(c, async (stream) => {
        const gone = new AbortController();
        stream.onAbort(() => gone.abort(new Error('the client closed the stream')));
        await runChat(
          {
            deps,
            owner: user.uid,
            input,
            model,
            tria,
            signal: gone.signal,
            emit: (e) => stream.writeSSE({ event: e.event, data: JSON.stringify(e.data) }),
          },
          message.id,
        );
      });
    })
    .openapi(sessions, async (c) => {
      const items = await listSessions(deps.db, c.get('user').uid, c.req.valid('query').limit);
      return c.json({ items }, 200);
    })
    .openapi(messages, async (c) => {
      const owner = c.get('user').uid;
      const { id } = c.req.valid('param');
      if (!(await sessionExists(deps.db, owner, id))) throw notFound();
      return c.json({ items: await listMessages(deps.db, owner, id) }, 200);
    })
    .openapi(remove, async (c) => {
      if (!(await deleteSession(deps.db, c.get('user').uid, c.req.valid('param').id))) {
        throw notFound();
      }
      return c.body(null, 204);
    });
}
