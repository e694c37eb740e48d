/**
 * The benchmark's chart: coaching throughput as a share of a plain JSON route, one bar per
 * route and search path, with the 10% target marked. Plain SVG, written beside the report,
 * so the README can show it with no tool to render it.
 */

export interface Bar {
  label: string;
  value: number;
  /** Bars of one group share a colour. */
  group: string;
}

const colours = ['#1f5fbf', '#b3541e', '#2e7d32', '#6a3d9a'];

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function barChart(title: string, bars: Bar[], options: { target?: number; unit?: (value: number) => string } = {}): string {
  const unit = options.unit ?? ((value: number) => value.toFixed(2));
  const labelWidth = 300;
  const barArea = 420;
  const row = 26;
  const top = 48;
  const height = top + bars.length * row + 40;
  const width = labelWidth + barArea + 90;
  const largest = Math.max(options.target ?? 0, ...bars.map((bar) => bar.value)) * 1.05 || 1;
  const x = (value: number) => labelWidth + (value / largest) * barArea;
  const groups = [...new Set(bars.map((bar) => bar.group))];
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="24" font-size="15" font-weight="600" fill="#1c2230">${escapeXml(title)}</text>`,
    ...groups.map(
      (group, index) =>
        `<rect x="${labelWidth + index * 150}" y="32" width="10" height="10" fill="${colours[index % colours.length]}"/><text x="${labelWidth + 14 + index * 150}" y="41" fill="#1c2230">${escapeXml(group)}</text>`,
    ),
    ...bars.flatMap((bar, index) => {
      const y = top + index * row;
      const colour = colours[groups.indexOf(bar.group) % colours.length];
      return [
        `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" fill="#1c2230">${escapeXml(bar.label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 4}" width="${Math.max(1, x(bar.value) - labelWidth)}" height="${row - 8}" fill="${colour}"/>`,
        `<text x="${x(bar.value) + 6}" y="${y + 16}" fill="#1c2230">${escapeXml(unit(bar.value))}</text>`,
      ];
    }),
  ];
  if (options.target !== undefined) {
    const targetX = x(options.target);
    parts.push(
      `<line x1="${targetX}" y1="${top}" x2="${targetX}" y2="${top + bars.length * row}" stroke="#b3261e" stroke-width="2" stroke-dasharray="5 4"/>`,
      `<text x="${targetX}" y="${top + bars.length * row + 18}" text-anchor="middle" fill="#b3261e">target ${escapeXml(unit(options.target))}</text>`,
    );
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
