import { describe, expect, it } from 'vitest';
import type { Decoded, Resolved } from '../../../../src/pipeline/context/phases.js';
import { createCheckChoices } from '../../../../src/pipeline/phases/check-choices.js';
import { passed, receivedContext, routeTable } from '../pipeline-fixtures.js';

function askingFor(body: unknown) {
  return passed<Decoded & Resolved>(
    receivedContext({ body, routeName: 'chat', route: routeTable().resolve('chat') }),
  );
}

describe('check choices', () => {
  it('records the choices asked for, within the route limit', () => {
    const context = askingFor({ n: 3 });
    void createCheckChoices('openai-chat')(context);
    expect(context.choices).toBe(3);
  });

  it('refuses more choices than the route allows, naming the field of the dialect', () => {
    expect(() => createCheckChoices('openai-chat')(askingFor({ n: 5 }))).toThrow(
      expect.objectContaining({ code: 'invalid_request', param: 'n' }),
    );
    expect(() =>
      createCheckChoices('gemini')(askingFor({ generationConfig: { candidateCount: 9 } })),
    ).toThrow(expect.objectContaining({ param: 'generationConfig.candidateCount' }));
  });

  it('leaves one choice (and dialects without such a field) alone', () => {
    const one = askingFor({ n: 1 });
    void createCheckChoices('openai-chat')(one);
    expect(one.choices).toBeUndefined();
    const anthropic = askingFor({ n: 9 });
    void createCheckChoices('anthropic-messages')(anthropic);
    expect(anthropic.choices).toBeUndefined();
  });
});
