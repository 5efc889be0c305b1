import { describe, expect, it } from 'vitest';
import { checkLayers, cyclesOf, readLayerMap } from '../../../scripts/check-layers.js';

describe('the layers of src/ (scripts/layers.json)', () => {
  const report = checkLayers();

  it('the map names only folders it defines and allows no cycle', () => {
    expect(report.mapProblems).toEqual([]);
  });

  it('no folder imports one the map does not allow', () => {
    const upward = report.violations.map(
      (violation) => `${violation.from} -> ${violation.to}: ${violation.imports.join(', ')}`,
    );
    expect(upward).toEqual([]);
  });

  it('no folder-level import cycle is left once the known violations are gone', () => {
    expect(report.unexplainedCycles).toEqual([]);
  });

  it('has no folder-level cycle and tolerates no known violation', () => {
    expect(report.cycles).toEqual([]);
    expect(report.known).toEqual([]);
    expect(readLayerMap().knownViolations).toEqual([]);
  });

  it('finds the cycles of a folder graph', () => {
    const graph = new Map([
      ['core', ['storage']],
      ['storage', ['policy']],
      ['policy', ['core']],
      ['cli', ['core']],
    ]);
    expect(cyclesOf(graph)).toEqual([['core', 'policy', 'storage']]);
  });
});
