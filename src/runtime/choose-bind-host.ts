/** Where the data plane listens and why, as start-up decided it. */
export interface BindChoice {
  /** The address passed to listen(). */
  host: string;
  /** `named`: server.host or --host said so; otherwise chosen from whether API keys are required. */
  reason: 'named' | 'no-keys-loopback' | 'keys-all-interfaces';
}

/**
 * The data plane's bind address. A named host is used as named. Otherwise an open gateway (no API
 * key) stays on 127.0.0.1, since anyone who reaches it spends the platform's provider credentials,
 * and a gateway that requires keys listens on every interface (0.0.0.0), as a gateway is meant to.
 */
export function chooseBindHost(named: string | undefined, keysRequired: boolean): BindChoice {
  if (named !== undefined) return { host: named, reason: 'named' };
  return keysRequired
    ? { host: '0.0.0.0', reason: 'keys-all-interfaces' }
    : { host: '127.0.0.1', reason: 'no-keys-loopback' };
}
