// The report's map image of one site: its outline and what overlaps it, filled in each layer's colour
// (the colours of the site-check map), north up at equal scale for its latitude, with a scale bar and
// a legend of the layers hit. An SVG drawn from the saved answer, so the printed report needs no tiles.
import { checkLayers } from '@guatu/data/site-check-rules.ts';

type Geometry = { type: string; coordinates: unknown } | null | undefined;

export interface MapSite {
  geometry: Geometry;
  layers: { kind: string; label: string; overlapAreaM2: number; overlapGeometry?: unknown }[];
}

const SIZE = 240;
const PAD = 14;
const METRES_PER_DEGREE = 111_320;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The rings of a polygon or multipolygon (nothing for other types). */
export function polygonRings(g: Geometry): number[][][] {
  if (!g) return [];
  return g.type === 'Polygon' ? (g.coordinates as number[][][]) : g.type === 'MultiPolygon' ? (g.coordinates as number[][][][]).flat() : [];
}

/** A round length for the scale bar: about a quarter of the span, 1, 2 or 5 × 10ⁿ metres. */
function niceLength(metres: number): number {
  const target = metres / 4;
  const power = 10 ** Math.floor(Math.log10(target));
  return [5, 2, 1].map((m) => m * power).find((v) => v <= target) ?? power;
}

/** What the map draws, in a SIZE × SIZE frame (SVG coordinates: y down): paths, scale bar, legend. */
export interface MapShapes {
  size: number;
  site: string;
  overlaps: { kind: string; label: string; color: string; path: string }[];
  bar: { px: number; label: string };
}

/** The site and its overlaps as SVG path data, north up at equal scale; null when the site has no area. */
export function siteMapShapes(site: MapSite): MapShapes | null {
  const rings = polygonRings(site.geometry);
  const pts = rings.flat();
  if (!pts.length) return null;
  const k = Math.cos(((pts.reduce((a, p) => a + p[1]!, 0) / pts.length) * Math.PI) / 180);
  const xs = pts.map((p) => p[0]! * k);
  const ys = pts.map((p) => p[1]!);
  const [x0, y1] = [Math.min(...xs), Math.max(...ys)];
  const span = Math.max(Math.max(...xs) - x0, y1 - Math.min(...ys)) || 1e-9;
  const scale = (SIZE - 2 * PAD) / span;
  const path = (rs: number[][][]) => rs.map((r) => `M${r.map((p) => `${(PAD + (p[0]! * k - x0) * scale).toFixed(1)},${(PAD + (y1 - p[1]!) * scale).toFixed(1)}`).join('L')}Z`).join('');
  const colorOf = (kind: string) => checkLayers.find((c) => c.id === kind)?.color ?? '#495057';
  const spanM = span * METRES_PER_DEGREE;
  const bar = niceLength(spanM);
  return {
    size: SIZE,
    site: path(rings),
    overlaps: site.layers.filter((l) => l.overlapAreaM2 > 0 && l.overlapGeometry)
      .map((l) => ({ kind: l.kind, label: `${l.label}${l.kind === 'urban_boundary' ? '（边界外）' : ''}`, color: colorOf(l.kind), path: path(polygonRings(l.overlapGeometry as Geometry)) })),
    bar: { px: (bar / spanM) * (SIZE - 2 * PAD), label: bar >= 1000 ? `${bar / 1000} 千米` : `${bar} 米` },
  };
}

/** The site map as an SVG element (empty string when the site has no area to draw). */
export function siteMapSvg(site: MapSite): string {
  const m = siteMapShapes(site);
  if (!m) return '';
  const fills = m.overlaps.map((o) => `<path d="${o.path}" fill="${o.color}" fill-opacity="0.55" stroke="${o.color}" stroke-width="0.6" fill-rule="evenodd"/>`).join('');
  const legend = m.overlaps.map((o, i) => `<rect x="${SIZE + 8}" y="${PAD + i * 18}" width="12" height="12" fill="${o.color}" fill-opacity="0.7"/><text x="${SIZE + 26}" y="${PAD + i * 18 + 10}" font-size="11">${esc(o.label)}</text>`).join('');
  const width = m.overlaps.length ? SIZE + 150 : SIZE;
  return `<svg viewBox="0 0 ${width} ${SIZE}" width="${width}" height="${SIZE}" role="img" aria-label="选址及重叠范围示意图" font-family="inherit">
  <rect x="0.5" y="0.5" width="${SIZE - 1}" height="${SIZE - 1}" fill="#f8f9fa" stroke="#dee2e6"/>
  <path d="${m.site}" fill="#ffffff" stroke="none" fill-rule="evenodd"/>${fills}
  <path d="${m.site}" fill="none" stroke="#1f2a37" stroke-width="1.6" fill-rule="evenodd"/>
  <text x="${SIZE - 10}" y="20" font-size="12" text-anchor="end">北 ↑</text>
  <path d="M${PAD},${SIZE - 10}h${m.bar.px.toFixed(1)}" stroke="#1f2a37" stroke-width="2"/><text x="${PAD}" y="${SIZE - 14}" font-size="10">${m.bar.label}</text>${legend}</svg>`;
}
