// Link cards: escaped values, absolute URLs, the app's description replaced, the language from
// Accept-Language, and a generic card that is the same for every dead token.
import { describe, expect, it } from 'vitest';
import {
  cardLang,
  cardMeta,
  escapeHtml,
  formatDuration,
  injectCard,
  preloadLinks,
} from './link-preview.ts';

const INDEX = `<!doctype html><html><head>
<title>Holograms</title>
<meta
  name="description"
  content="The app."
/>
</head><body><holo-app></holo-app></body></html>`;

describe('link cards', () => {
  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(7_400)).toBe('0:07');
    expect(formatDuration(725_000)).toBe('12:05');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });

  it('escapes everything a title could smuggle', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;',
    );
  });

  it('picks the language from Accept-Language', () => {
    expect(cardLang('ru-RU,ru;q=0.9,en;q=0.8')).toBe('ru');
    expect(cardLang('de-DE,en;q=0.5,ru;q=0.3')).toBe('en');
    expect(cardLang('fr')).toBe('en');
    expect(cardLang(undefined)).toBe('en');
  });

  it('puts the card into index.html: title, description, absolute image, large card', () => {
    const html = injectCard(
      INDEX,
      cardMeta(
        'https://holograms.media',
        'tok_EN-123',
        { title: 'A "loud" <b>', durationMs: 61_000 },
        'en',
      ),
    );
    expect(html).toContain('<title>A &quot;loud&quot; &lt;b&gt; · Holograms</title>');
    expect(html).not.toContain('The app.');
    expect(html.match(/name="description"/g)).toHaveLength(1);
    expect(html).toContain(
      '<meta property="og:image" content="https://holograms.media/api/public/shares/tok_EN-123/preview.png" />',
    );
    expect(html).toContain(
      '<meta property="og:url" content="https://holograms.media/h/tok_EN-123" />',
    );
    expect(html).toContain('<meta property="og:image:width" content="1200" />');
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image" />');
    expect(html).toContain('1:01 long');
    expect(html.indexOf('og:title')).toBeLessThan(html.indexOf('</head>'));
    expect(html).toContain('<body><holo-app></holo-app></body>');
  });

  it('gives every dead link the same generic card, with no robots tag (as live ones)', () => {
    const a = cardMeta('https://h.example', 'TOKEN', null, 'ru');
    const b = cardMeta('https://h.example', 'TOKEN', null, 'ru');
    expect(a).toEqual(b);
    const html = injectCard(INDEX, a);
    expect(html).toContain('<meta property="og:title" content="Holograms" />');
    expect(html).toContain(
      '<meta property="og:image" content="https://h.example/icons/icon-512.png" />',
    );
    expect(html).toContain('<meta name="twitter:card" content="summary" />');
    expect(html).not.toContain('robots');
    const live = cardMeta('https://h.example', 'TOKEN', { title: 'x', durationMs: 1 }, 'ru');
    expect(live.tags.join()).not.toContain('robots');
  });
});

describe('preloadLinks', () => {
  it('preloads the replay page and the manifest, not three.js', () => {
    const links = preloadLinks(
      ['index-abc.js', 'holo-scene-Bz_1.js', 'holo-replay-Ct-2.js', 'holo-live-x.js', 'a.css'],
      'tok_EN-123',
    );
    expect(links).toEqual([
      '<link rel="modulepreload" href="/assets/holo-replay-Ct-2.js" />',
      '<link rel="preload" as="fetch" crossorigin href="/api/public/shares/tok_EN-123" />',
    ]);
    const html = injectCard(INDEX, cardMeta('https://h.example', 'tok', null, 'en'), links);
    expect(html.indexOf('modulepreload')).toBeLessThan(html.indexOf('</head>'));
  });
});
