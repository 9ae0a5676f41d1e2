// Tria's answers from real data: the note of the live frame, the last hologram's summary, "sounds
// like" results, the recording state, view actions and the fallback, in both languages.
import { describe, expect, it } from 'vitest';
import { createFrame } from '../audio/frame.ts';
import { isTriaAction } from './actions.ts';
import type { TriaContext } from './engine.ts';
import { answer } from './engine.ts';
import { summarizeFrames } from './summary.ts';

function tone(band: number, db: number) {
  const frame = createFrame();
  frame.left[band] = db;
  frame.right[band] = db - 3;
  frame.left[band + 12] = db - 20;
  return frame;
}

const idle: TriaContext = { recording: false };
// Band 57 at −12 dB left, −15 dB right, and band 69 at −32 dB left: ≈ −13.2 dB in all.
const last = {
  id: 'h-1',
  title: 'Morning A',
  createdAt: '2026-11-23T08:00:00Z',
  durationMs: 2500,
  summary: summarizeFrames([0, 500, 1000, 1500, 2000, 2500].map((t) => ({ ...tone(57, -12), t }))),
};

describe('answer: what note is playing', () => {
  it('names A4 at 440 Hz in English for a frame peaking at band 57', () => {
    const r = answer('What note is playing now?', { ...idle, currentFrame: tone(57, -12) });
    expect(r).toMatchObject({ lang: 'en', intent: 'current-note', actions: [] });
    expect(r.text).toBe('Now playing A4 (440.0 Hz) at −12 dB.');
  });

  it('names «ля» (A4) in Russian', () => {
    const r = answer('какая нота сейчас звучит?', { ...idle, currentFrame: tone(57, -20.4) });
    expect(r.lang).toBe('ru');
    expect(r.text).toBe('Сейчас звучит ля4 (A4), 440,0 Гц, уровень −20 дБ.');
  });

  it('names the loudest band of either channel', () => {
    const frame = tone(57, -30);
    frame.right[60] = -10;
    expect(answer('which note is this', { ...idle, currentFrame: frame }).text).toContain('C5');
    frame.right[61] = -5;
    expect(answer('какая нота', { ...idle, currentFrame: frame }).text).toContain('до-диез5');
  });

  it('says it hears nothing when every band is at or below −90 dB', () => {
    const frame = createFrame();
    frame.left.fill(-90);
    expect(answer('what note is playing', { ...idle, currentFrame: frame }).text).toMatch(
      /hear nothing/,
    );
    expect(answer('какая нота звучит', { ...idle, currentFrame: frame }).text).toMatch(/тишина/);
  });

  it('asks for the microphone when there is no frame', () => {
    expect(answer('what note is playing', idle).text).toMatch(/microphone/);
    expect(answer('какая нота звучит', { ...idle, currentFrame: null }).text).toMatch(/микрофон/);
  });
});

describe('answer: holograms', () => {
  it('describes the last hologram from its summary and opens it', () => {
    const en = answer('describe my last hologram', { ...idle, lastHologram: last });
    expect(en.text).toBe(
      '“Morning A”: 2.5 s. Dominant notes: A4. Loudness: min −13 dB, mean −13 dB, max −13 dB; ' +
        'stereo centred, width 0.00.',
    );
    expect(en.actions).toEqual([{ type: 'open-hologram', id: 'h-1' }]);
    const ru = answer('опиши мою последнюю голограмму', { ...idle, lastHologram: last });
    expect(ru.text).toContain('«Morning A»: 2,5 с. Главные ноты: ля4.');
  });

  it('says there is none yet', () => {
    const r = answer('опиши последнюю запись', { ...idle, lastHologram: null });
    expect(r).toMatchObject({ intent: 'describe-last', actions: [] });
    expect(r.text).toMatch(/нет записанных голограмм/);
  });

  it('lists similar holograms (not the last one itself) and asks for the search', () => {
    const similar = [
      { id: 'h-1', title: 'Morning A', distance: 0 },
      { id: 'h-7', title: 'Flute', distance: 0.125 },
      { id: 'h-3', title: 'Choir', distance: 0.31 },
    ];
    const r = answer('find similar', { ...idle, lastHologram: last, similar });
    expect(r.text).toBe('Closest to “Morning A”: “Flute” (0.13), “Choir” (0.31).');
    expect(r.actions).toEqual([{ type: 'find-similar', id: 'h-1' }]);
    const none = answer('найди похожие', { ...idle, lastHologram: last });
    expect(none.text).toBe('Ищу голограммы, похожие на «Morning A».');
  });
});

describe('answer: recording and view', () => {
  it('starts and stops recording according to the state', () => {
    expect(answer('start recording', idle).actions).toEqual([{ type: 'start-recording' }]);
    expect(answer('start recording', { recording: true }).actions).toEqual([]);
    expect(answer('останови запись', { recording: true }).actions).toEqual([
      { type: 'stop-recording' },
    ]);
    expect(answer('останови запись', idle).text).toBe('Сейчас ничего не записывается.');
  });

  it.each([
    [
      'rotate left by 45 degrees',
      { type: 'rotate', yawDeg: -45, pitchDeg: 0 },
      'Rotating left by 45°.',
    ],
    ['поверни вверх', { type: 'rotate', yawDeg: 0, pitchDeg: 30 }, 'Поворачиваю вверх на 30°.'],
    ['zoom out 2x', { type: 'zoom', factor: 0.5 }, 'Zooming out ×2.'],
    ['сбрось вид', { type: 'reset-view' }, 'Возвращаю исходный вид.'],
    ['history off', { type: 'history', on: false }, 'History off.'],
    [
      'смени цветовую схему',
      { type: 'colour-scheme', scheme: 'next' },
      'Следующая цветовая схема.',
    ],
  ])('%s → one valid action', (phrase, action, text) => {
    const r = answer(phrase, idle);
    expect(r).toEqual({ lang: expect.any(String), intent: 'view', text, actions: [action] });
    expect(r.actions.every(isTriaAction)).toBe(true);
  });

  it('explains gestures and help in the user language', () => {
    expect(answer('как управлять жестами?', idle).text).toMatch(/взмахом/);
    expect(answer('how do I use gestures', idle).text).toMatch(/swipe left or right/);
    expect(answer('help', idle).text).toMatch(/rotate left by 45 degrees/);
  });
});

describe('answer: fallback', () => {
  it('answers off-topic input with what Tria can do, in the user language', () => {
    const en = answer('tell me a joke', { ...idle, lang: 'ru' });
    expect(en).toMatchObject({ lang: 'en', intent: 'fallback', actions: [] });
    expect(en.text).toMatch(/^I can only help with Holograms\. Ask me: .*start recording/);
    const ru = answer('какая погода будет завтра', { ...idle, lang: 'en' });
    expect(ru).toMatchObject({ lang: 'ru', intent: 'fallback', actions: [] });
    expect(ru.text).toMatch(/^Я помогаю только с голограммами\. Спросите меня: .*начни запись/);
  });

  it('uses the UI language when the input has no letters', () => {
    expect(answer('42?', { ...idle, lang: 'ru' }).lang).toBe('ru');
    expect(answer('', idle)).toMatchObject({ lang: 'en', intent: 'fallback' });
  });
});
