import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRules } from '@guatu/data/site-check-rules.ts';
import { loadConfig, loadSiteCheckRules, repoRoot } from './config.ts';

describe('config', () => {
  it('has working defaults: port 8080, embedded database in .data/', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBeNull();
    expect(c.dataDir).toBe(`${repoRoot}/.data`);
    expect(c.demoData).toBe(true);
  });

  it('names the bad variable and why', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DEMO_SCALE: '0' })).toThrow(/DEMO_SCALE/);
  });

  it('reads DATABASE_URL and DATA_DIR', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@localhost:5432/guatu', DATA_DIR: '/var/lib/guatu' });
    expect(c.databaseUrl).toBe('postgres://u@localhost:5432/guatu');
    expect(c.dataDir).toBe('/var/lib/guatu');
  });
});

describe('site-check rules', () => {
  const file = (content: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'guatu-rules-')), 'rules.json');
    writeFileSync(path, content);
    return path;
  };

  it('defaults without a file and overrides what the file gives', () => {
    expect(loadSiteCheckRules(undefined)).toBe(defaultRules);
    const rules = loadConfig({ SITE_CHECK_RULES: file(JSON.stringify({ corridorWidths: { railway: { metres: 40, basis: '本地规定' } }, conflictLayers: ['basic_farmland'], sliverM2: 5 })) }).siteCheck;
    expect(rules.corridorWidths.railway).toEqual({ metres: 40, basis: '本地规定' });
    expect(rules.corridorWidths.expressway).toEqual(defaultRules.corridorWidths.expressway);
    expect(rules.conflictLayers).toEqual(['basic_farmland']);
    expect(rules.sliverM2).toBe(5);
  });

  it('names the bad field of a rules file, and an unreadable file', () => {
    expect(() => loadSiteCheckRules(file(JSON.stringify({ corridorWidths: { railway: { metres: -1, basis: 'x' } } })))).toThrow(/SITE_CHECK_RULES corridorWidths\.railway\.metres/);
    expect(() => loadSiteCheckRules(file(JSON.stringify({ conflictLayers: ['farmland'] })))).toThrow(/conflictLayers\.0/);
    expect(() => loadSiteCheckRules(file(JSON.stringify({ widths: {} })))).toThrow(/SITE_CHECK_RULES/);
    expect(() => loadSiteCheckRules(file('{ not json'))).toThrow(/cannot read .* as JSON/);
  });
});
