import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { firstSchemaProblem } from '../core/schema-error.js';
import bundledCatalog from './models.json' with { type: 'json' };

const usdPerMillion = (description: string) => Type.Number({ minimum: 0, description });

const pricesSchema = Type.Object(
  {
    input: usdPerMillion('Uncached input tokens.'),
    output: usdPerMillion('Output tokens (reasoning included unless `reasoning` is set). 0 for embeddings.'),
    cachedInput: Type.Optional(
      usdPerMillion('Input tokens read from the prompt cache; absent: no discount.'),
    ),
    cacheWrite: Type.Optional(usdPerMillion('Input tokens written to the cache (Anthropic 5-minute write).')),
    reasoning: Type.Optional(usdPerMillion('Reasoning tokens, where priced apart from output.')),
  },
  { additionalProperties: false },
);

const capabilitiesSchema = Type.Object(
  {
    tools: Type.Boolean({ description: 'Function / tool calling.' }),
    vision: Type.Boolean({ description: 'Image input.' }),
    jsonMode: Type.Boolean({ description: 'A native JSON response format (json_object or json_schema).' }),
    reasoning: Type.Boolean({ description: 'Produces reasoning (thinking) tokens.' }),
    embeddings: Type.Boolean({ description: 'An embeddings model.' }),
    streaming: Type.Boolean({ description: 'Streamed responses.' }),
  },
  { additionalProperties: false },
);

const modelSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, description: 'The upstream model id, as the provider expects it.' }),
    provider: Type.String({ minLength: 1, description: 'The provider type (registry name) the id is for.' }),
    aliases: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), { description: 'Other names of the same model.' }),
    ),
    mode: Type.Union([Type.Literal('chat'), Type.Literal('embeddings')]),
    contextWindow: Type.Integer({ minimum: 1, description: 'Input + output tokens the model accepts.' }),
    maxOutputTokens: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Most tokens one answer may have; absent when unknown.' }),
    ),
    prices: pricesSchema,
    capabilities: capabilitiesSchema,
  },
  { additionalProperties: false },
);

const sourceSchema = Type.Object(
  {
    provider: Type.String({ minLength: 1 }),
    url: Type.String({ pattern: '^https://' }),
    asOf: Type.String({ minLength: 1, description: 'When the prices were taken.' }),
    notes: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const catalogFileSchema = Type.Object(
  {
    $comment: Type.Optional(Type.String()),
    sources: Type.Array(sourceSchema, { minItems: 1 }),
    models: Type.Array(modelSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

const catalogFileValidator = Compile(catalogFileSchema);

/** USD per 1M tokens. Documented in docs/catalog.md. */
export type ModelPrices = Type.Static<typeof pricesSchema>;
export type ModelCapabilities = Type.Static<typeof capabilitiesSchema>;
/** One catalogue entry: a model id as one provider type names it. */
export type ModelInfo = Type.Static<typeof modelSchema>;
/** Where one vendor's prices come from, and when they were taken. */
export type CatalogSource = Type.Static<typeof sourceSchema>;
export type ModelCatalogFile = Type.Static<typeof catalogFileSchema>;

/** A catalogue that does not validate: names the file, the path inside it and what is wrong. */
export class ModelCatalogError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`Model catalogue ${file}: ${path === '' ? '' : `${path}: `}${problem}`);
    this.name = 'ModelCatalogError';
  }
}

/** Model ids, limits and list prices by provider type. Build with `loadModelCatalog()`. */
export class ModelCatalog {
  /** `provider \u0000 name` → model, for ids and aliases alike (validation keeps them unique). */
  private readonly byName = new Map<string, ModelInfo>();

  constructor(
    /** Every entry, in file order. */
    readonly models: readonly ModelInfo[],
    /** Each vendor's pricing page and the date its prices were taken. */
    readonly sources: readonly CatalogSource[] = [],
  ) {
    for (const model of models) {
      for (const name of [model.id, ...(model.aliases ?? [])]) {
        this.byName.set(key(model.provider, name), model);
      }
    }
  }

  /**
   * The model `model` of provider type `providerType`: by id, then alias; Gemini and Vertex
   * names may carry a `models/` path, Bedrock ids an inference-profile region prefix (`us.`,
   * `global.`) or an ARN; Azure falls back to OpenAI ids, `vertex-anthropic` to `vertex` ids.
   * Undefined when unknown.
   */
  lookup(providerType: string, model: string): ModelInfo | undefined {
    const names = candidateNames(providerType, model);
    const fallback = fallbackProviderTypes.get(providerType);
    for (const provider of fallback === undefined ? [providerType] : [providerType, fallback]) {
      for (const name of names) {
        const found = this.byName.get(key(provider, name));
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }
}

/**
 * Validates catalogue data (schema, unique ids and aliases per provider, mode agreeing with the
 * embeddings capability); throws ModelCatalogError naming the first problem.
 */
export function parseModelCatalog(data: unknown, file = 'src/catalog/models.json'): ModelCatalog {
  if (!catalogFileValidator.Check(data)) {
    const { path, problem } = firstSchemaProblem(
      catalogFileValidator.Errors(data),
      catalogFileValidator.Type(),
    );
    throw new ModelCatalogError(file, path, problem);
  }
  const seen = new Map<string, string>();
  data.models.forEach((model, index) => {
    const path = `models[${index}]`;
    if ((model.mode === 'embeddings') !== model.capabilities.embeddings) {
      throw new ModelCatalogError(file, `${path}.capabilities.embeddings`, `must match mode '${model.mode}'`);
    }
    for (const name of [model.id, ...(model.aliases ?? [])]) {
      const previous = seen.get(key(model.provider, name));
      if (previous !== undefined) {
        throw new ModelCatalogError(
          file,
          path,
          `'${name}' for ${model.provider} is already used by ${previous}`,
        );
      }
      seen.set(key(model.provider, name), path);
    }
  });
  return new ModelCatalog(data.models, data.sources);
}

/** The catalogue shipped with Portico (src/catalog/models.json), validated. Call once at start. */
export function loadModelCatalog(): ModelCatalog {
  return parseModelCatalog(bundledCatalog);
}

function key(provider: string, name: string): string {
  return `${provider}\u0000${name}`;
}

/** Provider types that serve another type's models under the same ids. */
const fallbackProviderTypes: ReadonlyMap<string, string> = new Map([
  ['azure', 'openai'],
  ['vertex-anthropic', 'vertex'],
]);

const bedrockRegionPrefix = /^(?:us|us-gov|eu|apac|au|ca|jp|global)\./;

/** The name as given, then the forms the provider also accepts for it. */
function candidateNames(providerType: string, model: string): string[] {
  const names = [model];
  if (providerType === 'gemini' || providerType.startsWith('vertex')) {
    // `models/gemini-2.5-pro` (Gemini API) and `publishers/google/models/...` (Vertex resource names).
    const bare = model.replace(/^(?:.*\/)?models\//, '');
    if (bare !== model) names.push(bare);
  }
  if (providerType === 'bedrock') {
    // ARNs of foundation models and inference profiles end in the id after the last `/`.
    const id = model.startsWith('arn:') ? model.slice(model.lastIndexOf('/') + 1) : model;
    if (id !== model) names.push(id);
    const regionless = id.replace(bedrockRegionPrefix, '');
    if (regionless !== id) names.push(regionless);
  }
  return names;
}
