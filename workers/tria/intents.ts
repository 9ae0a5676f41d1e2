// Tria's intents and how a phrase is recognised: every rule is a list of word groups (alternatives
// split by "|", Russian and English synonyms together); a rule matches when each group has a word
// in the phrase, compared by stem (or by stem prefix for stems of 4+ letters). The matching rule
// with the most groups wins, earlier rules on a tie; no match is the fallback. Slots (rotation,
// zoom, history on/off, hologram reference) are read from the same words.
import type { TriaAction } from './actions.ts';
import type { TriaLang } from './text.ts';
import { detectLang, normalise, stem, tokenise } from './text.ts';

export type TriaIntent =
  | 'help'
  | 'current-note'
  | 'describe-last'
  | 'find-similar'
  | 'start-recording'
  | 'stop-recording'
  | 'view'
  | 'gestures'
  | 'fallback';

export type ViewCommand = 'rotate' | 'zoom' | 'reset' | 'history' | 'colour-scheme';

export interface Recognised {
  intent: TriaIntent;
  lang: TriaLang;
  /** For intent 'view': the command and the action it asks for. */
  view?: { command: ViewCommand; action: TriaAction };
  /** The phrase names a hologram: only "last" is understood. */
  hologram?: 'last';
}

/** Rotation when the phrase names no angle, in degrees. */
export const DEFAULT_ROTATE_DEG = 30;
/** Zoom step when the phrase names no factor. */
export const DEFAULT_ZOOM = 1.25;

interface Rule {
  intent: Exclude<TriaIntent, 'fallback'>;
  view?: ViewCommand;
  groups: string[][];
}

const ROTATE = 'rotate|spin|orbit|turn|tilt|поверни|повернуть|поверните|вращай|вращать|крути|покрути|разверни|наклони';
const DIRECTION = 'left|right|up|down|влево|налево|вправо|направо|вверх|наверх|вниз|книзу';
const ZOOM_IN = 'closer|bigger|enlarge|magnify|приблизь|приблизить|увеличь|увеличить|крупнее|ближе';
const ZOOM_OUT = 'further|farther|smaller|отдали|отдалить|уменьши|уменьшить|мельче|дальше';
const HISTORY = 'history|trail|истори|шлейф';
const HISTORY_OFF = 'off|disable|hide|remove|выключи|выключить|отключи|отключить|скрой|скрыть|убери|убрать|спрячь';
const HISTORY_SWITCH = `on|enable|show|turn|switch|mode|включи|включить|покажи|показать|режим|${HISTORY_OFF}`;
const RECORD = 'record|capture|запис|запиш';
const HOLOGRAM = 'hologram|recording|record|take|голограмм|запис';
const LAST = 'last|latest|recent|previous|последн|предыдущ';

// Order matters only on ties: more specific intents come first.
const RULES_SOURCE: Array<[Rule['intent'], ViewCommand | null, string[]]> = [
  ['stop-recording', null, ['stop|end|finish|halt|останови|остановить|стоп|хватит|закончи|закончить|прекрати|заверши|выключи', RECORD]],
  ['start-recording', null, ['start|begin|начни|начать|начинай|запусти|включи|старт', RECORD]],
  ['start-recording', null, ['record|запиши|записывай']],
  ['find-similar', null, ['similar|alike|resembl|похож|подобн|схож', `find|search|show|other|${HOLOGRAM}|sound|найди|найти|ищи|покажи|звуч`]],
  ['find-similar', null, ['sound|звуч', 'like|похож|как']],
  ['find-similar', null, ['similar|alike|похож|подобн']],
  ['describe-last', null, ['describe|summary|summarize|summarise|explain|tell|опиши|описать|расскажи|описание', `${LAST}|my|мою|моей`, HOLOGRAM]],
  ['describe-last', null, ['describe|summarize|summarise|опиши|описать|описание', HOLOGRAM]],
  ['describe-last', null, [LAST, HOLOGRAM]],
  ['current-note', null, ['note|pitch|tone|нота|ноту|тон', 'what|which|current|now|play|sound|hear|identify|tell|name|какая|какой|что|сейчас|звучит|играет|слышишь|определи|назови']],
  ['current-note', null, ['what|что|какая|какой', 'play|sound|hear|звучит|играет|слышишь|слышно', 'now|right|сейчас']],
  ['current-note', null, ['what|что|какая|какой', 'frequency|частота|частоту']],
  ['gestures', null, ['how|what|which|как|какие', 'gesture|жест']],
  ['gestures', null, ['gesture|жест']],
  ['gestures', null, ['hand|рук|ладон', 'use|control|how|move|wave|steer|управл|как|показ']],
  ['view', 'history', [HISTORY, HISTORY_SWITCH]],
  ['view', 'colour-scheme', ['colour|color|palette|scheme|цвет|палитр|схем|расцветк', 'change|next|switch|cycle|another|different|other|scheme|palette|смени|сменить|поменяй|поменять|следующ|друг|измени|переключи|схем|палитр']],
  ['view', 'reset', ['reset|default|recenter|recentre|center|centre|сброс|сбрось|сбросить|исходн|отцентрируй|верни|вернуть', 'view|camera|scene|zoom|rotation|вид|камер|сцен|масштаб|поворот|ракурс']],
  ['view', 'reset', ['reset|сброс|сбрось']],
  ['view', 'rotate', [ROTATE, `${DIRECTION}|view|hologram|scene|camera|degree|it|вид|голограмм|сцен|камер|градус|ее`]],
  ['view', 'rotate', ['rotate|spin|orbit|поверни|повернуть|вращай|вращать|крути|покрути|разверни']],
  ['view', 'zoom', ['zoom|зум|масштаб', 'in|out|view|hologram|scene|вид|голограмм|сцен']],
  ['view', 'zoom', [`zoom|зум|${ZOOM_IN}|${ZOOM_OUT}`, 'view|hologram|scene|camera|it|вид|голограмм|сцен|камер|масштаб']],
  ['view', 'zoom', [`zoom|зум|${ZOOM_IN}|${ZOOM_OUT}`]],
  ['help', null, ['can|could|умеешь|умеете|можешь|можете', 'you|do|ты|вы']],
  ['help', null, ['help|commands|capabilities|abilities|помощь|помоги|помогите|справка|команды']],
  ['help', null, ['who|кто', 'you|ты|вы']],
];

