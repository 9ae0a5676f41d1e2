// The one error shape every endpoint answers with: `{ error: { code, message } }`. Codes are
// stable strings clients may branch on; messages are for people and never carry stack traces
// or SQL.

import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'not_found' }),
      message: z.string().openapi({ example: 'No such hologram' }),
    }),
  })
  .openapi('Error');

export type ErrorBody = z.infer<typeof ErrorBody>;

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) {
  return c.json({ error: { code, message } } satisfies ErrorBody, status, headers);
}
