// Request and response schemas of /api/v1/holograms: they validate requests and generate the
// OpenAPI document.
import { z } from '@hono/zod-openapi';

export const HologramId = z
  .string()
  .regex(
    /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    'must be a UUID',
  )
  .transform((s) => s.toLowerCase())
  .openapi({
    param: { name: 'id', in: 'path' },
    example: '3f0c9a52-6d1e-4c3b-9f67-0f3a7d2b1e44',
    description: 'The hologram id, a UUID the client made',
  });

export const IdParams = z.object({ id: HologramId });

export const HologramInput = z
  .object({
    title: z.string().trim().min(1).max(200).openapi({ example: 'Morning train' }),
    createdAt: z.iso.datetime({ offset: true }).openapi({ example: '2026-11-23T08:15:00Z' }),
    durationMs: z.number().int().min(0).max(86_400_000).openapi({ example: 12_000 }),
    sampleRate: z.number().int().min(8_000).max(384_000).openapi({ example: 48_000 }),
    channels: z.union([z.literal(1), z.literal(2)]).openapi({ example: 2 }),
    complete: z
      .boolean()
      .default(false)
      .openapi({ description: 'True once the recording has ended and every chunk is queued' }),
  })
  .strict()
  .openapi('HologramInput');

export const Hologram = z
  .object({
    id: z.string(),
    title: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    durationMs: z.number(),
    sampleRate: z.number(),
    channels: z.number(),
    complete: z.boolean(),
    chunks: z.object({ count: z.number(), bytes: z.number() }),
  })
  .openapi('Hologram');

export const HologramPage = z
  .object({
    items: z.array(Hologram),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: 'Pass as `cursor` for the next page' }),
  })
  .openapi('HologramPage');

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const SimilarQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(5),
});

export const Similar = z
  .object({
    items: z.array(Hologram.extend({ distance: z.number() })),
  })
  .openapi('SimilarHolograms');
