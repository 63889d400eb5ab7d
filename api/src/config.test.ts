import { describe, expect, it } from 'vitest';
import { loadConfig, repoRoot } from './config.ts';

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
