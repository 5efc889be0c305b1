import type { CloudSettings } from '../provider-config.js';
import { parseServiceAccountKey } from '../../upstream/google-access-token.js';

/** The location used when the config names none. */
export const defaultVertexLocation = 'us-central1';

/** The configured Google Cloud location, or `us-central1`. */
export function vertexLocation(cloud: CloudSettings): string {
  return cloud.location ?? defaultVertexLocation;
}

/**
 * Vertex AI's endpoint for a location: regional hosts are `{location}-aiplatform.googleapis.com`,
 * the `global` location has no prefix. https://cloud.google.com/vertex-ai/docs/general/locations
 */
export function vertexBaseUrl(cloud: CloudSettings): string {
  const location = vertexLocation(cloud);
  return location === 'global'
    ? 'https://aiplatform.googleapis.com'
    : `https://${location}-aiplatform.googleapis.com`;
}

/** Problems with the cloud settings Vertex AI needs: a project and a usable service-account key. */
export function checkVertexCloud(cloud: CloudSettings): { field: string; problem: string }[] {
  const problems: { field: string; problem: string }[] = [];
  if (cloud.project === undefined) problems.push({ field: 'project', problem: 'is required' });
  if (cloud.location !== undefined && !/^[a-z0-9-]+$/.test(cloud.location)) {
    problems.push({ field: 'location', problem: `'${cloud.location}' is not a Google Cloud location name` });
  }
  if (cloud.serviceAccountJson === undefined) {
    problems.push({ field: 'service_account_json', problem: 'is required (or service_account_file)' });
  } else {
    try {
      parseServiceAccountKey(cloud.serviceAccountJson);
    } catch (error) {
      problems.push({ field: 'service_account_json', problem: (error as Error).message });
    }
  }
  return problems;
}
