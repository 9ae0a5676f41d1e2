// Tria's local engine: answers a phrase from the data the caller supplies (the live frame, the
// last hologram and its summary, "sounds like" results, the recording state) with text in the
// user's language and the scene actions to carry out. No key, no network, no DOM.
import type { HologramFrame } from '../audio/frame.ts';
import type { TriaAction } from './actions.ts';
import type { Recognised, TriaIntent } from './intents.ts';
import { recognise } from './intents.ts';
import { noteName } from './notes.ts';
import { dbText, describeSummary, describeView, GESTURES, HELP, quote, text } from './replies.ts';
import type { HologramSummary } from './summary.ts';
import { loudestBand } from './summary.ts';
import type { TriaLang } from './text.ts';

export interface TriaHologramRef {
  id: string;
  title: string;
  /** ISO 8601. */
  createdAt: string;
  durationMs: number;
  summary?: HologramSummary;
}

export interface TriaContext {
  /** The UI language; the phrase's own script wins when it has letters. */
  lang?: TriaLang;
  currentFrame?: HologramFrame | null;
  lastHologram?: TriaHologramRef | null;
  /** "Sounds like" results for the last hologram, nearest first. */
  similar?: Array<{ id: string; title: string; distance: number }>;
  recording: boolean;
}

export interface TriaReply {
  lang: TriaLang;
  intent: TriaIntent;
  text: string;
  actions: TriaAction[];
}

type Answer = Pick<TriaReply, 'text' | 'actions'>;
const say = (t: string, actions: TriaAction[] = []): Answer => ({ text: t, actions });

function currentNote(frame: HologramFrame | null | undefined, lang: TriaLang): Answer {
  if (!frame) return say(text(lang, 'noInput'));
  const top = loudestBand(frame);
  if (top === null) return say(text(lang, 'silence'));
  const note = noteName(top.band);
  const hz = note.frequencyHz.toFixed(1);
  return lang === 'ru'
    ? say(
        `Сейчас звучит ${note.ru} (${note.en}), ${hz.replace('.', ',')} Гц, уровень ${dbText(top.db, lang)}.`,
      )
    : say(`Now playing ${note.en} (${hz} Hz) at ${dbText(top.db, lang)}.`);
}

function describeLast(last: TriaHologramRef | null | undefined, lang: TriaLang): Answer {
  if (!last) return say(text(lang, 'noHologram'));
  return say(describeSummary(last, lang), [{ type: 'open-hologram', id: last.id }]);
}

function findSimilar(ctx: TriaContext, lang: TriaLang): Answer {
  const last = ctx.lastHologram;
  if (!last) return say(text(lang, 'noHologram'));
  const actions: TriaAction[] = [{ type: 'find-similar', id: last.id }];
  const found = (ctx.similar ?? []).filter((s) => s.id !== last.id).slice(0, 3);
  if (found.length === 0) {
    return say(
      lang === 'ru'
        ? `Ищу голограммы, похожие на ${quote(last.title, lang)}.`
        : `Looking for holograms that sound like ${quote(last.title, lang)}.`,
      actions,
    );
  }
  const list = found.map((s) => `${quote(s.title, lang)} (${s.distance.toFixed(2)})`).join(', ');
  return say(
    lang === 'ru'
      ? `Похожи на ${quote(last.title, lang)}: ${list}.`
      : `Closest to ${quote(last.title, lang)}: ${list}.`,
    actions,
  );
}

function respond(r: Recognised, ctx: TriaContext): Answer {
  const lang = r.lang;
  switch (r.intent) {
    case 'help':
      return say(HELP[lang]);
    case 'current-note':
      return currentNote(ctx.currentFrame, lang);
    case 'describe-last':
      return describeLast(ctx.lastHologram, lang);
    case 'find-similar':
      return findSimilar(ctx, lang);
    case 'start-recording':
      return ctx.recording
        ? say(text(lang, 'alreadyRecording'))
        : say(text(lang, 'startRecording'), [{ type: 'start-recording' }]);
    case 'stop-recording':
      return ctx.recording
        ? say(text(lang, 'stopRecording'), [{ type: 'stop-recording' }])
        : say(text(lang, 'notRecording'));
    case 'view':
      return say(describeView(r.view.action, lang), [r.view.action]);
    case 'gestures':
      return say(GESTURES[lang]);
    case 'fallback':
      return say(`${text(lang, 'fallback')} ${HELP[lang]}`);
  }
}

/** Tria's answer to one phrase, from the caller's real data. */
export function answer(input: string, context: TriaContext): TriaReply {
  const r = recognise(input, context.lang ?? 'en');
  return { lang: r.lang, intent: r.intent, ...respond(r, context) };
}
