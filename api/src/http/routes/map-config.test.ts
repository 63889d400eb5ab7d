import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { basemaps } from './map-config.ts';

describe('basemaps', () => {
  const none = { tiandituKey: null, url: null, title: '自定义底图', attribution: '', reviewNumber: null };

  it('is the offline map alone by default', () => {
    expect(basemaps(none).map((b) => b.id)).toEqual(['offline']);
  });

  it('adds 天地图 vector and imagery, with their label layers, when a key is configured', () => {
    const key = '0123456789abcdef0123456789abcdef';
    const list = basemaps({ ...none, tiandituKey: key });
    expect(list.map((b) => b.id)).toEqual(['offline', 'tianditu-vec', 'tianditu-img']);
    expect(list[1]!.tiles.every((t) => t.endsWith(`tk=${key}`))).toBe(true);
    expect(new Set(list[1]!.tiles.map((t) => /LAYER=(\w+)/.exec(t)![1]))).toEqual(new Set(['vec', 'cva']));
    expect(list[2]!.attribution).toContain('天地图');
  });

  it('adds a configured XYZ or PMTiles basemap', () => {
    expect(basemaps({ ...none, url: 'https://tiles.example.cn/{z}/{x}/{y}.png' }).at(-1)!.tiles).toEqual(['https://tiles.example.cn/{z}/{x}/{y}.png']);
    expect(basemaps({ ...none, url: 'https://cdn.example.cn/base.pmtiles' }).at(-1)!.tiles).toEqual(['pmtiles://https://cdn.example.cn/base.pmtiles/{z}/{x}/{y}']);
    expect(basemaps({ ...none, url: 'https://cdn.example.cn/base.pmtiles?token=abc' }).at(-1)!.tiles).toEqual(['pmtiles://https://cdn.example.cn/base.pmtiles?token=abc/{z}/{x}/{y}']);
  });

  it('refuses a malformed key or URL in the configuration', () => {
    expect(() => loadConfig({ TIANDITU_KEY: 'not-a-key' })).toThrow(/TIANDITU_KEY/);
    expect(() => loadConfig({ BASEMAP_URL: 'ftp://x' })).toThrow(/BASEMAP_URL/);
    // A template without tile coordinates would fetch one image for every tile.
    expect(() => loadConfig({ BASEMAP_URL: 'https://tiles.example.cn/base.png' })).toThrow(/BASEMAP_URL/);
    expect(() => loadConfig({ BASEMAP_URL: 'https://tiles.example.cn/{z}/{x}.png' })).toThrow(/BASEMAP_URL/);
    expect(loadConfig({ BASEMAP_URL: 'https://cdn.example.cn/base.pmtiles?token=abc' }).basemap.url).toBe('https://cdn.example.cn/base.pmtiles?token=abc');
    expect(loadConfig({ MAP_REVIEW_NUMBER: '晋S（2026）001号' }).reviewNumber).toBe('晋S（2026）001号');
  });
});
