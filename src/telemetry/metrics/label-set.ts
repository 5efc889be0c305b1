/** Renders Prometheus labels `a="x",b="y"` with values escaped per the text exposition format. */
export function labelSet(labels: Readonly<Record<string, string>>): string {
  let out = '';
  for (const [name, value] of Object.entries(labels)) {
    const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
    out += `${out === '' ? '' : ','}${name}="${escaped}"`;
  }
  return out;
}
