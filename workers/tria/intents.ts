// Tria's intents and how a phrase is recognised: every rule is a list of word groups (alternatives
// split by "|", Russian and English synonyms together); a rule matches when each group has a word
// in the phrase, compared by stem (or by stem prefix for stems of 4+ letters). The matching rule
// with the most groups wins, earlier rules on a tie; no match is the fallback. Slots (rotation,
// zoom, history on/off, hologram reference) are read from the same words.
import type { ViewAction } from './actions.ts';
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

interface RecognisedBase {
  lang: TriaLang;
  /** The phrase names a hologram: only "last" is understood. */
  hologram?: 'last';
}

/** A recognised phrase; the 'view' intent carries its command and the action it asks for. */
export type Recognised =
  | (RecognisedBase & { intent: Exclude<TriaIntent, 'view'> })
  | (RecognisedBase & { intent: 'view'; view: { command: ViewCommand; action: ViewAction } });

/** Rotation when the phrase names no angle, in degrees. */
export const DEFAULT_ROTATE_DEG = 30;
/** Zoom step when the phrase names no factor. */
export const DEFAULT_ZOOM = 1.25;

/** What a rule recognises: an intent, or for the 'view' intent one of its commands. */
type RuleTarget = Exclude<TriaIntent, 'fallback' | 'view'> | ViewCommand;
const VIEW_COMMANDS: readonly string[] = ['rotate', 'zoom', 'reset', 'history', 'colour-scheme'];
const isViewCommand = (t: RuleTarget): t is ViewCommand => VIEW_COMMANDS.includes(t);

interface Rule {
  target: RuleTarget;
  groups: string[][];
}

const ROTATE =
  'rotate|spin|orbit|turn|tilt|поверни|повернуть|поверните|вращай|вращать|крути|покрути|разверни|наклони';
const DIRECTION = 'left|right|up|down|влево|налево|вправо|направо|вверх|наверх|вниз|книзу';
const ZOOM_IN = 'closer|bigger|enlarge|magnify|приблизь|приблизить|увеличь|увеличить|крупнее|ближе';
const ZOOM_OUT = 'further|farther|smaller|отдали|отдалить|уменьши|уменьшить|мельче|дальше';
const HISTORY = 'history|trail|истори|шлейф';
const HISTORY_OFF =
  'off|disable|hide|remove|выключи|выключить|отключи|отключить|скрой|скрыть|убери|убрать|спрячь';
const HISTORY_SWITCH = `on|enable|show|turn|switch|mode|включи|включить|покажи|показать|режим|${HISTORY_OFF}`;
const RECORD = 'record|capture|запис|запиш';
const HOLOGRAM = 'hologram|recording|record|take|голограмм|запис';
const LAST = 'last|latest|recent|previous|последн|предыдущ';

