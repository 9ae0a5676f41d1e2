// Recognition of Tria's intents: a table of phrasings in both languages, off-topic phrasings that
// must fall back, and the slots (rotation, zoom, history, hologram reference).
import { describe, expect, it } from 'vitest';
import type { Recognised, TriaIntent, ViewCommand } from './intents.ts';
import { DEFAULT_ROTATE_DEG, DEFAULT_ZOOM, recognise } from './intents.ts';
import type { TriaLang } from './text.ts';

type Row = [phrase: string, intent: TriaIntent, view?: ViewCommand];
const viewOf = (r: Recognised) => ('view' in r ? r.view : undefined);

const EN: Row[] = [
  ['help', 'help'],
  ['What can you do?', 'help'],
  ['show me the commands', 'help'],
  ['What note is playing now?', 'current-note'],
  ['which pitch is this', 'current-note'],
  ["what's playing right now", 'current-note'],
  ['tell me the current note', 'current-note'],
  ['Describe my last hologram', 'describe-last'],
  ['tell me about my latest recording', 'describe-last'],
  ['summarize the previous hologram', 'describe-last'],
  ['find similar holograms', 'find-similar'],
  ['what sounds like my last recording?', 'find-similar'],
  ['show me something similar', 'find-similar'],
  ['Start recording', 'start-recording'],
  ['record this', 'start-recording'],
  ['begin capture', 'start-recording'],
  ['stop recording', 'stop-recording'],
  ['end the recording', 'stop-recording'],
  ['finish recording please', 'stop-recording'],
  ['rotate left by 45 degrees', 'view', 'rotate'],
  ['turn the hologram right', 'view', 'rotate'],
  ['spin it up 90 degrees', 'view', 'rotate'],
  ['rotate', 'view', 'rotate'],
  ['zoom in', 'view', 'zoom'],
  ['zoom out 2x', 'view', 'zoom'],
  ['get closer', 'view', 'zoom'],
  ['reset the view', 'view', 'reset'],
  ['recenter the camera', 'view', 'reset'],
  ['turn on history', 'view', 'history'],
  ['hide the history', 'view', 'history'],
  ['history mode off', 'view', 'history'],
  ['next colour scheme', 'view', 'colour-scheme'],
  ['change colors', 'view', 'colour-scheme'],
  ['switch palette', 'view', 'colour-scheme'],
  ['How do I use gestures?', 'gestures'],
  ['how can I control it with my hands', 'gestures'],
  ['which gestures work', 'gestures'],
];

const RU: Row[] = [
  ['помощь', 'help'],
  ['что ты умеешь?', 'help'],
  ['помоги мне', 'help'],
  ['какие есть команды', 'help'],
  ['какая нота сейчас звучит?', 'current-note'],
  ['Что сейчас играет', 'current-note'],
  ['определи ноту', 'current-note'],
  ['какая частота звучит', 'current-note'],
  ['опиши мою последнюю голограмму', 'describe-last'],
  ['расскажи о последней записи', 'describe-last'],
  ['что было в предыдущей голограмме', 'describe-last'],
  ['найди похожие голограммы', 'find-similar'],
  ['что звучит похоже на мою последнюю запись', 'find-similar'],
  ['покажи что-то похожее', 'find-similar'],
  ['начни запись', 'start-recording'],
  ['запиши это', 'start-recording'],
  ['включи запись', 'start-recording'],
  ['останови запись', 'stop-recording'],
  ['хватит записывать', 'stop-recording'],
  ['стоп запись!', 'stop-recording'],
  ['поверни влево на 90 градусов', 'view', 'rotate'],
  ['поверни голограмму вправо', 'view', 'rotate'],
  ['вращай вверх на 45 градусов', 'view', 'rotate'],
  ['наклони вниз', 'view', 'rotate'],
  ['приблизь', 'view', 'zoom'],
  ['уменьши в 2 раза', 'view', 'zoom'],
  ['увеличь масштаб', 'view', 'zoom'],
  ['сбрось вид', 'view', 'reset'],
  ['верни исходный вид', 'view', 'reset'],
  ['включи историю', 'view', 'history'],
  ['выключи режим истории', 'view', 'history'],
  ['скрой историю', 'view', 'history'],
  ['смени цветовую схему', 'view', 'colour-scheme'],
  ['следующая палитра', 'view', 'colour-scheme'],
  ['поменяй цвета', 'view', 'colour-scheme'],
  ['как управлять жестами?', 'gestures'],
  ['какие жесты ты понимаешь', 'gestures'],
  ['как управлять руками', 'gestures'],
];

