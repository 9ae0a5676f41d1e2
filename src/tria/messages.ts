// The chat panel's strings in Russian and English, and the suggested prompts (each one a phrase
// Tria's local engine recognises, so they work offline too; a test checks that).
import type { Lang } from '../app/i18n.ts';
import type { TriaNotice } from './route.ts';

export interface TriaMessages {
  readonly heading: string;
  readonly intro: string;
  readonly logLabel: string;
  readonly you: string;
  readonly tria: string;
  readonly inputLabel: string;
  readonly placeholder: string;
  readonly send: string;
  readonly voiceStart: string;
  readonly voiceStop: string;
  readonly voiceFailed: string;
  readonly speakReplies: string;
  readonly suggestionsLabel: string;
  readonly suggestions: readonly string[];
  readonly clear: string;
  readonly thinking: string;
  /** `{tool}` is the server-side tool's name. */
  readonly toolRunning: string;
  readonly interrupted: string;
  readonly engineLocal: string;
  readonly engineServer: string;
  /** Followed by the local answer; `{code}` is the error code. */
  readonly notices: Readonly<Record<TriaNotice, string>>;
}

export const TRIA_MESSAGES: Readonly<Record<Lang, TriaMessages>> = {
  en: {
    heading: 'Ask Tria',
    intro:
      'Tria knows your holograms and steers the view. Ask in English or Russian, type or speak.',
    logLabel: 'Conversation with Tria',
    you: 'You',
    tria: 'Tria',
    inputLabel: 'Message to Tria',
    placeholder: 'What note is playing now?',
    send: 'Send',
    voiceStart: 'Speak to Tria',
    voiceStop: 'Stop listening',
    voiceFailed: 'Voice input stopped: {error}.',
    speakReplies: 'Read replies aloud',
    suggestionsLabel: 'Suggestions',
    suggestions: [
      'What note is playing now?',
      'Rotate the view right',
      'Zoom in',
      'Describe my last hologram',
      'How do I use gestures?',
      'What can you do?',
    ],
    clear: 'Clear conversation',
    thinking: 'Tria is thinking…',
    toolRunning: 'Tria is using {tool}…',
    interrupted: 'The reply was cut off.',
    engineLocal: 'answered on this device',
    engineServer: 'answered by Tria’s server ({engine})',
    notices: {
      unreachable: 'Tria’s server can’t be reached ({code}); answering on this device.',
      timeout: 'Tria’s server stopped answering ({code}); answering on this device.',
      'rate-limited': 'Too many questions in a row ({code}); answering on this device for now.',
      'session-expired': 'Your sign-in has expired ({code}); answering on this device.',
      'server-error': 'Tria’s server ran into a problem ({code}); answering on this device.',
      'bad-reply': 'Tria’s server sent an unreadable reply ({code}); answering on this device.',
    },
  },
  ru: {
    heading: 'Спросите Трию',
    intro:
      'Трия знает ваши голограммы и управляет видом. Спрашивайте по-русски или по-английски, текстом или голосом.',
    logLabel: 'Разговор с Трией',
    you: 'Вы',
    tria: 'Трия',
    inputLabel: 'Сообщение для Трии',
    placeholder: 'Какая нота сейчас звучит?',
    send: 'Отправить',
    voiceStart: 'Сказать голосом',
    voiceStop: 'Перестать слушать',
    voiceFailed: 'Голосовой ввод остановлен: {error}.',
    speakReplies: 'Читать ответы вслух',
    suggestionsLabel: 'Подсказки',
    suggestions: [
      'Какая нота сейчас звучит?',
      'Поверни вид вправо',
      'Приблизь',
      'Опиши мою последнюю голограмму',
      'Как управлять жестами?',
      'Что ты умеешь?',
    ],
    clear: 'Очистить разговор',
    thinking: 'Трия думает…',
    toolRunning: 'Трия использует {tool}…',
    interrupted: 'Ответ оборвался.',
    engineLocal: 'ответ на этом устройстве',
    engineServer: 'ответ сервера Трии ({engine})',
    notices: {
      unreachable: 'Сервер Трии недоступен ({code}); отвечаю на этом устройстве.',
      timeout: 'Сервер Трии перестал отвечать ({code}); отвечаю на этом устройстве.',
      'rate-limited': 'Слишком много вопросов подряд ({code}); пока отвечаю на этом устройстве.',
      'session-expired': 'Вход истёк ({code}); отвечаю на этом устройстве.',
      'server-error': 'На сервере Трии ошибка ({code}); отвечаю на этом устройстве.',
      'bad-reply': 'Сервер Трии прислал непонятный ответ ({code}); отвечаю на этом устройстве.',
    },
  },
};
