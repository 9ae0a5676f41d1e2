import { describe, expect, it } from 'vitest';
import { canListen, type ResultListLike, transcriptOf } from './speech.ts';

const result = (transcript: string, isFinal: boolean) => ({
  isFinal,
  length: 1,
  0: { transcript },
});
const list = (...results: ReturnType<typeof result>[]): ResultListLike => ({
  ...results,
  length: results.length,
});

describe('transcriptOf', () => {
  it('joins the best alternative of each result and is final only when all are', () => {
    expect(transcriptOf(list(result('какая нота', true), result(' сейчас звучит', false)))).toEqual(
      {
        text: 'какая нота сейчас звучит',
        final: false,
      },
    );
    expect(transcriptOf(list(result(' zoom in ', true)))).toEqual({ text: 'zoom in', final: true });
  });

  it('is empty and not final before anything was heard', () => {
    expect(transcriptOf(list())).toEqual({ text: '', final: false });
  });
});

describe('canListen', () => {
  it('is false where there is no speech recognition (Node)', () => {
    expect(canListen()).toBe(false);
  });
});
