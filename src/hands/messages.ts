// The gesture panel's strings in Russian and English: the camera explanation and its errors,
// the names of the gestures and of the actions they can be mapped to.
import type { Lang } from '../app/i18n.ts';
import type { CameraProblem } from './camera.ts';
import type { ActionChoice } from './mapping.ts';

export interface HandsMessages {
  readonly heading: string;
  /** Said before the browser asks for the camera. */
  readonly intro: string;
  readonly cameraOn: string;
  readonly cameraOff: string;
  readonly asking: string;
  readonly loading: string;
  readonly previewLabel: string;
  readonly showHand: string;
  readonly gestureLabel: string;
  /** `{delegate}` CPU/GPU, `{fps}` tracked frames per second, `{dropped}` frames skipped. */
  readonly trackingInfo: string;
  readonly problems: Readonly<Record<CameraProblem, string>>;
  /** `{message}` is the error's own text. */
  readonly failed: string;
  readonly mappingHeading: string;
  readonly mappingIntro: string;
  readonly gestures: Readonly<Record<string, string>>;
  readonly actions: Readonly<Record<ActionChoice, string>>;
  /** The disclosure with the teacher and the taught gestures. */
  readonly customHeading: string;
  readonly taughtHeading: string;
  /** `{name}` of the taught gesture. */
  readonly deleteGesture: string;
  readonly deleteLabel: string;
  /** Where the taught gestures are kept, by sync state. */
  readonly sync: Readonly<Record<'local' | 'idle' | 'syncing' | 'offline', string>>;
  /** `{seconds}` until the next try. */
  readonly syncWaiting: string;
}

