import { describe, expect, it } from 'vitest';
import { referencedVariables } from '../../../../src/control-plane/apply/parse-apply-document.js';
import { secretReferences } from '../../../../src/control-plane/apply/secret-references.js';

describe('secretReferences', () => {
  it('records whole ${VAR} references of secret fields only', () => {
    const refs = secretReferences(`
providers:
  - id: openai
    type: openai
    api_key: \${OPENAI_API_KEY}
    base_url: \${BASE_URL}
  - id: multi
    type: openai
    api_keys:
      - \${K1}
      - literal-key
      - \${K2:-fallback}
    headers:
      Authorization: \${AUTH}
      X-Team: \${TEAM}
      x-api-key: Bearer \${PARTIAL}
  - id: literal
    type: openai
    api_key: sk-literal
`);
    expect(Object.fromEntries(refs)).toEqual({
      openai: { api_key: 'OPENAI_API_KEY' },
      multi: {
        'api_keys[0]': 'K1',
        'api_keys[2]': 'K2',
        'headers.Authorization': 'AUTH',
        'headers.X-Team': 'TEAM',
      },
    });
  });
  it('answers an empty map for broken YAML', () => expect(secretReferences('providers: [').size).toBe(0));
});

describe('referencedVariables', () => {
  it('lists each referenced variable once', () => {
    expect(referencedVariables('a: ${A}\nb: "x ${B:-d} ${A}"\nc: $NOT')).toEqual(['A', 'B']);
  });
});
