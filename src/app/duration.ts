// Durations and playback positions as the UI writes them: 0:07, 12:05, 1:02:03. Pure.

function clock(ms: number, round: (seconds: number) => number): string {
  const total = Math.max(0, round((Number.isFinite(ms) ? ms : 0) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A length (a hologram's duration), to the nearest second. */
export const formatDuration = (ms: number): string => clock(ms, Math.round);

/** A position on a running clock (the replay's), in whole seconds elapsed. */
export const formatClock = (ms: number): string => clock(ms, Math.floor);
