// The custom gesture teacher's strings in Russian and English (src/hands/custom-gesture-teacher.ts),
// kept beside the feature so the shell's dictionary (src/app/i18n.ts) stays as it is.
import type { GestureActionType } from '../../api/gestures/contract.ts';
import type { Lang } from '../app/i18n.ts';

export interface TeacherMessages {
  readonly heading: string;
  readonly intro: string;
  readonly nameLabel: string;
  readonly actionLabel: string;
  readonly actionNone: string;
  readonly actions: Readonly<Record<GestureActionType, string>>;
  readonly record: string;
  readonly stop: string;
  readonly clear: string;
  readonly save: string;
  readonly progress: (taken: number, wanted: number) => string;
  readonly noTracker: string;
  readonly noHand: string;
  readonly needName: string;
  readonly needSamples: (min: number) => string;
  readonly saved: (name: string) => string;
  readonly saveFailed: string;
}

export const TEACHER_MESSAGES: Readonly<Record<Lang, TeacherMessages>> = {
  en: {
    heading: 'Teach a gesture',
    intro: 'Hold your hand in the new pose in front of the camera and record it.',
    nameLabel: 'Gesture name',
    actionLabel: 'When I show it',
    actionNone: 'Do nothing (just name it)',
    actions: {
      rotate: 'Rotate the view',
      zoom: 'Zoom in',
      'reset-view': 'Reset the view',
      history: 'Toggle history',
      'colour-scheme': 'Next colour scheme',
      'start-recording': 'Start recording',
      'stop-recording': 'Stop recording',
      sensitivity: 'Raise sensitivity',
    },
    record: 'Record samples',
    stop: 'Stop',
    clear: 'Start over',
    save: 'Save gesture',
    progress: (taken, wanted) => `${taken} of ${wanted} samples`,
    noTracker: 'Hand tracking is off: turn on the camera to record samples.',
    noHand: 'No hand in view. Hold your hand up to the camera and try again.',
    needName: 'Give the gesture a name.',
    needSamples: (min) => `Record at least ${min} samples.`,
    saved: (name) => `Saved “${name}”.`,
    saveFailed: 'Could not save the gesture on this device.',
  },
  ru: {
    heading: 'Новый жест',
    intro: 'Покажите камере руку в новой позе и запишите её.',
    nameLabel: 'Название жеста',
    actionLabel: 'Когда я его показываю',
    actionNone: 'Ничего не делать (только узнавать)',
    actions: {
      rotate: 'Повернуть вид',
      zoom: 'Приблизить',
      'reset-view': 'Сбросить вид',
      history: 'Включить или выключить историю',
      'colour-scheme': 'Следующая цветовая схема',
      'start-recording': 'Начать запись',
      'stop-recording': 'Остановить запись',
      sensitivity: 'Повысить чувствительность',
    },
    record: 'Записать образцы',
    stop: 'Стоп',
    clear: 'Заново',
    save: 'Сохранить жест',
    progress: (taken, wanted) => `Образцов: ${taken} из ${wanted}`,
    noTracker: 'Отслеживание рук выключено: включите камеру, чтобы записать образцы.',
    noHand: 'Рука не видна. Поднесите руку к камере и попробуйте ещё раз.',
    needName: 'Назовите жест.',
    needSamples: (min) => `Запишите хотя бы ${min} образца.`,
    saved: (name) => `Жест «${name}» сохранён.`,
    saveFailed: 'Не удалось сохранить жест на этом устройстве.',
  },
};
