import type { ProviderType } from '../provider.js';
import { joinUrl } from '../join-url.js';
import { modelPathSegment } from '../model-path-segment.js';
import { createOpenAiDialectProvider } from './openai-dialect-provider.js';

/** Latest GA data-plane version when the config gives none. */
const defaultApiVersion = '2024-10-21';

/**
 * Azure OpenAI: the target model is the deployment name, in the path, with `api-version` in the
 * query and the key in `api-key`. A deployment name outside letters, digits and `. _ - @` is a 400.
 * https://learn.microsoft.com/azure/ai-services/openai/reference
 */
export const azureOpenAiProviderType: ProviderType = {
  name: 'azure',
  label: 'Azure OpenAI',
  requiresApiKey: true,
  create: (settings) => {
    const version = encodeURIComponent(settings.apiVersion ?? defaultApiVersion);
    return createOpenAiDialectProvider(settings, {
      url: (operation, deployment) =>
        joinUrl(
          settings.baseUrl,
          `/openai/deployments/${modelPathSegment(deployment, deployment)}/${operation === 'chat' ? 'chat/completions' : 'embeddings'}?api-version=${version}`,
        ),
      headers: () => ({
        ...(settings.apiKey === undefined ? {} : { 'api-key': settings.apiKey }),
        ...settings.headers,
      }),
      streamUsage: true,
    });
  },
};
