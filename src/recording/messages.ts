// The recorder's UI strings in Russian and English (typed like src/app/i18n.ts, kept here so the
// feature does not edit the shell's dictionary).
import { fill, type Lang } from '../app/i18n.ts';

export interface RecordingMessages {
  readonly record: string;
  readonly stopRecording: string;
  readonly recordingFor: string;
  readonly savedChunks: string;
  readonly startFirst: string;
  readonly unsupported: string;
  readonly storageLow: string;
  readonly storageFull: string;
  readonly writeFailed: string;
  readonly stoppedSaved: string;
  readonly defaultTitle: string;
}

const ru: RecordingMessages = {
  record: 'Записать',
  stopRecording: 'Остановить запись',
  recordingFor: 'Идёт запись · {time}',
  savedChunks: 'Сохранено на устройстве: {count} фрагм.',
  startFirst: 'Сначала выберите источник звука и нажмите «Старт».',
  unsupported: 'Этот браузер не умеет записывать звук в WebM/Opus.',
  storageLow: 'На устройстве слишком мало места для записи. Освободите место и попробуйте снова.',
  storageFull: 'Место на устройстве заканчивается: запись остановлена, всё записанное сохранено.',
  writeFailed: 'Не удалось сохранить фрагмент записи: {message}',
  stoppedSaved: 'Запись сохранена на устройстве ({count} фрагм.).',
  defaultTitle: 'Запись {date}',
};

const en: RecordingMessages = {
  record: 'Record',
  stopRecording: 'Stop recording',
  recordingFor: 'Recording · {time}',
  savedChunks: 'Saved on this device: {count} chunks',
  startFirst: 'Pick a sound source and press Start first.',
  unsupported: 'This browser cannot record audio as WebM/Opus.',
  storageLow: 'There is too little free space on this device to record. Free some and try again.',
  storageFull:
    'This device is running out of space: recording stopped, everything so far is saved.',
  writeFailed: 'A chunk of the recording could not be saved: {message}',
  stoppedSaved: 'Recording saved on this device ({count} chunks).',
  defaultTitle: 'Recording {date}',
};

export const recordingMessages: Readonly<Record<Lang, RecordingMessages>> = { ru, en };

/** The message `key` in `lang` with {placeholders} filled in. */
export function recordingText(
  lang: Lang,
  key: keyof RecordingMessages,
  params: Record<string, string | number> = {},
): string {
  return fill(recordingMessages[lang][key], params);
}
