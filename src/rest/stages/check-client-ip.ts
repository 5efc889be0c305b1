import { GatewayError } from '../../core/gateway-error.js';
import type { Authorized, Passed } from '../../pipeline/context/phases.js';
import type { Stage } from '../../pipeline/stage.js';
import type { RestReceived } from '../rest-exchange.js';

/** The client's address passed the service's `ip_allow` / `ip_deny` lists. */
export type IpChecked = Passed<'check client ip'>;

/**
 * Refuses clients outside the service's IP lists (403). The address is the TCP peer's: a
 * forwarded header is client input and could name any address.
 */
export const checkClientIp: Stage<RestReceived & Authorized, IpChecked> = (context) => {
  const allowed = context.rest.route.service.ipAllowed;
  if (allowed === undefined) return;
  const ip = context.rest.request.socket.remoteAddress ?? '';
  if (!allowed(ip)) {
    throw new GatewayError('ip_denied', `The address ${ip} may not call this service.`);
  }
};
