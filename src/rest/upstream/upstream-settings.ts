import type { HttpUpstreamSpec } from '../../config/http-service-schema.js';

/** Active health checks with every default filled in. */
export interface ActiveCheckSettings {
  /** Requested with GET at the node's origin (not under its path prefix). */
  path: string;
  intervalMs: number;
  timeoutMs: number;
  /** Consecutive good answers (2xx/3xx) that put an unhealthy node back. */
  healthyThreshold: number;
  /** Consecutive failed probes that take a healthy node out. */
  unhealthyThreshold: number;
}

/** Passive health (ejection on failed calls) with every default filled in. */
export interface PassiveCheckSettings {
  /** Failed calls (connect errors, timeouts, 5xx) within `windowMs` that eject a node. */
  failures: number;
  windowMs: number;
  /** How long an ejected node sits out before it is tried again (half-open). */
  cooldownMs: number;
}

/** An upstream's settings with the defaults of docs/rest-services.md applied. */
export interface UpstreamSettings {
  maxConnections: number;
  connectMs: number;
  firstByteMs: number;
  /** Whole exchange, body included; undefined: no limit (long downloads, SSE). */
  totalMs: number | undefined;
  /** Retries after the first attempt (so at most retries + 1 attempts). */
  retries: number;
  backoffMs: number;
  /** undefined: no active checks (the spec has no `health_check.active`). */
  active: ActiveCheckSettings | undefined;
  /** undefined: no passive checks (the spec has no `health_check.passive`). */
  passive: PassiveCheckSettings | undefined;
  tls: { verify: boolean; ca: string | undefined; serverName: string | undefined };
}

/** The defaults, in one place; the docs table mirrors them. */
export const upstreamDefaults = {
  weight: 1,
  maxConnections: 256,
  connectMs: 5_000,
  firstByteMs: 60_000,
  retries: 1,
  backoffMs: 0,
  activeIntervalMs: 10_000,
  activeTimeoutMs: 2_000,
  healthyThreshold: 2,
  unhealthyThreshold: 3,
  passiveFailures: 5,
  passiveWindowMs: 10_000,
  passiveCooldownMs: 30_000,
} as const;

export function resolveUpstreamSettings(spec: HttpUpstreamSpec): UpstreamSettings {
  const d = upstreamDefaults;
  const active = spec.health_check?.active;
  const passive = spec.health_check?.passive;
  return {
    maxConnections: spec.max_connections ?? d.maxConnections,
    connectMs: spec.timeouts?.connect_ms ?? d.connectMs,
    firstByteMs: spec.timeouts?.first_byte_ms ?? d.firstByteMs,
    totalMs: spec.timeouts?.total_ms,
    retries: spec.retries?.attempts ?? d.retries,
    backoffMs: spec.retries?.backoff_ms ?? d.backoffMs,
    active:
      active === undefined
        ? undefined
        : {
            path: active.path,
            intervalMs: active.interval_ms ?? d.activeIntervalMs,
            timeoutMs: active.timeout_ms ?? d.activeTimeoutMs,
            healthyThreshold: active.healthy_threshold ?? d.healthyThreshold,
            unhealthyThreshold: active.unhealthy_threshold ?? d.unhealthyThreshold,
          },
    passive:
      passive === undefined
        ? undefined
        : {
            failures: passive.failures ?? d.passiveFailures,
            windowMs: passive.window_ms ?? d.passiveWindowMs,
            cooldownMs: passive.cooldown_ms ?? d.passiveCooldownMs,
          },
    tls: {
      verify: spec.tls?.verify ?? true,
      ca: spec.tls?.ca,
      serverName: spec.tls?.server_name,
    },
  };
}
