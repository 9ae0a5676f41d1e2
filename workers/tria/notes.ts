// Note names of the hologram's semitone bands (band 0 = C0, band 57 = A4 = 440 Hz) in both languages.
import { bandFrequency, noteName as scientificName } from '../audio/bands.ts';

const RU = [
  'до',
  'до-диез',
  'ре',
  'ре-диез',
  'ми',
  'фа',
  'фа-диез',
  'соль',
  'соль-диез',
  'ля',
  'ля-диез',
  'си',
];

export interface NoteName {
  band: number;
  /** Scientific pitch notation, e.g. "A4". */
  en: string;
  /** Russian solfège name with the same octave number, e.g. "ля4". */
  ru: string;
  frequencyHz: number;
}

export function noteName(band: number): NoteName {
  const octave = Math.floor(band / 12);
  const step = ((band % 12) + 12) % 12;
  return {
    band,
    en: scientificName(band),
    ru: `${RU[step]}${octave}`,
    frequencyHz: bandFrequency(band),
  };
}
