import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, passwordProblems, verifyPassword } from './password.ts';

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const h = await hashPassword('Shanxi-2026-guatu');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, 'Shanxi-2026-guatu')).toBe(true);
    expect(await verifyPassword(h, 'shanxi-2026-guatu')).toBe(false);
    expect(await verifyPassword('not a hash', 'Shanxi-2026-guatu')).toBe(false);
    // Salted: the same password never hashes the same twice.
    expect(await hashPassword('Shanxi-2026-guatu')).not.toBe(h);
  });

  it('refuses weak passwords with reasons in Chinese', () => {
    expect(passwordProblems('short1A!', 'wang')).toContain('密码至少 12 位');
    expect(passwordProblems('alllowercaseletters', 'wang').join()).toMatch(/至少三类/);
    expect(passwordProblems('Wang.Fei-2026x', 'wang.fei')).toContain('密码不能包含用户名');
    expect(passwordProblems('Changzhi#2026!', 'wang')).toEqual([]);
  });

  it('generates passwords that pass its own policy', () => {
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toHaveLength(16);
      expect(passwordProblems(p, 'admin'), p).toEqual([]);
      expect(p).not.toMatch(/[0O1lI]/);
    }
  });
});
