/**
 * Small dependency-free SVG scatter plots: t-SNE maps (points coloured by class, a tooltip per point) and
 * correlation plots (labelled points, axes with ticks, least-squares line). The report stage draws the paper's
 * figures; these let a user look at a run right after the analysis.
 */
export interface ScatterOptions {
  title: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** A group (class) per point: its colour. */
  groups?: ArrayLike<number>;
  /** Names of the groups, shown in each point's tooltip. */
  groupNames?: readonly string[];
  /** A label per point, written beside it (for a few points, e.g. runs). */
  pointLabels?: readonly string[];
  xLabel?: string;
  yLabel?: string;
  /** Draw axes with ticks (false for t-SNE, whose axes mean nothing). */
  axes: boolean;
  /** Draw the least-squares line. */
  fitLine?: boolean;
  width?: number;
  height?: number;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A distinct colour per group: hues spread by the golden angle, two lightness levels. */
export function groupColour(g: number): string {
  const hue = (g * 137.508) % 360;
  return `hsl(${hue.toFixed(1)}, 65%, ${g % 2 ? 38 : 52}%)`;
}

/** "Nice" tick values covering [lo, hi]. */
function ticks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const step0 = span / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0)!;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    out.push(Number(t.toPrecision(12)));
  return out;
}

export function scatterSvg(o: ScatterOptions): string {
  const W = o.width ?? 720;
  const H = o.height ?? 560;
  const m = { left: o.axes ? 70 : 20, right: 20, top: 40, bottom: o.axes ? 55 : 20 };
  const n = o.x.length;
  let xMin = Infinity,
    xMax = -Infinity,
    yMin = Infinity,
    yMax = -Infinity;
  for (let i = 0; i < n; i++) {
    xMin = Math.min(xMin, o.x[i]);
    xMax = Math.max(xMax, o.x[i]);
    yMin = Math.min(yMin, o.y[i]);
    yMax = Math.max(yMax, o.y[i]);
  }
  if (n === 0) xMin = yMin = 0;
  if (n === 0) xMax = yMax = 1;
  const padX = (xMax - xMin || 1) * 0.06;
  const padY = (yMax - yMin || 1) * 0.06;
  xMin -= padX;
  xMax += padX;
  yMin -= padY;
  yMax += padY;
  const sx = (v: number) => m.left + ((v - xMin) / (xMax - xMin)) * (W - m.left - m.right);
  const sy = (v: number) => H - m.bottom - ((v - yMin) / (yMax - yMin)) * (H - m.top - m.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">${esc(o.title)}</text>`,
  ];
  if (o.axes) {
    const x0 = m.left;
    const y0 = H - m.bottom;
    parts.push(`<line x1="${x0}" y1="${y0}" x2="${W - m.right}" y2="${y0}" stroke="black"/>`);
    parts.push(`<line x1="${x0}" y1="${y0}" x2="${x0}" y2="${m.top}" stroke="black"/>`);
    for (const t of ticks(xMin, xMax)) {
      const px = sx(t).toFixed(1);
      parts.push(`<line x1="${px}" y1="${y0}" x2="${px}" y2="${y0 + 5}" stroke="black"/>`);
      parts.push(`<text x="${px}" y="${y0 + 18}" text-anchor="middle">${t}</text>`);
    }
    for (const t of ticks(yMin, yMax)) {
      const py = sy(t).toFixed(1);
      parts.push(`<line x1="${x0 - 5}" y1="${py}" x2="${x0}" y2="${py}" stroke="black"/>`);
      parts.push(`<text x="${x0 - 8}" y="${py}" text-anchor="end" dominant-baseline="middle">${t}</text>`);
    }
    if (o.xLabel)
      parts.push(
        `<text x="${(x0 + W - m.right) / 2}" y="${H - 12}" text-anchor="middle">${esc(o.xLabel)}</text>`,
      );
    if (o.yLabel)
      parts.push(
        `<text transform="translate(16 ${(m.top + y0) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`,
      );
  } else {
    parts.push(
      `<rect x="${m.left}" y="${m.top}" width="${W - m.left - m.right}" height="${H - m.top - m.bottom}" fill="none" stroke="#ccc"/>`,
    );
  }
  if (o.fitLine && n >= 2) {
    let mx = 0,
      my = 0;
    for (let i = 0; i < n; i++) {
      mx += o.x[i] / n;
      my += o.y[i] / n;
    }
    let sxy = 0,
      sxx = 0;
    for (let i = 0; i < n; i++) {
      sxy += (o.x[i] - mx) * (o.y[i] - my);
      sxx += (o.x[i] - mx) ** 2;
    }
    if (sxx > 0) {
      const b = sxy / sxx;
      const a = my - b * mx;
      parts.push(
        `<line x1="${sx(xMin).toFixed(1)}" y1="${sy(a + b * xMin).toFixed(1)}" x2="${sx(xMax).toFixed(1)}" y2="${sy(a + b * xMax).toFixed(1)}" stroke="#888" stroke-dasharray="5,4" clip-path="inset(0)"/>`,
      );
    }
  }
  const r = n > 500 ? 2.2 : 4;
  for (let i = 0; i < n; i++) {
    const g = o.groups ? o.groups[i] : 0;
    const name = o.groupNames?.[g] ?? o.pointLabels?.[i] ?? '';
    parts.push(
      `<circle cx="${sx(o.x[i]).toFixed(1)}" cy="${sy(o.y[i]).toFixed(1)}" r="${r}" fill="${o.groups ? groupColour(g) : '#1f5fa8'}" fill-opacity="0.85">${name ? `<title>${esc(name)}</title>` : ''}</circle>`,
    );
    if (o.pointLabels)
      parts.push(
        `<text x="${(sx(o.x[i]) + 6).toFixed(1)}" y="${(sy(o.y[i]) - 6).toFixed(1)}" font-size="10">${esc(o.pointLabels[i])}</text>`,
      );
  }
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
