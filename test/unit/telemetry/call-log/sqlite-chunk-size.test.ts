import { describe, expect, it } from 'vitest';
import { sqliteChunkSize } from '../../../../src/telemetry/call-log/insert-call-rows.js';

/** The insert sizes a batch of `rows` is split into. */
function split(rows: number): number[] {
  const sizes: number[] = [];
  for (let left = rows; left > 0; left -= sizes[sizes.length - 1] ?? left) sizes.push(sqliteChunkSize(left));
  return sizes;
}

describe('SQLite call-row inserts', () => {
  it('come in powers of two up to 1,024 rows, so few distinct statements are ever prepared', () => {
    expect(split(1)).toEqual([1]);
    expect(split(200)).toEqual([128, 64, 8]);
    expect(split(3000)).toEqual([1024, 1024, 512, 256, 128, 32, 16, 8]);
    const sizes = new Set<number>();
    for (let rows = 1; rows <= 10_000; rows++) for (const size of split(rows)) sizes.add(size);
    expect(sizes.size).toBe(11);
  });
});
