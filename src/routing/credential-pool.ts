import type { Provider } from '../providers/provider.js';

/**
 * The credentials of one provider account (one Provider instance per API key), used in turn.
 * A credential that answered 429 cools down until its Retry-After (or 30 s) has passed.
 */
export class CredentialPool {
  private readonly coolingUntil: number[];
  private next = 0;

  constructor(readonly providers: readonly Provider[]) {
    if (providers.length === 0) throw new Error('a credential pool needs at least one provider');
    this.coolingUntil = providers.map(() => 0);
  }

  /** The next credential not cooling down, or undefined when every one is. */
  pick(now: number): Provider | undefined {
    for (let offset = 0; offset < this.providers.length; offset++) {
      const index = (this.next + offset) % this.providers.length;
      if ((this.coolingUntil[index] ?? 0) <= now) {
        this.next = (index + 1) % this.providers.length;
        return this.providers[index];
      }
    }
    return undefined;
  }

  /** Rests a credential that was rate limited. */
  coolDown(provider: Provider, until: number): void {
    const index = this.providers.indexOf(provider);
    if (index !== -1) this.coolingUntil[index] = until;
  }
}
