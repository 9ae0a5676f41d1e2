// The pure parts of the tools: the JSON Schemas the model is given and how a description reads.
import { describe, expect, it } from 'vitest';
import { HologramAnalyser } from '../../workers/audio/analyser.ts';
import type { HologramFrame } from '../../workers/audio/frame.ts';
import { sine } from '../../workers/audio/signals.ts';
import { summarizeFrames } from '../../workers/tria/summary.ts';
import type { HologramDescription } from './holograms.ts';
import { sampleEvenly } from './holograms.ts';
import { describeForMemory, describeForModel, TOOL_SPECS } from './tools.ts';

describe('TOOL_SPECS', () => {
  it('gives the model four tools with closed JSON Schemas and no $schema key', () => {
    expect(TOOL_SPECS.map((t) => t.name)).toEqual([
      'list_holograms',
      'search_holograms',
      'describe_hologram',
      'propose_action',
    ]);
    for (const t of TOOL_SPECS) {
      expect(t.description.length).toBeGreaterThan(20);
      expect(t.parameters).toMatchObject({ type: 'object', additionalProperties: false });
      expect(t.parameters).not.toHaveProperty('$schema');
    }
    const action = TOOL_SPECS[3]?.parameters as {
      properties: { type: { enum: string[] } };
      required: string[];
    };
    expect(action.required).toEqual(['type']);
    expect(action.properties.type.enum).toContain('open-hologram');
  });
});

describe('descriptions', () => {
  const a = new HologramAnalyser({ sampleRate: 48_000, channels: 1, fps: 30 });
  a.push(sine(440, 1, 48_000, 0.5));
  const frames: HologramFrame[] = [];
  for (let f = a.pull(); f; f = a.pull()) frames.push(structuredClone(f));
  const description: HologramDescription = {
    id: '3f0c9a52-6d1e-4c3b-9f67-0f3a7d2b1e44',
    title: 'Fork',
    createdAt: '2026-11-23T08:15:00.000Z',
    durationMs: 1000,
    complete: true,
    summary: summarizeFrames(frames),
    notes: [{ en: 'A4', ru: 'ля4', frequencyHz: 440, share: 1 }],
    gestures: [{ gesture: 'fist', count: 2 }],
    sampled: false,
  };

  it('rounds figures for the model and names the notes', () => {
    const d = describeForModel(description);
    expect(d.dominantNotes).toEqual([{ note: 'A4', ru: 'ля4', hz: 440, share: 1 }]);
    expect(d.frames).toBe(frames.length);
    expect(d.loudnessDb?.overTime.length).toBeGreaterThan(1);
    for (const v of [d.loudnessDb?.min, d.loudnessDb?.mean, d.loudnessDb?.max]) {
      expect(Number.isInteger((v ?? 0) * 10)).toBe(true);
    }
    expect(d).not.toHaveProperty('note');
  });

  it('remembers a hologram as one English paragraph with its id, notes and gestures', () => {
    expect(describeForMemory(description)).toMatch(
      /^Hologram 3f0c9a52-.* recorded 2026-11-23T08:15:00.000Z\. “Fork”: 1\.0 s\. Dominant notes: A4\..* Gestures: fist ×2\.$/,
    );
  });
});

describe('sampleEvenly', () => {
  it('keeps short lists whole and picks evenly from long ones, first and last included', () => {
    expect(sampleEvenly([1, 2, 3], 5)).toEqual([1, 2, 3]);
    expect(sampleEvenly([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3)).toEqual([0, 5, 10]);
    expect(
      sampleEvenly(
        Array.from({ length: 1000 }, (_, i) => i),
        120,
      ),
    ).toHaveLength(120);
  });
});
