import { describe, expect, it } from 'vitest';
import { checkLayers } from '@guatu/data/site-check-rules.ts';
import { siteMapSvg } from './report-map.ts';

const square = (x0: number, y0: number, d: number) => ({ type: 'Polygon', coordinates: [[[x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d], [x0, y0]]] });

describe('siteMapSvg', () => {
  it('draws the site, each hit layer in its colour with a legend, and a round scale bar', () => {
    const svg = siteMapSvg({
      geometry: square(114, 38, 0.01),
      layers: [
        { kind: 'basic_farmland', label: '永久基本农田', overlapAreaM2: 100, overlapGeometry: square(114, 38, 0.005) },
        { kind: 'projects', label: '其他项目选址', overlapAreaM2: 0, overlapGeometry: null },
      ],
    });
    const farmland = checkLayers.find((c) => c.id === 'basic_farmland')!.color;
    expect(svg).toContain(`fill="${farmland}"`);
    expect(svg).toContain('永久基本农田');
    expect(svg).not.toContain('其他项目选址');
    // 0.01° of latitude is about 1.1 km: the bar is a round 200 m.
    expect(svg).toContain('200 米');
    expect(svg.match(/<path /g)).toHaveLength(4); // site fill, the overlap, site outline, scale bar
  });

  it('draws nothing for a site without an area', () => {
    expect(siteMapSvg({ geometry: { type: 'Point', coordinates: [114, 38] }, layers: [] })).toBe('');
  });
});