// Order matters only on ties: more specific intents come first.
const RULES_SOURCE: Array<[RuleTarget, string[]]> = [
  [
    'stop-recording',
    [
      'stop|end|finish|halt|останови|остановить|стоп|хватит|закончи|закончить|прекрати|заверши|выключи',
      RECORD,
    ],
  ],
  ['start-recording', ['start|begin|начни|начать|начинай|запусти|включи|старт', RECORD]],
  ['start-recording', ['record|запиши|записывай']],
  [
    'find-similar',
    [
      'similar|alike|resembl|похож|подобн|схож',
      `find|search|show|other|${HOLOGRAM}|sound|найди|найти|ищи|покажи|звуч`,
    ],
  ],
  ['find-similar', ['sound|звуч', 'like|похож']],
  ['find-similar', ['similar|alike|похож|подобн']],
  [
    'describe-last',
    [
      'describe|summary|summarize|summarise|explain|tell|опиши|описать|расскажи|описание',
      `${LAST}|my|мою|моей`,
      HOLOGRAM,
    ],
  ],
  ['describe-last', ['describe|summarize|summarise|опиши|описать|описание', HOLOGRAM]],
  ['describe-last', [LAST, HOLOGRAM]],
  [
    'current-note',
    [
      'note|pitch|tone|нота|ноту|тон',
      'what|which|current|now|play|sound|hear|identify|tell|name|какая|какой|что|сейчас|звучит|играет|слышишь|определи|назови',
    ],
  ],
  [
    'current-note',
    ['what|что|какая|какой', 'play|sound|hear|звучит|играет|слышишь|слышно', 'now|right|сейчас'],
  ],
  ['current-note', ['what|что|какая|какой', 'frequency|частота|частоту']],
  ['gestures', ['how|what|which|как|какие', 'gesture|жест']],
  ['gestures', ['gesture|жест']],
  ['gestures', ['hand|рук|ладон', 'use|control|how|move|wave|steer|управл|как|показ']],
  ['history', [HISTORY, HISTORY_SWITCH]],
  [
    'colour-scheme',
    [
      'colour|color|palette|scheme|цвет|палитр|схем|расцветк',
      'change|next|switch|cycle|another|different|other|scheme|palette|смени|сменить|поменяй|поменять|следующ|друг|измени|переключи|схем|палитр',
    ],
  ],
  [
    'reset',
    [
      'reset|default|recenter|recentre|center|centre|сброс|сбрось|сбросить|исходн|отцентрируй|верни|вернуть',
      'view|camera|scene|zoom|rotation|вид|камер|сцен|масштаб|поворот|ракурс',
    ],
  ],
  ['reset', ['reset|сброс|сбрось']],
  [
    'rotate',
    [ROTATE, `${DIRECTION}|view|hologram|scene|camera|degree|вид|голограмм|сцен|камер|градус`],
  ],
  ['rotate', ['rotate|spin|orbit|поверни|повернуть|вращай|вращать|крути|покрути|разверни']],
  ['zoom', ['zoom|зум|масштаб', 'in|out|view|hologram|scene|вид|голограмм|сцен']],
  [
    'zoom',
    [
      `zoom|зум|${ZOOM_IN}|${ZOOM_OUT}`,
      'view|hologram|scene|camera|it|вид|голограмм|сцен|камер|масштаб',
    ],
  ],
  ['zoom', [`zoom|зум|${ZOOM_IN}|${ZOOM_OUT}`]],
  ['help', ['what|how', 'can|could', 'do|help']],
  ['help', ['что|чем', 'умеешь|умеете|можешь|можете']],
  ['help', ['умеешь|умеете']],
  ['help', ['help|commands|capabilities|abilities|помощь|помоги|помогите|справка|команды']],
  ['help', ['who|кто', 'you|ты|вы']],
];

const stems = (alternatives: string): string[] => alternatives.split('|').map(stem);
const RULES: Rule[] = RULES_SOURCE.map(([target, groups]) => ({
  target,
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

function rotateAction(tokens: string[], text: string): ViewAction {
  const n = firstNumber(text);
  const deg = n !== null && n > 0 && n <= 360 ? n : DEFAULT_ROTATE_DEG;
  if (has(tokens, 'left|влево|налево')) return { type: 'rotate', yawDeg: -deg, pitchDeg: 0 };
  if (has(tokens, 'up|вверх|наверх')) return { type: 'rotate', yawDeg: 0, pitchDeg: deg };
  if (has(tokens, 'down|вниз|книзу')) return { type: 'rotate', yawDeg: 0, pitchDeg: -deg };
  return { type: 'rotate', yawDeg: deg, pitchDeg: 0 };
}

function zoomAction(tokens: string[], text: string): ViewAction {
  const out = tokens.includes('out') || has(tokens, ZOOM_OUT);
  const n = firstNumber(text);
  const factor = n !== null && n > 1 && n <= 10 ? n : DEFAULT_ZOOM;
  return { type: 'zoom', factor: out ? 1 / factor : factor };
}

function viewAction(command: ViewCommand, tokens: string[], text: string): ViewAction {
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
  const hologram = has(tokens, LAST) ? { hologram: 'last' as const } : {};
  const { target } = best;
  if (!isViewCommand(target)) return { intent: target, lang: replyLang, ...hologram };
  const view = { command: target, action: viewAction(target, tokens, text) };
  return { intent: 'view', lang: replyLang, view, ...hologram };
}