const stems = (alternatives: string): string[] => alternatives.split('|').map(stem);
const RULES: Rule[] = RULES_SOURCE.map(([intent, view, groups]) => ({
  intent,
  ...(view ? { view } : {}),
  groups: groups.map(stems),
}));

const matches = (token: string, key: string): boolean =>
  token === key || (key.length >= 4 && token.startsWith(key));
const has = (tokens: string[], alternatives: string): boolean => {
  const keys = stems(alternatives);
  return tokens.some((t) => keys.some((k) => matches(t, k)));
};

function firstNumber(text: string): number | null {
  const m = text.match(/\d+(?:\.\d+)?/);
  return m ? Number(m[0]) : null;
}

function rotateAction(tokens: string[], text: string): TriaAction {
  const n = firstNumber(text);
  const deg = n !== null && n > 0 && n <= 360 ? n : DEFAULT_ROTATE_DEG;
  if (has(tokens, 'left|влево|налево')) return { type: 'rotate', yawDeg: -deg, pitchDeg: 0 };
  if (has(tokens, 'up|вверх|наверх')) return { type: 'rotate', yawDeg: 0, pitchDeg: deg };
  if (has(tokens, 'down|вниз|книзу')) return { type: 'rotate', yawDeg: 0, pitchDeg: -deg };
  return { type: 'rotate', yawDeg: deg, pitchDeg: 0 };
}

function zoomAction(tokens: string[], text: string): TriaAction {
  const out = tokens.includes('out') || has(tokens, ZOOM_OUT);
  const n = firstNumber(text);
  const factor = n !== null && n > 1 && n <= 10 ? n : DEFAULT_ZOOM;
  return { type: 'zoom', factor: out ? 1 / factor : factor };
}

function viewAction(command: ViewCommand, tokens: string[], text: string): TriaAction {
  switch (command) {
    case 'rotate':
      return rotateAction(tokens, text);
    case 'zoom':
      return zoomAction(tokens, text);
    case 'reset':
      return { type: 'reset-view' };
    case 'history':
      return { type: 'history', on: !has(tokens, HISTORY_OFF) };
    case 'colour-scheme':
      return { type: 'colour-scheme', scheme: 'next' };
  }
}

/** Recognises one phrase; `lang` breaks a tie between scripts (and answers input with no letters). */
export function recognise(input: string, lang: TriaLang = 'en'): Recognised {
  const replyLang = detectLang(input, lang);
  const text = normalise(input);
  const tokens = tokenise(text).map(stem);
  let best: Rule | null = null;
  for (const rule of RULES) {
    const hit = rule.groups.every((keys) => tokens.some((t) => keys.some((k) => matches(t, k))));
    if (hit && (best === null || rule.groups.length > best.groups.length)) best = rule;
  }
  if (best === null) return { intent: 'fallback', lang: replyLang };
  const result: Recognised = { intent: best.intent, lang: replyLang };
  if (best.view) result.view = { command: best.view, action: viewAction(best.view, tokens, text) };
  if (has(tokens, LAST)) result.hologram = 'last';
  return result;
}
