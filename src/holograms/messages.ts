// The "My holograms" strings in Russian and English.
import type { Lang } from '../app/i18n.ts';

export interface HologramsMessages {
  readonly heading: string;
  readonly empty: string;
  readonly loading: string;
  /** `{pending}` holograms still uploading, `{percent}` of their bytes confirmed. */
  readonly queue: string;
  readonly queueDone: string;
  readonly queueLabel: string;
  readonly stateLocal: string;
  /** `{percent}` */
  readonly stateSyncing: string;
  readonly stateSynced: string;
  readonly stateFailed: string;
  readonly serverUnavailable: string;
  readonly open: string;
  readonly rename: string;
  readonly newTitle: string;
  readonly save: string;
  readonly cancel: string;
  readonly delete: string;
  /** `{title}` */
  readonly confirmDelete: string;
  readonly retry: string;
  /** `{message}` from the server. */
  readonly actionFailed: string;
  readonly signedOutServer: string;
  readonly detailId: string;
  readonly detailChunks: string;
  /** `{chunks}` and `{kib}` */
  readonly chunksValue: string;
  readonly detailAudio: string;
  /** `{sampleRate}` and `{channels}` */
  readonly audioValue: string;
}

export const HOLOGRAMS_MESSAGES: Readonly<Record<Lang, HologramsMessages>> = {
  en: {
    heading: 'My holograms',
    empty: 'No holograms yet. Record one: it is kept here, even offline.',
    loading: 'Loading holograms…',
    queue: 'Uploading {pending} — {percent}% done',
    queueDone: 'Everything is on the server.',
    queueLabel: 'Upload progress',
    stateLocal: 'On this device only',
    stateSyncing: 'Syncing {percent}%',
    stateSynced: 'Synced',
    stateFailed: 'Failed',
    serverUnavailable: 'The server list is unavailable; showing this device’s holograms.',
    open: 'Open',
    rename: 'Rename',
    newTitle: 'New title',
    save: 'Save',
    cancel: 'Cancel',
    delete: 'Delete',
    confirmDelete: 'Delete “{title}” from this device and the server?',
    retry: 'Retry',
    actionFailed: 'That did not work: {message}',
    signedOutServer: 'Sign in to change holograms on the server.',
    detailId: 'ID',
    detailChunks: 'Chunks',
    chunksValue: '{chunks} · {kib} KiB',
    detailAudio: 'Audio',
    audioValue: '{sampleRate} Hz · {channels} ch',
  },
  ru: {
    heading: 'Мои голограммы',
    empty: 'Голограмм пока нет. Запишите первую — она сохранится здесь даже без сети.',
    loading: 'Загружаем голограммы…',
    queue: 'Выгружается: {pending} — готово {percent}%',
    queueDone: 'Всё уже на сервере.',
    queueLabel: 'Ход выгрузки',
    stateLocal: 'Только на этом устройстве',
    stateSyncing: 'Синхронизация {percent}%',
    stateSynced: 'Синхронизировано',
    stateFailed: 'Ошибка',
    serverUnavailable: 'Список с сервера недоступен; показаны голограммы этого устройства.',
    open: 'Открыть',
    rename: 'Переименовать',
    newTitle: 'Новое название',
    save: 'Сохранить',
    cancel: 'Отмена',
    delete: 'Удалить',
    confirmDelete: 'Удалить «{title}» с этого устройства и с сервера?',
    retry: 'Повторить',
    actionFailed: 'Не получилось: {message}',
    signedOutServer: 'Войдите, чтобы менять голограммы на сервере.',
    detailId: 'ID',
    detailChunks: 'Фрагменты',
    chunksValue: '{chunks} · {kib} КиБ',
    detailAudio: 'Звук',
    audioValue: '{sampleRate} Гц · {channels} кан.',
  },
};
