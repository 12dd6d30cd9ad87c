import argon2 from 'argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane).
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** A hash of a password that an attacker who steals the database cannot feasibly reverse. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

// Compared against when no account matches, so an unknown email costs the same time as a wrong password.
let decoy: Promise<string> | undefined;

export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  decoy ??= hashPassword('decoy password for timing');
  const target = hash ?? (await decoy);
  try {
    const ok = await argon2.verify(target, password);
    return ok && Boolean(hash);
  } catch {
    return false;
  }
}

/**
 * Words and runs at the heart of the passwords people most often choose, and of the lists attackers try
 * first (NCSC: block the most common passwords). A password that is one of these, however padded with
 * digits or symbols, or with letters swapped for look-alike numbers, is refused.
 */
const COMMON_CORES = new Set([
  'password',
  'passwort',
  'letmein',
  'welcome',
  'iloveyou',
  'admin',
  'administrator',
  'qwerty',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  'abc',
  'abcdef',
  'abcdefgh',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'trustno',
  'changeme',
  'secret',
  'master',
  'superman',
  'batman',
  'starwars',
  'whatever',
  'login',
  'hello',
  'freedom',
  'shadow',
  'michael',
  'liverpool',
  'arsenal',
  'chelsea',
  'london',
  'england',
  'coroner',
  'opencoroner',
  'inquest',
  'mypassword',
  'yourpassword',
  'thepassword',
  'passphrase',
]);
const LOOK_ALIKES: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

/** Whether a password is among the most commonly chosen, or made only of a repeated or counted run. */
export function isCommonPassword(password: string): boolean {
  const plain = password.trim().toLowerCase();
  // A few characters used over and over ("aaaaaaaaaaaa", "121212121212"), or digits alone (a date, a phone number).
  if (new Set(plain).size < 5 || /^[\d\s]+$/.test(plain)) return true;
  if ('12345678901234567890'.includes(plain) || 'abcdefghijklmnopqrstuvwxyz'.includes(plain)) return true;
  const core = plain
    .replace(/[\d\W_]+$/, '')
    .replace(/^[\d\W_]+/, '')
    .replace(/[013457@$]/g, (c) => LOOK_ALIKES[c] ?? c);
  return COMMON_CORES.has(core) || COMMON_CORES.has(core.replace(/\s+/g, ''));
}
