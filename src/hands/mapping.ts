// Gestures → app actions. The user picks, per gesture, one of a fixed set of action choices
// (kept in localStorage); GestureMapper turns gesture events into AppActions with that mapping.
// Toggles (history, recording) need the current state: the mapper follows every action on the
// app bus, whoever asked for it, and asks for the opposite. A pose fires once when the hand takes
// it, and a pose's action is not repeated within `cooldownMs`, so a flickering pose cannot toggle
// twice (movements have their own cooldowns in the detectors). Pinch-drag turns the view continuously: 180° per frame width dragged.
// A taught (custom) gesture carries its own action, chosen in the teacher and synced with the
// account: `customMapping` turns those into choices that take precedence over the device mapping.
import type { GestureActionType } from '../../api/gestures/contract.ts';
import type { GestureEvent } from '../../workers/hands/api.ts';
import type { AppAction } from '../app/app-bus.ts';

export const ACTION_CHOICES = [
  'none',
  'rotate-left',
  'rotate-right',
  'rotate-up',
  'rotate-down',
  'drag-rotate',
  'zoom-in',
  'zoom-out',
  'reset-view',
  'history-toggle',
  'colour-next',
  'recording-toggle',
  'recording-start',
  'recording-stop',
  'sensitivity-up',
  'sensitivity-down',
] as const;
export type ActionChoice = (typeof ACTION_CHOICES)[number];

/** The built-in gestures the mapping lists (custom gestures are added by name). */
export const BUILT_IN_GESTURES = [
  'swipe-left',
  'swipe-right',
  'swipe-up',
  'swipe-down',
  'spread',
  'squeeze',
  'pinch-drag',
  'open',
  'fist',
  'pinch',
  'point',
  'victory',
  'thumbs-up',
] as const;

/** Gestures that are movements (they have their own cooldowns in the detectors). */
const DYNAMIC = new Set([
  'swipe-left',
  'swipe-right',
  'swipe-up',
  'swipe-down',
  'spread',
  'squeeze',
  'pinch-drag',
]);

export type GestureMapping = Record<string, ActionChoice>;

export const DEFAULT_MAPPING: Readonly<GestureMapping> = {
  'swipe-left': 'rotate-left',
  'swipe-right': 'rotate-right',
  'swipe-up': 'rotate-up',
  'swipe-down': 'rotate-down',
  spread: 'zoom-in',
  squeeze: 'zoom-out',
  'pinch-drag': 'drag-rotate',
  open: 'none',
  fist: 'history-toggle',
  pinch: 'none',
  point: 'reset-view',
  victory: 'colour-next',
  'thumbs-up': 'recording-toggle',
};

/** Degrees one swipe turns the view. */
export const SWIPE_DEGREES = 30;
/** Zoom factor of one spread (a squeeze divides by it). */
export const ZOOM_STEP = 1.25;
/** Degrees of turn per frame width of pinch-drag. */
export const DRAG_DEGREES = 180;
/** Display gain change of one sensitivity step, dB. */
export const SENSITIVITY_STEP_DB = 3;

/** The choice a taught gesture's action (an AppAction type, api/gestures/contract.ts) stands for. */
export const CUSTOM_ACTION_CHOICE: Readonly<Record<GestureActionType, ActionChoice>> = {
  rotate: 'rotate-right',
  zoom: 'zoom-in',
  'reset-view': 'reset-view',
  history: 'history-toggle',
  'colour-scheme': 'colour-next',
  'start-recording': 'recording-start',
  'stop-recording': 'recording-stop',
  sensitivity: 'sensitivity-up',
};

/** The choices of taught gestures by name (those without an action are left out). */
export function customMapping(
  gestures: readonly { name: string; action: GestureActionType | null }[],
): GestureMapping {
  const mapping: GestureMapping = {};
  for (const g of gestures) if (g.action) mapping[g.name] = CUSTOM_ACTION_CHOICE[g.action];
  return mapping;
}

export const MAPPING_STORAGE_KEY = 'holograms.gesture-mapping';
const MAX_NAME = 64;

const isChoice = (x: unknown): x is ActionChoice =>
  typeof x === 'string' && (ACTION_CHOICES as readonly string[]).includes(x);