const OFF_TOPIC: Array<[string, TriaLang]> = [
  ["what's the weather like tomorrow", 'en'],
  ['tell me a joke', 'en'],
  ['who won the football match yesterday', 'en'],
  ['how much does bitcoin cost', 'en'],
  ['recommend a good movie', 'en'],
  ['write a poem about cats', 'en'],
  ['what is the capital of France', 'en'],
  ['order a pizza', 'en'],
  ['how tall is mount everest', 'en'],
  ['translate cat into german', 'en'],
  ['какая погода будет завтра', 'ru'],
  ['расскажи анекдот', 'ru'],
  ['кто выиграл матч вчера', 'ru'],
  ['сколько стоит биткоин', 'ru'],
  ['посоветуй хороший фильм', 'ru'],
  ['напиши стихи про кошек', 'ru'],
  ['какая столица Франции', 'ru'],
  ['закажи пиццу', 'ru'],
  ['расскажи историю', 'ru'],
  ['переведи слово кошка на немецкий', 'ru'],
];

const INTENTS: TriaIntent[] = [
  'help',
  'current-note',
  'describe-last',
  'find-similar',
  'start-recording',
  'stop-recording',
  'view',
  'gestures',
];
const VIEWS: ViewCommand[] = ['rotate', 'zoom', 'reset', 'history', 'colour-scheme'];

describe('recognise', () => {
  it('has at least 20 distinct phrasings per language covering every intent and view command', () => {
    for (const rows of [EN, RU]) {
      expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
      expect(rows.length).toBeGreaterThanOrEqual(20);
      expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(INTENTS));
      expect(new Set(rows.map((r) => r[2]).filter(Boolean))).toEqual(new Set(VIEWS));
    }
  });

  const table = (rows: Row[], lang: TriaLang) =>
    rows.map(([phrase, intent, view]) => [phrase, intent, view ?? null, lang] as const);
  it.each([...table(EN, 'en'), ...table(RU, 'ru')])('%s → %s %s', (phrase, intent, view, lang) => {
    // The UI language is the other one: the phrase's own script must win.
    const r = recognise(phrase, lang === 'ru' ? 'en' : 'ru');
    expect(r.intent).toBe(intent);
    expect(r.lang).toBe(lang);
    expect(viewOf(r)?.command ?? null).toBe(view);
  });

  it.each(OFF_TOPIC)('off-topic "%s" falls back (%s)', (phrase, lang) => {
    expect(recognise(phrase)).toEqual({ intent: 'fallback', lang });
  });

  it('normalises case, ё, punctuation and spacing', () => {
    expect(recognise('  КАКАЯ   нота,  сейчас ЗВУЧИТ?!  ').intent).toBe('current-note');
    expect(viewOf(recognise('Включи   ИСТОРИЮ…'))?.action).toEqual({ type: 'history', on: true });
    expect(viewOf(recognise('ещё раз поверни влево'))?.action.type).toBe('rotate');
  });

  it('detects the language by the majority script, with the fallback on a tie or no letters', () => {
    expect(recognise('поверни hologram влево').lang).toBe('ru');
    expect(recognise('rotate голограмму left please').lang).toBe('en');
    expect(recognise('???', 'ru')).toEqual({ intent: 'fallback', lang: 'ru' });
  });
});

describe('slots', () => {
  it.each([
    ['rotate left by 45 degrees', -45, 0],
    ['поверни влево на 90 градусов', -90, 0],
    ['turn the hologram right', DEFAULT_ROTATE_DEG, 0],
    ['вращай вверх на 45 градусов', 0, 45],
    ['tilt down by 12.5°', 0, -12.5],
    ['rotate', DEFAULT_ROTATE_DEG, 0],
    ['поверни вправо на 1000 градусов', DEFAULT_ROTATE_DEG, 0],
  ])('%s → yaw %d, pitch %d', (phrase, yawDeg, pitchDeg) => {
    expect(viewOf(recognise(phrase))?.action).toEqual({ type: 'rotate', yawDeg, pitchDeg });
  });

  it.each([
    ['zoom in', DEFAULT_ZOOM],
    ['zoom out', 1 / DEFAULT_ZOOM],
    ['zoom in 3x', 3],
    ['zoom out 2x', 0.5],
    ['уменьши в 2 раза', 0.5],
    ['приблизь в 4 раза', 4],
    ['отдали', 1 / DEFAULT_ZOOM],
  ])('%s → zoom ×%d', (phrase, factor) => {
    expect(viewOf(recognise(phrase))?.action).toEqual({ type: 'zoom', factor });
  });

  it('reads history on/off', () => {
    expect(viewOf(recognise('turn on history'))?.action).toEqual({ type: 'history', on: true });
    expect(viewOf(recognise('history mode off'))?.action).toEqual({ type: 'history', on: false });
    expect(viewOf(recognise('скрой историю'))?.action).toEqual({ type: 'history', on: false });
  });

  it('reads the hologram reference', () => {
    expect(recognise('describe my last hologram').hologram).toBe('last');
    expect(recognise('опиши последнюю запись').hologram).toBe('last');
    expect(recognise('describe the hologram').hologram).toBeUndefined();
  });
});
