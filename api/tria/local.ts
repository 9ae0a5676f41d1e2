// The chat's answer without a Mistral key: Tria's local engine (workers/tria/engine.ts) given
// the user's real data from the database. Only what the recognised intent needs is read: the
// newest hologram's frames for "describe", the "sounds like" search for "find similar".
import { answer, type TriaContext, type TriaReply } from '../../workers/tria/engine.ts';
import { recognise } from '../../workers/tria/intents.ts';
import type { TriaLang } from '../../workers/tria/text.ts';
import type { AppDeps } from '../deps.ts';
import { similarHolograms } from '../holograms/fingerprint.ts';
import { describeHologram, newestHolograms } from './holograms.ts';

/** "Sounds like" results the local engine lists. */
const SIMILAR = 3;

export async function localReply(
  deps: AppDeps,
  owner: string,
  message: string,
  lang: TriaLang,
  recording: boolean,
): Promise<TriaReply> {
  const { intent } = recognise(message, lang);
  const ctx: TriaContext = { lang, recording };
  if (intent === 'describe-last' || intent === 'find-similar') {
    const last = (await newestHolograms(deps, owner, 1))[0];
    ctx.lastHologram = null;
    if (last) {
      const ref = { id: last.id, title: last.title, createdAt: last.createdAt };
      if (intent === 'describe-last') {
        const d = await describeHologram(deps, owner, last.id);
        ctx.lastHologram = {
          ...ref,
          durationMs: last.durationMs,
          ...(d?.summary ? { summary: d.summary } : {}),
        };
      } else {
        ctx.lastHologram = { ...ref, durationMs: last.durationMs };
        const similar = (await similarHolograms(deps, owner, last.id, SIMILAR)) ?? [];
        ctx.similar = similar.map((s) => ({ id: s.id, title: s.title, distance: s.distance }));
      }
    }
  }
  return answer(message, ctx);
}
