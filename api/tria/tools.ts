// The tools the Mistral path offers the model, and running them for the signed-in user: list and
// search their holograms (title text and "sounds like" through the pgvector fingerprints),
// describe one from its frames, and propose a scene action for the client. Arguments are checked
// with zod (the same schemas give the model its JSON Schema); every lookup is the owner's, so a
// call naming another user's hologram gets "not found", exactly as an unknown id does.
import { z } from 'zod';
import { isTriaAction, type TriaAction } from '../../workers/tria/actions.ts';
import { describeSummary } from '../../workers/tria/replies.ts';
import type { AppDeps } from '../deps.ts';
import { similarHolograms } from '../holograms/fingerprint.ts';
import { hologramExists } from '../holograms/store.ts';
import type { EmitEvent } from './events.ts';
import {
  brief,
  describeHologram,
  type HologramDescription,
  newestHolograms,
  searchByTitle,
} from './holograms.ts';
import type { ToolCall, ToolOutcome, ToolSpec } from './loop.ts';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HologramRef = z
  .string()
  .refine((s) => s === 'last' || UUID.test(s), 'a hologram id (UUID) or "last"')
  .describe('A hologram id from list_holograms or search_holograms, or "last" for the newest');

const ACTION_TYPES = [
  'rotate',
  'zoom',
  'reset-view',
  'history',
  'colour-scheme',
  'start-recording',
  'stop-recording',
  'open-hologram',
  'find-similar',
] as const satisfies readonly TriaAction['type'][];

const args = {
  list_holograms: z
    .object({ limit: z.number().int().min(1).max(20).optional().describe('How many (10)') })
    .strict(),
  search_holograms: z
    .object({
      text: z.string().min(1).max(200).optional().describe('Words the title contains'),
      soundsLike: HologramRef.optional().describe(
        'Find holograms that sound like this one (audio fingerprints)',
      ),
      limit: z.number().int().min(1).max(10).optional().describe('How many of each (5)'),
    })
    .strict(),
  describe_hologram: z.object({ id: HologramRef }).strict(),
  propose_action: z
    .object({
      type: z.enum(ACTION_TYPES),
      yawDeg: z.number().optional().describe('rotate: degrees, > 0 turns right (−360 … 360)'),
      pitchDeg: z.number().optional().describe('rotate: degrees, > 0 turns up (−360 … 360)'),
      factor: z.number().optional().describe('zoom: > 1 closer, < 1 further (0.1 … 10)'),
      on: z.boolean().optional().describe('history: on or off'),
      id: z.string().optional().describe('open-hologram, find-similar: the hologram id'),
    })
    .strict(),
};

type ToolName = keyof typeof args;

const DESCRIPTIONS: Record<ToolName, string> = {
  list_holograms: "The user's holograms (recordings), newest first: id, title, date, duration.",
  search_holograms:
    "Search the user's holograms by title words and/or by sound (holograms that sound like a given one).",
  describe_hologram:
    'Describe one hologram from its recorded frames: dominant notes, loudness over time, stereo image, duration, gestures used.',
  propose_action:
    "Ask the app to act on the user's screen: rotate or zoom the view, reset it, history on/off, next colour scheme, start/stop recording, open a hologram, show similar ones.",
};

function parameters(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Record<
    string,
    unknown
  >;
  return rest;
}

export const TOOL_SPECS: ToolSpec[] = (Object.keys(args) as ToolName[]).map((name) => ({
  name,
  description: DESCRIPTIONS[name],
  parameters: parameters(args[name]),
}));

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** The description as the model reads it: rounded figures, names of notes. */
export function describeForModel(d: HologramDescription) {
  const s = d.summary;
  return {
    id: d.id,
    title: d.title,
    createdAt: d.createdAt,
    durationMs: d.durationMs,
    complete: d.complete,
    frames: s?.frameCount ?? 0,
    dominantNotes: d.notes.map((n) => ({
      note: n.en,
      ru: n.ru,
      hz: round(n.frequencyHz, 1),
      share: round(n.share, 2),
    })),
    loudnessDb: s
      ? {
          min: round(s.loudness.minDb, 1),
          mean: round(s.loudness.meanDb, 1),
          max: round(s.loudness.maxDb, 1),
          overTime: s.loudness.timelineDb.map((v) => round(v, 1)),
        }
      : null,
    stereo: s ? { meanPan: round(s.stereo.meanPan, 2), width: round(s.stereo.width, 2) } : null,
    gestures: d.gestures,
    ...(d.sampled ? { note: 'long recording: described from an even sample of its frames' } : {}),
  };
}

