// The hologram feature: importing this module defines <holo-scene>.
export type { ColourScheme } from './colour.ts';
export { COLOUR_SCHEMES } from './colour.ts';
export { BANDS, DB_FLOOR, DB_TOP, type HologramFrame } from './frame.ts';
export { MAX_HISTORY } from './history.ts';
export { type CameraState, HoloScene, type SceneStats } from './holo-scene.ts';
export type { SceneLang } from './strings.ts';
