import type { ModelPrices } from '../catalog/model-catalog.js';
import type { UpstreamTimeouts } from '../upstream/upstream-timeouts.js';

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

/** One configured provider account as config resolved it (secrets from the environment or the store). */
export interface ProviderConfig {
  id: string;
  type: string;
  /** Resolved secret; never log. The first of `apiKeys` when several are given. */
  apiKey?: string;
  /** Every credential, for load-balancing across keys of one account; empty when keyless. */
  apiKeys: string[];
  baseUrl: string;
  apiVersion?: string;
  headers: Record<string, string>;
  /** Cloud settings for AWS and Google providers; secrets resolved, never log. */
  cloud: CloudSettings;
  timeouts: UpstreamTimeouts;
  /** Prices by upstream model id (`*`: any other model), overriding the catalogue; empty when none. */
  prices: Readonly<Record<string, ModelPrices>>;
}
