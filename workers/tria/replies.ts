// The words of Tria's local engine in Russian and English: fixed replies, the description of a
// hologram summary and of a view action.
import type { ViewAction } from './actions.ts';
import { noteName } from './notes.ts';
import type { HologramSummary } from './summary.ts';
import type { TriaLang } from './text.ts';

const PHRASES = {
  noInput: {
    en: 'I can’t hear anything yet: turn on the microphone or play a hologram.',
    ru: 'Я пока ничего не слышу: включите микрофон или воспроизведите голограмму.',
  },
  silence: {
    en: 'I hear nothing right now: it is silent.',
    ru: 'Сейчас я ничего не слышу: тишина.',
  },
  noHologram: {
    en: 'You have no recorded holograms yet. Say “start recording” to make one.',
    ru: 'У вас пока нет записанных голограмм. Скажите «начни запись», чтобы создать первую.',
  },
  startRecording: { en: 'Recording started.', ru: 'Начинаю запись.' },
  alreadyRecording: { en: 'I’m already recording.', ru: 'Запись уже идёт.' },
  stopRecording: { en: 'Recording stopped.', ru: 'Запись остановлена.' },
  notRecording: {
    en: 'Nothing is being recorded right now.',
    ru: 'Сейчас ничего не записывается.',
  },
  fallback: {
    en: 'I can only help with Holograms.',
    ru: 'Я помогаю только с голограммами.',
  },
} satisfies Record<string, Record<TriaLang, string>>;

export const text = (lang: TriaLang, key: keyof typeof PHRASES): string => PHRASES[key][lang];

export const HELP: Record<TriaLang, string> = {
  en:
    'Ask me: “what note is playing now?”, “describe my last hologram”, “find similar”, ' +
    '“start recording” / “stop recording”, “rotate left by 45 degrees”, “zoom in”, ' +
    '“reset the view”, “history on”, “next colour scheme”, or “how do I use gestures?”.',
  ru:
    'Спросите меня: «какая нота сейчас звучит?», «опиши мою последнюю голограмму», ' +
    '«найди похожие», «начни запись» / «останови запись», «поверни влево на 45 градусов», ' +
    '«приблизь», «сбрось вид», «включи историю», «смени цветовую схему» или «как управлять жестами?».',
};

export const GESTURES: Record<TriaLang, string> = {
  en:
    'Turn on the camera in the Gestures panel and hold a hand in view: swipe left or right to turn ' +
    'the hologram, up or down to tilt it, spread or squeeze two hands to zoom, pinch and drag to ' +
    'turn it freely. Point a finger to reset the view, make a fist to switch the history on or off, ' +
    'show a victory sign for the next colours and a thumbs up to start or stop recording. You can ' +
    'change what each gesture does there; the keyboard, the pointer and I can do all of it too.',
  ru:
    'Включите камеру в панели «Жесты» и держите руку в кадре: взмахом влево или вправо ' +
    'поворачивайте голограмму, вверх или вниз — наклоняйте, разводите или сводите две руки для ' +
    'масштаба, щипком с перетаскиванием вращайте свободно. Указательный палец сбрасывает вид, ' +
    'кулак включает или выключает историю, знак победы меняет цвета, большой палец вверх ' +
    'начинает или останавливает запись. Что делает каждый жест, можно поменять там же; всё это ' +
    'можно сделать и клавиатурой, мышью или попросив меня.',
};

export const quote = (title: string, lang: TriaLang): string =>
  lang === 'ru' ? `«${title}»` : `“${title}”`;

export const dbText = (db: number, lang: TriaLang): string =>
  `${db < 0 ? '−' : ''}${Math.abs(Math.round(db))} ${lang === 'ru' ? 'дБ' : 'dB'}`;

const seconds = (ms: number, lang: TriaLang): string => {
  const s = (ms / 1000).toFixed(1);
  return lang === 'ru' ? `${s.replace('.', ',')} с` : `${s} s`;
};

function stereoText(stereo: HologramSummary['stereo'], lang: TriaLang): string {
  const side =
    stereo.meanPan < -0.15 ? 'left' : stereo.meanPan > 0.15 ? 'right' : ('centre' as const);
  const width = stereo.width.toFixed(2);
  if (lang === 'ru') {
    const where = { left: 'смещён влево', right: 'смещён вправо', centre: 'по центру' }[side];
    return `стерео ${where}, ширина ${width.replace('.', ',')}`;
  }
  const where = { left: 'leaning left', right: 'leaning right', centre: 'centred' }[side];
  return `stereo ${where}, width ${width}`;
}

/** One paragraph about a hologram: duration, dominant notes, loudness, stereo image. */
export function describeSummary(
  h: { title: string; durationMs: number; summary?: HologramSummary },
  lang: TriaLang,
): string {
  const head = `${quote(h.title, lang)}: ${seconds(h.durationMs, lang)}.`;
  const s = h.summary;
  if (!s) return head;
  const notes = s.dominantNotes.map((n) => noteName(n.band)[lang]).join(', ');
  const { minDb, meanDb, maxDb } = s.loudness;
  const loud = [minDb, meanDb, maxDb].map((db) => dbText(db, lang));
  if (lang === 'ru') {
    const noteText = notes ? `Главные ноты: ${notes}.` : 'Нот не слышно: тишина.';
    return `${head} ${noteText} Громкость: мин ${loud[0]}, в среднем ${loud[1]}, макс ${loud[2]}; ${stereoText(s.stereo, lang)}.`;
  }
  const noteText = notes ? `Dominant notes: ${notes}.` : 'No notes: it is silent.';
  return `${head} ${noteText} Loudness: min ${loud[0]}, mean ${loud[1]}, max ${loud[2]}; ${stereoText(s.stereo, lang)}.`;
}

/** What a view action does, in a short sentence. */
export function describeView(action: ViewAction, lang: TriaLang): string {
  const ru = lang === 'ru';
  switch (action.type) {
    case 'rotate': {
      const deg = Math.abs(action.yawDeg || action.pitchDeg);
      const dir = action.yawDeg < 0 ? 0 : action.yawDeg > 0 ? 1 : action.pitchDeg > 0 ? 2 : 3;
      const words = ru ? ['влево', 'вправо', 'вверх', 'вниз'] : ['left', 'right', 'up', 'down'];
      return ru ? `Поворачиваю ${words[dir]} на ${deg}°.` : `Rotating ${words[dir]} by ${deg}°.`;
    }
    case 'zoom': {
      const f = action.factor >= 1 ? action.factor : 1 / action.factor;
      const x = Number(f.toFixed(2));
      if (ru) return action.factor >= 1 ? `Приближаю в ${x} раза.` : `Отдаляю в ${x} раза.`;
      return action.factor >= 1 ? `Zooming in ×${x}.` : `Zooming out ×${x}.`;
    }
    case 'reset-view':
      return ru ? 'Возвращаю исходный вид.' : 'View reset.';
    case 'history':
      if (ru) return action.on ? 'История включена.' : 'История выключена.';
      return action.on ? 'History on.' : 'History off.';
    case 'colour-scheme':
      return ru ? 'Следующая цветовая схема.' : 'Next colour scheme.';
  }
}
