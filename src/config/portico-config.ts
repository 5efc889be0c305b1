/** Upstream timeouts of one provider, in milliseconds. */
export interface UpstreamTimeouts {
  /** TCP + TLS connect. Default 10 000. */
  connectMs: number;
  /** Until response headers arrive. Default 300 000 (reasoning models think before the first byte). */
  firstByteMs: number;
  /** Longest silence between body chunks. Default 300 000. */
  idleMs: number;
  /** Whole call. Default 1 800 000. */
  totalMs: number;
}

/** Settings of cloud-hosted providers (Bedrock, Vertex AI). Every field is optional here; each provider type says what it needs. */
export interface CloudSettings {
  /** AWS region, e.g. `us-east-1`. */
  region?: string;
  awsAccessKeyId?: string;
  awsSecretAccessKey?: string;
  awsSessionToken?: string;
  /** Google Cloud project id. */
  project?: string;
  /** Google Cloud location, e.g. `us-central1` or `global`. */
  location?: string;
  /** Service-account key JSON text (read from `service_account_file` at start when given as a file). */
  serviceAccountJson?: string;
}

export interface ProviderConfig {
  id: string;
  type: string;
  /** Resolved secret; never log. */
  apiKey?: string;
  baseUrl: string;
  apiVersion?: string;
  headers: Record<string, string>;
  /** Cloud settings for AWS and Google providers; secrets resolved, never log. */
  cloud: CloudSettings;
  timeouts: UpstreamTimeouts;
}

export interface ModelTarget {
  provider: string;
  model: string;
}

export interface ModelRoute {
  name: string;
  targets: ModelTarget[];
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
  server: {
    host: string;
    port: number;
    /** Largest accepted request body. Default 32 MiB (room for several base64 images). */
    maxBodyBytes: number;
    /** How long in-flight requests may finish after SIGTERM. Default 10 000 ms. */
    shutdownGraceMs: number;
    /** Accept `<provider-id>/<model>` as a model name without a declared route. Default true. */
    directModelAccess: boolean;
  };
  logging: { level: 'debug' | 'info' | 'warn' | 'error' | 'silent' };
  providers: ProviderConfig[];
  models: ModelRoute[];
  /** Empty means the data plane is open. */
  keys: ApiKeyConfig[];
}