/** One English paragraph about the hologram, for Tria's memory. */
export function describeForMemory(d: HologramDescription): string {
  const base = describeSummary(
    { title: d.title, durationMs: d.durationMs, ...(d.summary ? { summary: d.summary } : {}) },
    'en',
  );
  const gestures = d.gestures.map((g) => `${g.gesture} ×${g.count}`).join(', ');
  return `Hologram ${d.id} recorded ${d.createdAt}. ${base}${gestures ? ` Gestures: ${gestures}.` : ''}`;
}

export interface ToolContext {
  deps: AppDeps;
  owner: string;
  emit: EmitEvent;
  /** Each description made, for memory. */
  onDescribed?: (d: HologramDescription) => Promise<void>;
}

const fail = (error: string): ToolOutcome => ({ ok: false, content: JSON.stringify({ error }) });
const ok = (result: unknown): ToolOutcome => ({ ok: true, content: JSON.stringify(result) });
const NOT_FOUND = 'no hologram with this id in the user’s account';

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text || '{}');
  } catch {
    return undefined;
  }
}

function buildAction(a: z.infer<(typeof args)['propose_action']>): unknown {
  switch (a.type) {
    case 'rotate':
      return { type: a.type, yawDeg: a.yawDeg ?? 0, pitchDeg: a.pitchDeg ?? 0 };
    case 'zoom':
      return { type: a.type, factor: a.factor };
    case 'history':
      return { type: a.type, on: a.on };
    case 'colour-scheme':
      return { type: a.type, scheme: 'next' };
    case 'open-hologram':
    case 'find-similar':
      return { type: a.type, id: a.id?.toLowerCase() };
    default:
      return { type: a.type };
  }
}

/** Runs the model's tool calls for one user; `actions` collects what propose_action sent. */
export function createToolRunner(ctx: ToolContext) {
  const actions: TriaAction[] = [];
  const { deps, owner } = ctx;

  const resolve = async (ref: string): Promise<string | null> => {
    if (ref === 'last') return (await newestHolograms(deps, owner, 1))[0]?.id ?? null;
    const id = ref.toLowerCase();
    return (await hologramExists(deps.db, owner, id)) ? id : null;
  };

  const handlers: { [K in ToolName]: (a: z.infer<(typeof args)[K]>) => Promise<ToolOutcome> } = {
    async list_holograms(a) {
      const items = await newestHolograms(deps, owner, a.limit ?? 10);
      return ok({ holograms: items.map(brief) });
    },
    async search_holograms(a) {
      if (a.text === undefined && a.soundsLike === undefined) {
        return fail('give `text`, `soundsLike` or both');
      }
      const limit = a.limit ?? 5;
      const result: Record<string, unknown> = {};
      if (a.text !== undefined) result.byTitle = await searchByTitle(deps, owner, a.text, limit);
      if (a.soundsLike !== undefined) {
        const id = await resolve(a.soundsLike);
        if (!id) return fail(NOT_FOUND);
        const similar = (await similarHolograms(deps, owner, id, limit)) ?? [];
        result.soundsLike = similar.map((s) => ({ ...brief(s), distance: round(s.distance, 3) }));
      }
      return ok(result);
    },
    async describe_hologram(a) {
      const id = await resolve(a.id);
      const d = id ? await describeHologram(deps, owner, id) : null;
      if (!d) return fail(NOT_FOUND);
      await ctx.onDescribed?.(d);
      return ok(describeForModel(d));
    },
    async propose_action(a) {
      const action = buildAction(a);
      if (!isTriaAction(action)) {
        return fail(`not a valid ${a.type} action (check the ranges): ${JSON.stringify(action)}`);
      }
      if (
        (action.type === 'open-hologram' || action.type === 'find-similar') &&
        !(await hologramExists(deps.db, owner, action.id))
      ) {
        return fail(NOT_FOUND);
      }
      actions.push(action);
      await ctx.emit({ event: 'action', data: { action } });
      return ok({ sent: action });
    },
  };

  async function run(call: ToolCall): Promise<ToolOutcome> {
    if (!(call.name in args)) return fail(`unknown tool ${call.name}`);
    const name = call.name as ToolName;
    const parsed = args[name].safeParse(parseArguments(call.arguments));
    if (!parsed.success) {
      return fail(
        `bad arguments: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ')}`,
      );
    }
    return (handlers[name] as (a: unknown) => Promise<ToolOutcome>)(parsed.data);
  }

  return { run, actions };
}