export const HANDS_MESSAGES: Readonly<Record<Lang, HandsMessages>> = {
  en: {
    heading: 'Gestures',
    intro:
      'Control the hologram with your hands: swipe to turn it, spread or squeeze two hands to zoom, ' +
      'pinch and drag to turn it freely. The camera picture never leaves this device: hands are ' +
      'tracked in your browser and nothing is uploaded. When you turn the camera on, your browser ' +
      'asks for permission. The keyboard, the pointer and Tria can do everything too.',
    cameraOn: 'Turn on camera',
    cameraOff: 'Turn off camera',
    asking: 'Waiting for camera permission…',
    loading: 'Loading the hand model…',
    previewLabel: 'Camera preview with the tracked hand',
    showHand: 'Show a hand to the camera',
    gestureLabel: 'Gesture',
    trackingInfo: 'Tracking on the {delegate} · {fps} frames/s · {dropped} frames skipped',
    problems: {
      denied:
        'Camera access was refused. To use gestures, allow the camera for this site in the ' +
        'browser’s site settings and turn it on again. Everything else works without it.',
      missing: 'No camera was found. Connect one and try again; everything else works without it.',
      busy: 'The camera is in use by another application. Close it and try again.',
      unsupported: 'This browser cannot use a camera here (it needs a secure https page).',
    },
    failed: 'Hand tracking could not start: {message}',
    mappingHeading: 'What each gesture does',
    mappingIntro: 'Choose an action for each gesture; your choice is kept on this device.',
    gestures: {
      'swipe-left': 'Swipe left',
      'swipe-right': 'Swipe right',
      'swipe-up': 'Swipe up',
      'swipe-down': 'Swipe down',
      spread: 'Two hands apart',
      squeeze: 'Two hands together',
      'pinch-drag': 'Pinch and drag',
      open: 'Open palm',
      fist: 'Fist',
      pinch: 'Pinch',
      point: 'Pointing finger',
      victory: 'Victory',
      'thumbs-up': 'Thumbs up',
      none: '—',
    },
    actions: {
      none: 'Nothing',
      'rotate-left': 'Turn left 30°',
      'rotate-right': 'Turn right 30°',
      'rotate-up': 'Tilt up 30°',
      'rotate-down': 'Tilt down 30°',
      'drag-rotate': 'Turn with the hand',
      'zoom-in': 'Zoom in',
      'zoom-out': 'Zoom out',
      'reset-view': 'Reset the view',
      'history-toggle': 'History on/off',
      'colour-next': 'Next colour scheme',
      'recording-toggle': 'Start/stop recording',
      'recording-start': 'Start recording',
      'recording-stop': 'Stop recording',
      'sensitivity-up': 'Sensitivity +3 dB',
      'sensitivity-down': 'Sensitivity −3 dB',
    },
    customHeading: 'Your own gestures',
    taughtHeading: 'Taught gestures',
    deleteGesture: 'Delete “{name}”',
    deleteLabel: 'Delete',
    sync: {
      local: 'Kept on this device. Sign in to have them on your other devices too.',
      idle: 'Saved to your account.',
      syncing: 'Saving to your account…',
      offline: 'Offline: they will be saved to your account when the device is back online.',
    },
    syncWaiting: 'Could not reach the server; trying again in {seconds} s.',
  },
  ru: {
    heading: 'Жесты',
    intro:
      'Управляйте голограммой руками: взмахом поворачивайте её, разводите или сводите две руки ' +
      'для масштаба, щипком с перетаскиванием вращайте свободно. Изображение с камеры не покидает ' +
      'это устройство: руки распознаются в браузере, ничего не отправляется. Когда вы включите ' +
      'камеру, браузер спросит разрешение. Всё то же можно сделать клавиатурой, мышью или с Трией.',
    cameraOn: 'Включить камеру',
    cameraOff: 'Выключить камеру',
    asking: 'Ждём разрешения на камеру…',
    loading: 'Загружаем модель рук…',
    previewLabel: 'Изображение с камеры с найденной рукой',
    showHand: 'Покажите руку камере',
    gestureLabel: 'Жест',
    trackingInfo: 'Распознавание на {delegate} · {fps} кадров/с · пропущено кадров: {dropped}',
    problems: {
      denied:
        'Доступ к камере запрещён. Чтобы пользоваться жестами, разрешите камеру для этого сайта ' +
        'в настройках браузера и включите её снова. Всё остальное работает и без неё.',
      missing:
        'Камера не найдена. Подключите её и попробуйте снова; всё остальное работает без неё.',
      busy: 'Камера занята другим приложением. Закройте его и попробуйте снова.',
      unsupported:
        'Этот браузер не может использовать камеру здесь (нужна защищённая https-страница).',
    },
    failed: 'Не удалось запустить распознавание рук: {message}',
    mappingHeading: 'Что делает каждый жест',
    mappingIntro: 'Выберите действие для каждого жеста; выбор хранится на этом устройстве.',
    gestures: {
      'swipe-left': 'Взмах влево',
      'swipe-right': 'Взмах вправо',
      'swipe-up': 'Взмах вверх',
      'swipe-down': 'Взмах вниз',
      spread: 'Развести руки',
      squeeze: 'Свести руки',
      'pinch-drag': 'Щипок с перетаскиванием',
      open: 'Открытая ладонь',
      fist: 'Кулак',
      pinch: 'Щипок',
      point: 'Указательный палец',
      victory: 'Победа (V)',
      'thumbs-up': 'Большой палец вверх',
      none: '—',
    },
    actions: {
      none: 'Ничего',
      'rotate-left': 'Повернуть влево на 30°',
      'rotate-right': 'Повернуть вправо на 30°',
      'rotate-up': 'Наклонить вверх на 30°',
      'rotate-down': 'Наклонить вниз на 30°',
      'drag-rotate': 'Вращать за рукой',
      'zoom-in': 'Приблизить',
      'zoom-out': 'Отдалить',
      'reset-view': 'Сбросить вид',
      'history-toggle': 'История вкл./выкл.',
      'colour-next': 'Следующая цветовая схема',
      'recording-toggle': 'Начать/остановить запись',
      'recording-start': 'Начать запись',
      'recording-stop': 'Остановить запись',
      'sensitivity-up': 'Чувствительность +3 дБ',
      'sensitivity-down': 'Чувствительность −3 дБ',
    },
    customHeading: 'Свои жесты',
    taughtHeading: 'Выученные жесты',
    deleteGesture: 'Удалить «{name}»',
    deleteLabel: 'Удалить',
    sync: {
      local: 'Хранятся на этом устройстве. Войдите, чтобы они были и на других ваших устройствах.',
      idle: 'Сохранены в вашем аккаунте.',
      syncing: 'Сохраняем в аккаунт…',
      offline: 'Нет сети: жесты сохранятся в аккаунте, когда устройство снова будет в сети.',
    },
    syncWaiting: 'Сервер недоступен; следующая попытка через {seconds} с.',
  },
};

/** Fills `{name}` placeholders. */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** A gesture's name in `lang`: built-in names are translated, custom ones shown as taught. */
export function gestureName(lang: Lang, gesture: string): string {
  return HANDS_MESSAGES[lang].gestures[gesture] ?? gesture;
}
