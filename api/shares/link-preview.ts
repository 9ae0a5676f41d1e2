// Open Graph / Twitter card meta for a share link /h/{token}, injected into the app's
// index.html, so chat apps show a card (title, description, the heat-map picture) for a link.
// A link that is unknown or revoked gets the same generic card as the app itself, so a card
// never tells which tokens exist. There is no robots tag: a link is as public as the place its
// owner posts it (see docs/API.md), and a tag on live links only would tell them apart. Pure.
import { PREVIEW_HEIGHT, PREVIEW_WIDTH } from './preview.ts';

export type CardLang = 'en' | 'ru';

export interface ShareCard {
  title: string;
  durationMs: number;
}

const TEXT: Readonly<
  Record<
    CardLang,
    {
      generic: string;
      description: (duration: string) => string;
      imageAlt: (title: string) => string;
    }
  >
> = {
  en: {
    generic: 'Holograms turns sound into a living 3D hologram you can see, record and share.',
    description: (d) =>
      `A hologram of sound, ${d} long. Open it to replay it in 3D with its sound.`,
    imageAlt: (t) => `Heat map of the sound of “${t}”: time across, pitch up`,
  },
  ru: {
    generic: 'Holograms превращает звук в живую 3D-голограмму: смотрите, записывайте, делитесь.',
    description: (d) =>
      `Голограмма звука длиной ${d}. Откройте, чтобы посмотреть её в 3D со звуком.`,
    imageAlt: (t) => `Тепловая карта звука «${t}»: по горизонтали время, вверх высота`,
  },
};

/** The first language of Accept-Language that has a card text; English otherwise. */
export function cardLang(acceptLanguage: string | undefined): CardLang {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('ru')) return 'ru';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

export function escapeHtml(s: string): string {
  return s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** 0:07, 12:05, 1:02:03. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * The meta tags of a /h/{token} page. `origin` is the public origin (e.g.
 * https://holograms.media); `card` is null for a link that is unknown or revoked.
 */
export function cardMeta(origin: string, token: string, card: ShareCard | null, lang: CardLang) {
  const text = TEXT[lang];
  const title = card ? card.title : 'Holograms';
  const description = card ? text.description(formatDuration(card.durationMs)) : text.generic;
  const image = card
    ? `${origin}/api/public/shares/${encodeURIComponent(token)}/preview.png`
    : `${origin}/icons/icon-512.png`;
  const tags: Array<[string, string, string]> = [
    ['name', 'description', description],
    ['property', 'og:site_name', 'Holograms'],
    ['property', 'og:type', 'website'],
    ['property', 'og:locale', lang === 'ru' ? 'ru_RU' : 'en_US'],
    ['property', 'og:title', title],
    ['property', 'og:description', description],
    ['property', 'og:url', `${origin}/h/${encodeURIComponent(token)}`],
    ['property', 'og:image', image],
    ['property', 'og:image:type', 'image/png'],
    ['property', 'og:image:width', String(card ? PREVIEW_WIDTH : 512)],
    ['property', 'og:image:height', String(card ? PREVIEW_HEIGHT : 512)],
    ['property', 'og:image:alt', card ? text.imageAlt(card.title) : 'Holograms'],
    ['name', 'twitter:card', card ? 'summary_large_image' : 'summary'],
    ['name', 'twitter:title', title],
    ['name', 'twitter:description', description],
    ['name', 'twitter:image', image],
  ];
  return {
    title: card ? `${card.title} · Holograms` : 'Holograms',
    tags: tags.map(
      ([attr, key, value]) => `<meta ${attr}="${key}" content="${escapeHtml(value)}" />`,
    ),
  };
}

/**
 * index.html with the card: the <title> replaced, the app's own description dropped (the card
 * has its own) and the tags added at the end of <head>.
 */
export function injectCard(
  indexHtml: string,
  meta: ReturnType<typeof cardMeta>,
  preloads: readonly string[] = [],
): string {
  return indexHtml
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(meta.title)}</title>`)
    .replace(/<meta\s+name="description"[^>]*>/, '')
    .replace('</head>', `${[...meta.tags, ...preloads].join('\n')}\n</head>`);
}

/**
 * Preload hints for a /h/{token} page: the replay page's code (found among the built assets by
 * name) and the manifest, so the browser fetches them in parallel with the main bundle instead of
 * one after the other. three.js is not among them: the page asks for it once its text is on the
 * screen (src/share/holo-replay.ts), so that it does not hold the text back on a slow connection.
 */
export function preloadLinks(assetFiles: readonly string[], token: string): string[] {
  const modules = assetFiles
    .filter((f) => /^holo-replay-[\w-]+\.js$/.test(f))
    .sort()
    .map((f) => `<link rel="modulepreload" href="/assets/${escapeHtml(f)}" />`);
  const manifest = `<link rel="preload" as="fetch" crossorigin href="/api/public/shares/${encodeURIComponent(token)}" />`;
  return [...modules, manifest];
}
