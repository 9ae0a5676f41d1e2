// Voice in and out for the chat, where the browser has them: the Web Speech API's recognition
// (`SpeechRecognition`, `webkitSpeechRecognition` in Chromium and Safari; TypeScript's DOM
// library does not describe it, so the few members used are typed here) and speechSynthesis.
// `transcriptOf` is pure and tested; the rest only touches globals when called.

/** One recognised alternative, as the browser reports it. */
interface AlternativeLike {
  readonly transcript: string;
}
/** One result: its alternatives, best first, and whether it is final. */
interface ResultLike {
  readonly isFinal: boolean;
  readonly length: number;
  readonly [index: number]: AlternativeLike | undefined;
}
export interface ResultListLike {
  readonly length: number;
  readonly [index: number]: ResultLike | undefined;
}

interface RecognitionLike {
  lang: string;
  interimResults: boolean;
  continuous: boolean;
  maxAlternatives: number;
  onresult: ((event: { readonly results: ResultListLike }) => void) | null;
  onerror: ((event: { readonly error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
  abort(): void;
}
type RecognitionConstructor = new () => RecognitionLike;

/** BCP 47 tags the recogniser and the voice use for each UI language. */
export const SPEECH_LANG: Readonly<Record<'ru' | 'en', string>> = { ru: 'ru-RU', en: 'en-US' };

/** The text heard so far (best alternative of every result) and whether all of it is final. */
export function transcriptOf(results: ResultListLike): { text: string; final: boolean } {
  let text = '';
  let final = results.length > 0;
  for (let i = 0; i < results.length; i++) {
    const result = results[i];
    if (!result) continue;
    text += result[0]?.transcript ?? '';
    if (!result.isFinal) final = false;
  }
  return { text: text.trim(), final };
}

function recognitionConstructor(): RecognitionConstructor | null {
  const g = globalThis as unknown as {
    SpeechRecognition?: RecognitionConstructor;
    webkitSpeechRecognition?: RecognitionConstructor;
  };
  return g.SpeechRecognition ?? g.webkitSpeechRecognition ?? null;
}

/** Whether this browser can turn speech into text. */
export const canListen = (): boolean => recognitionConstructor() !== null;

/** Whether this browser can read text aloud. */
export const canSpeak = (): boolean => typeof globalThis.speechSynthesis !== 'undefined';

export interface ListenHandlers {
  /** The transcript so far; `final` once the speaker has finished. */
  onText(text: string, final: boolean): void;
  /** Recognition failed (`not-allowed`, `no-speech`, `network`, …). */
  onError(code: string): void;
  /** Listening ended, for whatever reason. */
  onEnd(): void;
}

/** Starts listening for one utterance in `lang`; returns a function that stops early. */
export function listen(lang: 'ru' | 'en', handlers: ListenHandlers): () => void {
  const Recognition = recognitionConstructor();
  if (!Recognition) throw new Error('speech recognition is not available');
  const recognition = new Recognition();
  recognition.lang = SPEECH_LANG[lang];
  recognition.interimResults = true;
  recognition.continuous = false;
  recognition.maxAlternatives = 1;
  recognition.onresult = (event) => {
    const { text, final } = transcriptOf(event.results);
    handlers.onText(text, final);
  };
  recognition.onerror = (event) => {
    if (event.error !== 'aborted') handlers.onError(event.error);
  };
  recognition.onend = () => handlers.onEnd();
  recognition.start();
  return () => recognition.stop();
}

/** Reads `text` aloud in `lang`, interrupting whatever was being read. */
export function speak(text: string, lang: 'ru' | 'en'): void {
  if (!canSpeak()) return;
  const synth = globalThis.speechSynthesis;
  synth.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = SPEECH_LANG[lang];
  synth.speak(utterance);
}

/** Stops reading aloud. */
export function stopSpeaking(): void {
  if (canSpeak()) globalThis.speechSynthesis.cancel();
}