/** A mapping from untrusted JSON: the defaults, overridden by every valid entry. */
export function parseMapping(raw: unknown): GestureMapping {
  const mapping: GestureMapping = { ...DEFAULT_MAPPING };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return mapping;
  for (const [gesture, choice] of Object.entries(raw))
    if (gesture.length > 0 && gesture.length <= MAX_NAME && isChoice(choice))
      mapping[gesture] = choice;
  return mapping;
}

export function loadMapping(storage: Pick<Storage, 'getItem'>): GestureMapping {
  try {
    return parseMapping(JSON.parse(storage.getItem(MAPPING_STORAGE_KEY) ?? 'null'));
  } catch {
    return parseMapping(null);
  }
}

export function saveMapping(storage: Pick<Storage, 'setItem'>, mapping: GestureMapping): void {
  storage.setItem(MAPPING_STORAGE_KEY, JSON.stringify(mapping));
}

export interface MapperOptions {
  /** The same discrete action is not repeated within this many ms (default 1000). */
  cooldownMs?: number;
}

export class GestureMapper {
  private historyOn = false;
  private recording = false;
  private readonly lastFired = new Map<ActionChoice, number>();
  readonly cooldownMs: number;
  /** Taught gestures' own choices (`customMapping`), ahead of `mapping`. */
  custom: GestureMapping = {};

  constructor(
    public mapping: GestureMapping = { ...DEFAULT_MAPPING },
    options: MapperOptions = {},
  ) {
    this.cooldownMs = options.cooldownMs ?? 1000;
  }

  /** Follows an action on the bus (from any source) to know what the toggles should ask. */
  observe(action: AppAction): void {
    if (action.type === 'history') this.historyOn = action.on;
    else if (action.type === 'start-recording') this.recording = true;
    else if (action.type === 'stop-recording') this.recording = false;
  }

  /** The action a gesture event asks for, or null (unmapped, or within the cooldown). */
  map(event: GestureEvent): AppAction | null {
    const choice = this.custom[event.gesture] ?? this.mapping[event.gesture] ?? 'none';
    if (choice === 'none') return null;
    if (choice === 'drag-rotate') {
      if (event.dx === undefined || event.dy === undefined) return null;
      return {
        type: 'rotate',
        yawDeg: event.dx * DRAG_DEGREES,
        pitchDeg: -event.dy * DRAG_DEGREES,
      };
    }
    if (!DYNAMIC.has(event.gesture)) {
      const last = this.lastFired.get(choice);
      if (last !== undefined && event.t >= last && event.t - last < this.cooldownMs) return null;
      this.lastFired.set(choice, event.t);
    }
    switch (choice) {
      case 'rotate-left':
        return { type: 'rotate', yawDeg: -SWIPE_DEGREES, pitchDeg: 0 };
      case 'rotate-right':
        return { type: 'rotate', yawDeg: SWIPE_DEGREES, pitchDeg: 0 };
      case 'rotate-up':
        return { type: 'rotate', yawDeg: 0, pitchDeg: SWIPE_DEGREES };
      case 'rotate-down':
        return { type: 'rotate', yawDeg: 0, pitchDeg: -SWIPE_DEGREES };
      case 'zoom-in':
        return { type: 'zoom', factor: ZOOM_STEP };
      case 'zoom-out':
        return { type: 'zoom', factor: 1 / ZOOM_STEP };
      case 'reset-view':
        return { type: 'reset-view' };
      case 'history-toggle':
        return { type: 'history', on: !this.historyOn };
      case 'colour-next':
        return { type: 'colour-scheme', scheme: 'next' };
      case 'recording-toggle':
        return this.recording ? { type: 'stop-recording' } : { type: 'start-recording' };
      case 'recording-start':
        return { type: 'start-recording' };
      case 'recording-stop':
        return { type: 'stop-recording' };
      case 'sensitivity-up':
        return { type: 'sensitivity', deltaDb: SENSITIVITY_STEP_DB };
      case 'sensitivity-down':
        return { type: 'sensitivity', deltaDb: -SENSITIVITY_STEP_DB };
    }
  }
}
