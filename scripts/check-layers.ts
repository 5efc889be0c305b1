import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** One top-level folder of src/: what it is for and which folders it may import. */
export interface Layer {
  responsibility: string;
  mayImport: string[];
}

/** An upward import the map still tolerates, and until when. */
export interface KnownViolation {
  from: string;
  to: string;
  until: string;
}

/** scripts/layers.json: the one map that the check, the eslint rule and the docs follow. */
export interface LayerMap {
  layers: Record<string, Layer>;
  knownViolations: KnownViolation[];
}

/** Imports from one folder into another that the map does not allow. */
export interface Violation {
  from: string;
  to: string;
  /** `file -> specifier`, relative to src/. */
  imports: string[];
}

export interface LayerReport {
  /** Folder-level import cycles, each as the folders of one strongly connected component. */
  cycles: string[][];
  /** The cycles left once the known violations are gone: these fail the check. */
  unexplainedCycles: string[][];
  /** Upward imports the map does not allow. */
  violations: Violation[];
  /** Upward imports listed in `knownViolations`: allowed for now, reported every time. */
  known: (Violation & { until: string })[];
  /** Problems of the map itself (unknown folder names, a cycle in the allowed imports). */
  mapProblems: string[];
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function readLayerMap(file = join(root, 'scripts', 'layers.json')): LayerMap {
  return JSON.parse(readFileSync(file, 'utf8')) as LayerMap;
}

/**
 * Reads every import of every .ts file under `srcDir` (static, `export … from`, dynamic and
 * type-only alike: a cycle of types is still a cycle), groups them by first folder under
 * `srcDir`, and checks the folder graph against the map.
 */
export function checkLayers(map: LayerMap = readLayerMap(), srcDir = join(root, 'src')): LayerReport {
  const edges = folderEdges(srcDir);
  const knownOf = (from: string, to: string) =>
    map.knownViolations.find((known) => known.from === from && known.to === to);
  const isKnown = (from: string, to: string) => knownOf(from, to) !== undefined;
  const violations: Violation[] = [];
  const known: LayerReport['known'] = [];
  for (const [from, targets] of edges) {
    for (const [to, imports] of targets) {
      if (map.layers[from]?.mayImport.includes(to) === true) continue;
      const listed = knownOf(from, to);
      if (listed === undefined) violations.push({ from, to, imports });
      else known.push({ from, to, imports, until: listed.until });
    }
  }
  const graph = new Map([...edges].map(([from, targets]) => [from, [...targets.keys()]]));
  const withoutKnown = new Map(
    [...graph].map(([from, targets]) => [from, targets.filter((to) => !isKnown(from, to))]),
  );
  return {
    cycles: cyclesOf(graph),
    unexplainedCycles: cyclesOf(withoutKnown),
    violations,
    known,
    mapProblems: mapProblems(map),
  };
}

/** Folder → folder → the imports that make that edge. A file directly in src/ is its own "(src)" folder. */
function folderEdges(srcDir: string): Map<string, Map<string, string[]>> {
  const folderOf = (file: string): string => {
    const parts = relative(srcDir, file).split(sep);
    return parts.length === 1 ? '(src)' : (parts[0] ?? '(src)');
  };
  const edges = new Map<string, Map<string, string[]>>();
  for (const file of typeScriptFiles(srcDir)) {
    const from = folderOf(file);
    for (const imported of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!imported.fileName.startsWith('.')) continue;
      const to = folderOf(resolve(dirname(file), imported.fileName));
      if (to === from) continue;
      const targets = edges.get(from) ?? new Map<string, string[]>();
      edges.set(from, targets);
      const imports = targets.get(to) ?? [];
      targets.set(to, imports);
      imports.push(`${relative(srcDir, file)} -> ${imported.fileName}`);
    }
  }
  return edges;
}

function typeScriptFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The strongly connected components with more than one folder (Tarjan), each sorted. */
export function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) ?? 0);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

function mapProblems(map: LayerMap): string[] {
  const names = new Set(Object.keys(map.layers));
  const problems = Object.entries(map.layers).flatMap(([name, layer]) =>
    layer.mayImport
      .filter((target) => !names.has(target))
      .map((target) => `${name} may import unknown folder ${target}`),
  );
  const allowed = new Map(Object.entries(map.layers).map(([name, layer]) => [name, layer.mayImport]));
  for (const cycle of cyclesOf(allowed)) problems.push(`the map allows a cycle: ${cycle.join(', ')}`);
  return problems;
}

/** The report as people read it; every known violation is named, never passed over. */
export function describeReport(report: LayerReport): string {
  const lines: string[] = [];
  const list = (violation: Violation) => [
    `  ${violation.from} -> ${violation.to}`,
    ...violation.imports.map((line) => `      ${line}`),
  ];
  lines.push(...report.mapProblems.map((problem) => `layers.json: ${problem}`));
  const cycles = (list: string[][]) => list.map((cycle) => `{${cycle.join(', ')}}`).join(' ');
  lines.push(report.cycles.length === 0 ? 'folder cycles: none' : `folder cycles: ${cycles(report.cycles)}`);
  if (report.cycles.length > 0) {
    lines.push(
      report.unexplainedCycles.length === 0
        ? '  (each made only by a known violation below)'
        : `  not made by a known violation: ${cycles(report.unexplainedCycles)}`,
    );
  }
  lines.push(
    report.violations.length === 0
      ? 'upward imports: none'
      : 'upward imports (not allowed by scripts/layers.json):',
  );
  for (const violation of report.violations) lines.push(...list(violation));
  for (const violation of report.known) {
    lines.push(
      `KNOWN REMAINING VIOLATION, tolerated until ${violation.until} (scripts/layers.json knownViolations):`,
    );
    lines.push(...list(violation));
  }
  if (report.known.length > 0) lines.push('(--strict fails on known violations too)');
  return lines.join('\n');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const strict = process.argv.includes('--strict');
  const report = checkLayers();
  console.log(describeReport(report));
  const failed =
    report.mapProblems.length > 0 ||
    report.violations.length > 0 ||
    report.unexplainedCycles.length > 0 ||
    (strict && (report.known.length > 0 || report.cycles.length > 0));
  process.exitCode = failed ? 1 : 0;
}
