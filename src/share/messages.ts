// The share feature's strings in Russian and English: the replay page, the share panel and the
// video export. `{name}` placeholders are filled with `fill` (src/app/i18n.ts).
import type { Lang } from '../app/i18n.ts';

export interface ShareMessages {
  readonly appName: string;
  readonly openApp: string;
  readonly loading: string;
  readonly buffering: string;
  readonly play: string;
  readonly pause: string;
  readonly replay: string;
  readonly position: string;
  readonly speed: string;
  readonly startHint: string;
  /** `{duration}` */
  readonly sharedHologram: string;
  readonly unavailableHeading: string;
  readonly unavailableText: string;
  readonly offlineHeading: string;
  readonly offlineText: string;
  readonly failedHeading: string;
  readonly tryAgain: string;
  readonly installHeading: string;
  readonly installText: string;
  readonly install: string;
  readonly exportVideo: string;
  /** `{percent}` */
  readonly exporting: string;
  readonly exportHint: string;
  readonly exportDone: string;
  readonly exportFailed: string;
  readonly cancel: string;
  readonly cameraLabel: string;
  readonly rotateLeft: string;
  readonly rotateRight: string;
  readonly zoomIn: string;
  readonly zoomOut: string;
  readonly resetView: string;
  readonly languageLabel: string;
  // <holo-share>
  readonly shareHeading: string;
  readonly createLink: string;
  readonly creating: string;
  readonly linkLabel: string;
  readonly copy: string;
  readonly copied: string;
  readonly shareVia: string;
  readonly qrLabel: string;
  readonly revoke: string;
  readonly revoked: string;
  readonly queuedCreate: string;
  readonly queuedRevoke: string;
  readonly signInFirst: string;
  readonly notUploaded: string;
  /** `{message}` */
  readonly shareFailed: string;
  /** `{title}` */
  readonly shareText: string;
}

export const SHARE_MESSAGES: Readonly<Record<Lang, ShareMessages>> = {
  en: {
    appName: 'Holograms',
    openApp: 'Open Holograms',
    loading: 'Loading the hologram…',
    buffering: 'Loading…',
    play: 'Play',
    pause: 'Pause',
    replay: 'Play again',
    position: 'Position',
    speed: 'Speed',
    startHint: 'Press Play to hear it.',
    sharedHologram: 'A shared hologram · {duration}',
    unavailableHeading: 'This link does not work',
    unavailableText:
      'The hologram was unshared by its owner, or the link is mistyped. Ask for a new link.',
    offlineHeading: 'You are offline',
    offlineText: 'This hologram has not been opened on this device before. Connect and try again.',
    failedHeading: 'The hologram could not be loaded',
    tryAgain: 'Try again',
    installHeading: 'Make your own',
    installText:
      'Holograms turns any sound into a 3D hologram. Record, replay and share — even offline.',
    install: 'Install the app',
    exportVideo: 'Download video',
    exporting: 'Recording the video… {percent} %',
    exportHint: 'Keep this tab open and visible until it finishes.',
    exportDone: 'The video is downloaded.',
    exportFailed: 'The video could not be made in this browser.',
    cancel: 'Cancel',
    cameraLabel: 'Camera',
    rotateLeft: 'Turn left',
    rotateRight: 'Turn right',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    resetView: 'Reset view',
    languageLabel: 'Language',
    shareHeading: 'Share',
    createLink: 'Create a link',
    creating: 'Creating the link…',
    linkLabel: 'Link',
    copy: 'Copy link',
    copied: 'Copied',
    shareVia: 'Share…',
    qrLabel: 'QR code of the link',
    revoke: 'Stop sharing',
    revoked: 'The link no longer works.',
    queuedCreate: 'You are offline: the link will be created when you are back online.',
    queuedRevoke: 'You are offline: the link will stop working when you are back online.',
    signInFirst: 'Sign in to share.',
    notUploaded:
      'This hologram is still uploading; the link will be made once it is on the server.',
    shareFailed: 'Sharing failed: {message}',
    shareText: 'Listen to “{title}” as a 3D hologram',
  },
  ru: {
    appName: 'Holograms',
    openApp: 'Открыть Holograms',
    loading: 'Загружаем голограмму…',
    buffering: 'Загрузка…',
    play: 'Играть',
    pause: 'Пауза',
    replay: 'Сначала',
    position: 'Позиция',
    speed: 'Скорость',
    startHint: 'Нажмите «Играть», чтобы услышать.',
    sharedHologram: 'Голограмма, которой поделились · {duration}',
    unavailableHeading: 'Ссылка не работает',
    unavailableText:
      'Владелец закрыл доступ к голограмме, или в ссылке ошибка. Попросите новую ссылку.',
    offlineHeading: 'Нет сети',
    offlineText:
      'Эту голограмму ещё не открывали на этом устройстве. Подключитесь и попробуйте снова.',
    failedHeading: 'Не удалось загрузить голограмму',
    tryAgain: 'Попробовать снова',
    installHeading: 'Сделайте свою',
    installText:
      'Holograms превращает любой звук в 3D-голограмму. Записывайте, смотрите и делитесь — даже без сети.',
    install: 'Установить приложение',
    exportVideo: 'Скачать видео',
    exporting: 'Записываем видео… {percent} %',
    exportHint: 'Не закрывайте и не прячьте вкладку, пока запись не закончится.',
    exportDone: 'Видео скачано.',
    exportFailed: 'В этом браузере видео сделать не удалось.',
    cancel: 'Отмена',
    cameraLabel: 'Камера',
    rotateLeft: 'Повернуть влево',
    rotateRight: 'Повернуть вправо',
    zoomIn: 'Приблизить',
    zoomOut: 'Отдалить',
    resetView: 'Сбросить вид',
    languageLabel: 'Язык',
    shareHeading: 'Поделиться',
    createLink: 'Создать ссылку',
    creating: 'Создаём ссылку…',
    linkLabel: 'Ссылка',
    copy: 'Копировать ссылку',
    copied: 'Скопировано',
    shareVia: 'Отправить…',
    qrLabel: 'QR-код ссылки',
    revoke: 'Закрыть доступ',
    revoked: 'Ссылка больше не работает.',
    queuedCreate: 'Нет сети: ссылка будет создана, когда сеть появится.',
    queuedRevoke: 'Нет сети: ссылка перестанет работать, когда сеть появится.',
    signInFirst: 'Войдите, чтобы поделиться.',
    notUploaded: 'Голограмма ещё загружается; ссылка появится, когда она будет на сервере.',
    shareFailed: 'Не удалось поделиться: {message}',
    shareText: 'Послушайте «{title}» как 3D-голограмму',
  },
};
