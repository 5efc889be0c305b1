import type { HttpAuthSpec } from '../config/http-service-schema.js';
import type { HttpServiceEntry } from '../governance/governance-snapshot.js';
import { createRequestValidator, type RequestValidator } from '../openapi/request-validator.js';
import { createJwtVerifier, type JwtVerifier } from './consumer/jwt-verifier.js';
import { createIpFilter } from './edge/ip-filter.js';
import { ServiceCors } from './edge/service-cors.js';
import type { RoutableService } from './router/rest-router.js';
import { UpstreamSet, type NodeStatus } from './upstream/upstream-set.js';

/** One HTTP service as the request path uses it, built once per release. */
export interface RestService extends RoutableService {
  readonly entry: HttpServiceEntry;
  readonly upstream: UpstreamSet;
  /** How consumers may authenticate; a service without `auth` takes keys only. */
  readonly authModes: HttpAuthSpec['modes'];
  readonly jwt: JwtVerifier | undefined;
  /** Whether a client IP may call; undefined: every IP. */
  readonly ipAllowed: ((ip: string) => boolean) | undefined;
  readonly cors: ServiceCors | undefined;
  /** The smaller of the service's `max_body_bytes` and the server's own limit. */
  readonly maxBodyBytes: number;
  /** Checks requests against the service's OpenAPI document; set only with `validate_requests: true` and a document. */
  readonly validator: RequestValidator | undefined;
}

const keysOnly: HttpAuthSpec['modes'] = ['key'];

/** Builds a service's runtime parts; its UpstreamSet starts its health checks now. */
export function createRestService(
  entry: HttpServiceEntry,
  serverMaxBodyBytes: number,
  onNodeChange: (service: string, status: NodeStatus) => void,
): RestService {
  const spec = entry.spec;
  const modes = spec.auth?.modes;
  return {
    entry,
    upstream: new UpstreamSet(spec.upstream, {
      serviceName: entry.name,
      onNodeChange: (status) => onNodeChange(entry.name, status),
    }),
    authModes: modes ?? keysOnly,
    jwt: spec.auth?.jwt === undefined ? undefined : createJwtVerifier(spec.auth.jwt),
    ipAllowed: createIpFilter(spec.ip_allow, spec.ip_deny),
    cors: spec.cors === undefined ? undefined : new ServiceCors(spec.cors),
    maxBodyBytes: Math.min(spec.max_body_bytes ?? Number.POSITIVE_INFINITY, serverMaxBodyBytes),
    validator:
      spec.validate_requests === true && entry.openapi !== undefined
        ? createRequestValidator(entry.openapi)
        : undefined,
  };
}
