import { describe, expect, it } from 'vitest';
import { contentSchema } from './story-body.ts';
import { buildStory, cameraFor } from './templates.ts';

const data = {
  region: { code: '140525', name: '泽州县', bbox: [112.5, 35.3, 113.2, 35.8] as [number, number, number, number] },
  standardLand: [{ id: 7, name: '泽州标准地1号', center: [112.8, 35.5] as [number, number], areaMu: 120, landUse: 'industrial', services: '七通一平' }],
  flagships: [{ id: 3, name: '氢能示范项目', center: [112.9, 35.6] as [number, number], investment: 250_000, category: 'energy', industryChain: '氢能' }],
  chain: { name: '氢能', bbox: [112.7, 35.4, 113.0, 35.7] as [number, number, number, number], projects: [3] },
  mainLine: { id: 11, name: '二广高速' },
};

describe('story templates', () => {
  it('frames a region: centre of its box, a zoom that fits it', () => {
    const c = cameraFor([112.5, 35.3, 113.2, 35.8]);
    expect(c.center).toEqual([112.85, 35.55]);
    // The box's width in pixels at that zoom: most of a 1,200 px screen, with a margin.
    const px = (0.7 / 360) * 512 * 2 ** c.zoom;
    expect(px).toBeGreaterThan(500);
    expect(px).toBeLessThan(1200);
    expect(cameraFor([112.8, 35.5, 112.8, 35.5]).zoom).toBeLessThanOrEqual(16);
  });

  it('builds valid scenes from the data for every template', () => {
    for (const template of ['overview', 'standard_land', 'industry_chain', 'flagship', 'blank'] as const) {
      const story = buildStory(template, data);
      expect(contentSchema.safeParse(story).success, template).toBe(true);
      expect(new Set(story.scenes.map((s) => s.id)).size).toBe(story.scenes.length);
    }
    const land = buildStory('standard_land', data);
    expect(land.scenes[1]).toMatchObject({ title: '泽州标准地1号', highlight: { parcels: [7] }, threeD: { parcels: true } });
    expect(land.scenes[1]!.text).toMatch(/120 亩，工业用地。配套：七通一平/);
    const chain = buildStory('industry_chain', data);
    expect(chain.scenes[0]).toMatchObject({ title: '氢能产业链', filter: { region: '140525', industryChain: '氢能' }, figures: ['chain.count', 'chain.investment'] });
    expect(buildStory('flagship', data).scenes[1]!.text).toBe('总投资 25 亿元。');
    expect(buildStory('overview', data).scenes[1]!.threeD).toEqual({ flowLineId: 11 });
  });
});
