import { Algorithm, hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 20 ms here, slow enough to hurt
// offline guessing, cheap enough to keep login latency low.
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

let decoy: Promise<string> | null = null;

export const passwordHasher = {
  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  },
  /** A service account has no password hash: nothing matches it, in the time a real check takes. */
  verify(passwordHash: string | null, password: string): Promise<boolean> {
    if (passwordHash === null) return passwordHasher.verifyDecoy(password);
    return verify(passwordHash, password).catch(() => false);
  },
  /** Spends the time of a real verification, so an unknown login answers as slowly as a wrong password. */
  async verifyDecoy(password: string): Promise<false> {
    decoy ??= hash('decoy password that matches nothing', OPTIONS);
    await verify(await decoy, password).catch(() => false);
    return false;
  },
};
