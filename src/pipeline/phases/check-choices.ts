import type { WireDialect } from '../../core/wire-dialect.js';
import { GatewayError } from '../../core/gateway-error.js';
import type { ChoicesChecked, Decoded, Received, Resolved } from '../context/phases.js';
import type { Stage } from '../stage.js';

/** Where each dialect asks for several answers at once; dialects absent here have no such field. */
const choiceFields: Partial<
  Record<WireDialect, { read: (body: Record<string, unknown>) => unknown; param: string }>
> = {
  'openai-chat': { read: (body) => body['n'], param: 'n' },
  gemini: {
    read: (body) => {
      const config = body['generationConfig'];
      return typeof config === 'object' && config !== null
        ? (config as Record<string, unknown>)['candidateCount']
        : undefined;
    },
    param: 'generationConfig.candidateCount',
  },
};

/**
 * Reads how many choices the call asks for (each one is paid for as output) and refuses more
 * than the route's `max_choices` with a 400 in the caller's dialect. Runs after the route is
 * resolved and before admit, which reserves output for every choice.
 */
export function createCheckChoices(
  dialect: WireDialect,
): Stage<Received & Decoded & Resolved, ChoicesChecked> {
  const field = choiceFields[dialect];
  return (context) => {
    if (field === undefined || typeof context.body !== 'object' || context.body === null) return;
    const value = field.read(context.body as Record<string, unknown>);
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 1) return;
    const limit = context.route.policy.maxChoices;
    if (limit !== undefined && value > limit) {
      throw new GatewayError(
        'invalid_request',
        `'${field.param}' is ${value}, above the ${limit} choices per call that model '${context.routeName}' allows; ask for at most ${limit}.`,
        { param: field.param },
      );
    }
    context.choices = value;
  };
}
