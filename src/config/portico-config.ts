import type { ModelPrices } from '../catalog/model-catalog.js';
import type { ProviderConfig } from '../providers/provider-config.js';
import type { ConfigFile } from './config-schema.js';

export interface ModelTarget {
  provider: string;
  model: string;
  /** Share of traffic for weighted and canary routes. Default 1. */
  weight: number;
}

/** How a route picks its first target; the others follow in config order as fallbacks. */
export type RouteStrategy =
  'fallback' | 'weighted' | 'round-robin' | 'least-latency' | 'lowest-cost' | 'canary';

/** Failure kinds after which the next target is tried. */
export type FallbackTrigger =
  'rate_limit' | 'server_error' | 'timeout' | 'connection' | 'content_filter' | 'bad_response';

/** Routing and resilience settings of one route. Documented in docs/routing.md. */
export interface RoutePolicy {
  strategy: RouteStrategy;
  /** Canary stickiness: by API key, or by the value of a request header. */
  sticky?: { by: 'key' } | { by: 'header'; name: string };
  retries: {
    /** Extra tries on the same target after a retryable failure. Default 0. */
    attempts: number;
    /** First backoff; doubles each retry, with full jitter. Default 250 ms. */
    backoffMs: number;
    /** Longest wait between tries; a longer Retry-After moves on to the next target instead. Default 5000 ms. */
    maxBackoffMs: number;
  };
  fallbackOn: ReadonlySet<FallbackTrigger>;
  breaker: {
    /** Failures within `windowMs` that open the circuit. Default 5. */
    failures: number;
    windowMs: number;
    /** How long an open circuit skips the target before one probe is let through. Default 30 000 ms. */
    cooldownMs: number;
  };
  /** Most choices (`n`, `candidateCount`) one call may ask for; more is refused with 400. Default 8. */
  maxChoices: number;
  /**
   * Output tokens reserved per choice against budgets and token limits when the call sets no
   * output cap; at most the model's output limit; settled to the real usage. Default 4096.
   */
  reservedOutputTokens: number;
  /** The route's own CORS origins; absent: `server.cors` decides alone. */
  cors?: RouteCors;
}

export interface ModelRoute {
  name: string;
  targets: ModelTarget[];
  policy: RoutePolicy;
}

export interface ApiKeyConfig {
  name: string;
  /** Resolved secret; hashed by the authenticator at start, never logged. */
  key: string;
}

/** The validated, resolved configuration every part of Portico reads. */
export interface PorticoConfig {
  /** Path of the file it came from; undefined when started without one. */
  source: string | undefined;
  /** The file as validated, `${VAR}`s resolved: what start applies to the store (holds secrets; never log). */
  document: ConfigFile;
  /** The file's text before interpolation, so secrets applied from it are stored as `${VAR}` references. */
  documentText: string;
  server: {
    /**
     * Bind address of the data plane as named by `server.host` or `--host`. Undefined: 127.0.0.1
     * while no API key exists, every interface (0.0.0.0) once one does (see chooseBindHost).
     */
    host: string | undefined;
    port: number;
    /** Largest accepted request body. Default 32 MiB (room for several base64 images). */
    maxBodyBytes: number;
    /**
     * Bytes of request bodies being received and parsed at once, across all connections; a body
     * that would pass it gets 503 `server_busy`. Default 256 MiB, and never below `maxBodyBytes`.
     */
    maxBodiesInFlightBytes: number;
    /**
     * After an answer sent before the body was read (401, 404, 413, 503…), how long the rest of
     * the body is read and discarded so the client can read the answer, in ms. Default 5000; 0 closes at once.
     */
    lingeringTimeMs: number;
    /** The most bytes discarded that way before the connection is closed. Default 64 MiB. */
    lingeringMaxBytes: number;
    /** How long in-flight requests may finish after SIGTERM. Default 10 000 ms. */
    shutdownGraceMs: number;
    /**
     * Accept `<provider-id>/<model>` as a model name without a declared route. Default false.
     * With API keys stored, only keys of `directModelTenants` may use such names.
     */
    directModelAccess: boolean;
    /** Tenant handles whose keys may call direct names when `directModelAccess` is on. Default none. */
    directModelTenants: string[];
    /** CORS for browser clients of the data plane; absent (the default) sends no CORS headers. */
    cors?: CorsSettings;
  };
  logging: {
    level: 'debug' | 'info' | 'warn' | 'error' | 'silent';
    /**
     * Longest an access line waits to be written with others, in ms; 0 writes each event-loop
     * turn's lines at its end. Default 20 (like nginx's `access_log … flush=`).
     */
    accessFlushMs: number;
  };
  storage: {
    /** `sqlite:PATH`, `:memory:` or `postgres://…`. Default `sqlite:./data/portico.db`; `DATABASE_URL` wins. */
    url: string;
    /** Where the master key lives when `PORTICO_MASTER_KEY` is not set. Default `./data/master.key`. */
    masterKeyFile: string;
    /** `PORTICO_MASTER_KEY` (secret; never log). */
    masterKey?: string;
  };
  callLog: {
    /** Raw calls are kept this many days (whole day partitions are dropped). Default 30. */
    retentionDays: number;
    /** At most this many raw calls are kept (oldest days dropped first). Default 10 000 000. */
    maxRows: number;
    /** How often queued calls are written; also the most a crash can lose. Default 1000 ms. */
    flushIntervalMs: number;
  };
  controlPlane: {
    enabled: boolean;
    /** Default 127.0.0.1: the admin API is not exposed unless configured. */
    host: string;
    /** Default 8081. */
    port: number;
    /** `PORTICO_ADMIN_PASSWORD`: the first admin's password instead of a printed one-time password. */
    bootstrapPassword?: string;
    /**
     * Origins besides the admin API's own (`https://console.example.com`, lower case, no path) whose
     * pages may make cookie-authenticated writes; needed behind a proxy that changes the scheme or host.
     * Default none.
     */
    allowedOrigins: string[];
  };
  pricing: {
    /**
     * Price of models neither a provider's `prices` nor the catalogue know. Absent: such calls
     * are refused while a budget applies to them (`model_unpriced`), never counted as free.
     */
    defaultPrices?: ModelPrices;
  };
  webhooks: {
    /**
     * Loopback, private or link-local targets budget webhooks may reach anyway: host names, IP
     * addresses or CIDR ranges. Default none: webhooks reach public addresses only.
     */
    allowPrivateTargets: string[];
  };
  providers: ProviderConfig[];
  models: ModelRoute[];
  /** Empty means the data plane is open. */
  keys: ApiKeyConfig[];
}

/** `server.cors`: which browser origins may call the data plane (docs/configuration.md). */
/** A route's own CORS origins (docs/configuration.md, `server.cors`). */
export interface RouteCors {
  /** Origins whose browser pages may call this route, or `*`; replaces `server.cors.origins` for it. */
  origins: readonly string[];
  /** Send `Access-Control-Allow-Credentials: true` on this route's answers. Default false. */
  credentials: boolean;
}

export interface CorsSettings {
  /** Allowed origins (`https://app.example.com`), or `*` for any. */
  origins: string[];
  /** Request headers a preflight allows; absent: the auth and content headers the dialects use. */
  headers?: string[];
  /** Response headers scripts may read (`Access-Control-Expose-Headers`); absent: none beyond the safe ones. */
  exposeHeaders?: string[];
  /** Allow cookies and auth headers from the browser (`Access-Control-Allow-Credentials`). Default false. */
  credentials: boolean;
  /** How long a browser may cache a preflight, in seconds. Default 600. */
  maxAgeSeconds: number;
}
