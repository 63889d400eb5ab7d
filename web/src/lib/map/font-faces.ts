// The map draws its labels with the bundled Noto Sans SC (MapLibre `font-faces`), so no glyph
// server and no system CJK font are needed. Each fontsource slice becomes one face with its
// unicode range; the browser fetches only the slices the labels use.
import type { StyleSpecification } from 'maplibre-gl';
import unicodeRanges from '@fontsource/noto-sans-sc/unicode.json';

const files = import.meta.glob('../../../../node_modules/@fontsource/noto-sans-sc/files/noto-sans-sc-*-400-normal.woff2', {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** The font stack name the map's symbol layers use. */
export const MAP_FONT = 'Noto Sans SC Regular';

/** The `font-faces` entry of the map style. */
export function mapFontFaces(): NonNullable<StyleSpecification['font-faces']> {
  const faces = Object.entries(unicodeRanges as Record<string, string>).flatMap(([key, range]) => {
    const slice = key.replace(/^\[|\]$/g, '');
    const url = Object.entries(files).find(([path]) => path.endsWith(`/noto-sans-sc-${slice}-400-normal.woff2`))?.[1];
    if (!url) return [];
    return [{ url: new URL(url, window.location.href).href, 'unicode-range': range.split(',').map((r) => r.trim()) }];
  });
  return { [MAP_FONT]: faces };
}
