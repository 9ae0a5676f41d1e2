// Request and response schemas of the share endpoints: they validate requests and generate the
// OpenAPI document.
import { z } from '@hono/zod-openapi';
import { KindParam, SeqParam } from '../chunks/schemas.ts';

export const ShareInput = z
  .object({})
  .strict()
  .openapi('ShareInput', { description: 'Send `{}`; the body is reserved for options' });

export const Share = z
  .object({
    token: z.string().openapi({ example: 'Jx3v9Qm1T0bq2RkzL8wYc5aHn4dPfEuG' }),
    hologramId: z.string(),
    createdAt: z.string(),
    path: z.string().openapi({
      description: 'Path of the replay page: the link is this on the app origin',
      example: '/h/Jx3v9Qm1T0bq2RkzL8wYc5aHn4dPfEuG',
    }),
  })
  .openapi('Share');

/** Any string: a malformed token answers the same 404 as an unknown one. */
export const TokenParam = z
  .string()
  .max(200)
  .openapi({
    param: { name: 'token', in: 'path', required: true },
    example: 'Jx3v9Qm1T0bq2RkzL8wYc5aHn4dPfEuG',
    description: 'The share token of a link /h/{token}',
  });

export const PublicPartParams = z.object({ token: TokenParam, seq: SeqParam, kind: KindParam });

const ManifestPart = z.object({
  size: z.number().openapi({ description: 'Bytes' }),
  etag: z.string().openapi({ description: 'The ETag the part is served with (its SHA-256)' }),
  contentType: z.string(),
});

export const SharedManifest = z
  .object({
    title: z.string(),
    createdAt: z.string(),
    durationMs: z.number(),
    sampleRate: z.number(),
    channels: z.number(),
    complete: z.boolean().openapi({ description: 'False while the owner is still uploading' }),
    chunks: z.array(
      z.object({
        seq: z.number(),
        audio: ManifestPart.nullable(),
        frames: ManifestPart.nullable(),
      }),
    ),
  })
  .openapi('SharedManifest');
