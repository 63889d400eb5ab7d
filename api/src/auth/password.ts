// Passwords: argon2id hashes (OWASP's minimum parameters: 19 MiB, 2 passes), a policy a security
// review (等保) asks for — length and character classes, not the username — with reasons in Chinese,
// and generated passwords for the first admin and for resets.
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// The package's Algorithm is a const enum, which erasable TypeScript cannot import: 2 is Argon2id.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** The argon2id hash of a password (computed off the main thread). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** True when the password matches the hash; false for a malformed hash too. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

export const MIN_LENGTH = 12;

/** What is wrong with a new password, in Chinese (empty when it is acceptable). */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if ([...password].length < MIN_LENGTH) problems.push(`密码至少 ${MIN_LENGTH} 位`);
  if ([...password].length > 128) problems.push('密码最多 128 位');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('密码须包含小写字母、大写字母、数字、符号中的至少三类');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('密码不能包含用户名');
  if (/^(.)\1+$/.test(password)) problems.push('密码不能由同一个字符重复组成');
  return problems;
}

const ALPHABET = {
  lower: 'abcdefghijkmnpqrstuvwxyz',
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  digit: '23456789',
  symbol: '-_.!@#%+=',
};

/** A random password that meets the policy (no look-alike characters such as 0/O and 1/l). */
export function generatePassword(length = 16): string {
  const all = Object.values(ALPHABET).join('');
  const chars = Object.values(ALPHABET).map((set) => set[randomInt(set.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
