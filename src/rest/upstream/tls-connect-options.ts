import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import type { UpstreamSettings } from './upstream-settings.js';

/** The TLS part of undici's connect options, shared by every node of a set. */
export interface TlsConnectOptions {
  rejectUnauthorized: boolean;
  secureContext?: SecureContext;
  servername?: string;
}

/**
 * Builds the TLS options once per set: a `ca` is added to the system roots (the spec promises
 * "besides", and a bare `ca` would replace them), in one secure context so a connect does not
 * parse every root certificate again.
 */
export function tlsConnectOptions(tls: UpstreamSettings['tls']): TlsConnectOptions {
  const options: TlsConnectOptions = { rejectUnauthorized: tls.verify };
  if (tls.serverName !== undefined) options.servername = tls.serverName;
  if (tls.ca !== undefined) {
    try {
      options.secureContext = createSecureContext({ ca: [...rootCertificates, tls.ca] });
    } catch (error) {
      throw new Error(`upstream tls.ca is not a usable PEM certificate: ${(error as Error).message}`);
    }
  }
  return options;
}
