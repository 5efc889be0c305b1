import type { EmbeddingsRequest, EmbeddingsResponse, JsonObject, Usage } from '../../core/chat.js';
import type { WireDialect } from '../../providers/provider.js';

/** An embeddings request read from the client. */
export interface ParsedEmbeddingsRequest {
  routeName: string;
  /** Canonical form for translating providers; undefined when the input is token arrays (passthrough only). */
  toCanonical(upstreamModel: string): EmbeddingsRequest | undefined;
  passthroughBody(upstreamModel: string): JsonObject;
}

/** How one client dialect reads and writes embeddings. */
export interface EmbeddingsCodec {
  readonly name: WireDialect;
  parseRequest(body: unknown): ParsedEmbeddingsRequest;
  encodeResponse(response: EmbeddingsResponse, request: EmbeddingsRequest): JsonObject;
  usageFromResponse(body: unknown): Usage | undefined;
  /** Vectors in a passed-through response body, as the call log records them; undefined when unreadable. */
  shapeOfResponse(body: unknown): EmbeddingsShape | undefined;
}

/** What the call log keeps of an embeddings answer: never the vectors themselves. */
export interface EmbeddingsShape {
  /** Number of vectors returned. */
  count: number;
  /** Length of the first vector; 0 when there is none. */
  dimensions: number;
}
