// Path parameters of a chunk part, shared by the owner's routes (/api/v1/holograms/{id}/chunks/…)
// and the public share routes (/api/public/shares/{token}/chunks/…): they validate requests and
// generate the OpenAPI document.
import { z } from '@hono/zod-openapi';
import { binary } from '../http/openapi.ts';
import { PART_CONTENT_TYPES, PART_KINDS } from './contract.ts';

/** One canonical spelling per part: plain decimal, no sign, no leading zeros, no 0x or 1e3. */
export const SeqParam = z
  .string()
  .regex(/^(0|[1-9]\d{0,5})$/, 'must be a whole number 0 … 999999 in plain decimal')
  .transform(Number)
  .openapi({
    param: { name: 'seq', in: 'path', required: true },
    type: 'integer',
    minimum: 0,
    maximum: 999_999,
    example: 0,
  });

export const KindParam = z
  .enum(PART_KINDS)
  .openapi({ param: { name: 'kind', in: 'path' }, example: 'audio' });

/** A part's bytes, in either of its media types (request and response bodies). */
export const partContent = {
  [PART_CONTENT_TYPES.audio]: { schema: binary },
  [PART_CONTENT_TYPES.frames]: { schema: binary },
};
