// Request and response schemas of /api/v1/gestures: they validate requests and generate the
// OpenAPI document. The limits come from the contract the client shares (contract.ts).
import { z } from '@hono/zod-openapi';
import { HologramId } from '../holograms/schemas.ts';
import {
  GESTURE_ACTION_TYPES,
  LANDMARKS_PER_SAMPLE,
  MAX_CHANGES_PAGE,
  MAX_COORDINATE,
  MAX_NAME_LENGTH,
  MAX_SAMPLES,
} from './contract.ts';

export const GestureId = HologramId.openapi({
  param: { name: 'id', in: 'path' },
  example: '9b2f4c1e-3a5d-4e6f-8a7b-1c2d3e4f5a6b',
  description: 'The gesture definition id, a UUID the client made',
});

export const IdParams = z.object({ id: GestureId });

const Coordinate = z.number().min(-MAX_COORDINATE).max(MAX_COORDINATE);
const Landmark = z.tuple([Coordinate, Coordinate, Coordinate]);

export const Sample = z
  .array(Landmark)
  .length(LANDMARKS_PER_SAMPLE)
  .openapi({
    description: `${LANDMARKS_PER_SAMPLE} landmarks, each [x, y, z], normalised to palm lengths`,
  });

export const GestureAction = z.enum(GESTURE_ACTION_TYPES).openapi({
  description: 'The AppAction type the gesture triggers',
});

export const GestureInput = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(MAX_NAME_LENGTH)
      .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters')
      .openapi({ example: 'horns' }),
    samples: z.array(Sample).min(1).max(MAX_SAMPLES),
    action: GestureAction.nullable().default(null),
    editedAt: z.iso.datetime({ offset: true }).optional().openapi({
      description: "When the user last changed it, client's clock; capped at the server's now",
      example: '2026-11-23T08:15:00.000Z',
    }),
  })
  .strict()
  .openapi('GestureInput');

export const Gesture = z
  .object({
    id: z.string(),
    name: z.string(),
    samples: z.array(z.array(z.array(z.number()))),
    action: GestureAction.nullable(),
    editedAt: z.string(),
    updatedAt: z.string().openapi({ description: 'Server time of the last change (sync cursor)' }),
    version: z.number().int().openapi({ description: 'Bumped by each change; ETag "<version>"' }),
    deleted: z.boolean().openapi({ description: 'A tombstone: name, samples and action cleared' }),
  })
  .openapi('GestureDefinition');

export const GestureChanges = z
  .object({
    items: z.array(Gesture),
    cursor: z
      .string()
      .nullable()
      .openapi({ description: 'Pass as `updatedSince` for the changes after this page' }),
    hasMore: z.boolean(),
  })
  .openapi('GestureChanges');

export const DeleteQuery = z.object({
  editedAt: z.iso.datetime({ offset: true }).optional().openapi({
    description: "When the user deleted it, client's clock (default and cap: the server's now)",
    example: '2026-11-23T08:15:00.000Z',
  }),
});

export const ChangesQuery = z.object({
  updatedSince: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Only changes after this cursor (a previous page’s `cursor`)' }),
  limit: z.coerce.number().int().min(1).max(MAX_CHANGES_PAGE).default(MAX_CHANGES_PAGE),
});

/** `If-Match` / `If-None-Match`: a version (quoted or not) or `*`. */
const Precondition = z
  .string()
  .regex(/^(\*|"?\d{1,9}"?)$/, 'must be * or a version such as "3"')
  .optional();

export const WriteHeaders = z.object({
  'if-match': Precondition.openapi({
    description: 'Apply only if the stored version is this one (412 otherwise)',
  }),
  'if-none-match': Precondition.openapi({
    description: '`*`: create only; 412 when a live definition with this id exists',
  }),
});

export const DeleteHeaders = z.object({
  'if-match': Precondition.openapi({
    description: 'Delete only if the stored version is this one (412 otherwise)',
  }),
});
