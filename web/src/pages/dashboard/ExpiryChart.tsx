// Certificates expiring in the next 90 days, a bar per week, in plain SVG. The numbers
// are also in a table beside it for screen readers and for anyone who prefers them.

import { axisTicks, layoutBars } from '../../lib/chart';
import type { Bucket } from '../../lib/dates';

const kW = 640;
const kH = 200;
const kLeft = 32;
const kBottom = 36;

export function ExpiryChart({ buckets }: { buckets: Bucket[] }) {
  const bars = layoutBars(buckets, kW - kLeft, kH - kBottom - 8);
  const ticks = axisTicks(Math.max(0, ...buckets.map((b) => b.count)));
  const plotH = kH - kBottom - 8;
  const top = ticks[ticks.length - 1] || 1;
  return (
    <figure className="chart" aria-labelledby="expiry-chart-caption">
      <svg viewBox={`0 0 ${kW} ${kH}`} role="img" aria-labelledby="expiry-chart-caption">
        <g transform="translate(0, 8)">
          {ticks.map((t) => {
            const y = plotH - (t / top) * plotH;
            return (
              <g key={t}>
                <line x1={kLeft} x2={kW} y1={y} y2={y} stroke="#d0d7de" />
                <text className="axis" x={kLeft - 6} y={y + 4} textAnchor="end">
                  {t}
                </text>
              </g>
            );
          })}
          <g transform={`translate(${kLeft}, 0)`}>
            {bars.map((b) => (
              <g key={b.label}>
                <rect className="bar" x={b.x} y={b.y} width={b.width} height={b.height}>
                  <title>{`${b.count} expiring in ${b.label}`}</title>
                </rect>
                {b.count > 0 && (
                  <text className="bar-label" x={b.x + b.width / 2} y={b.y - 3} textAnchor="middle">
                    {b.count}
                  </text>
                )}
                <text className="axis" x={b.x + b.width / 2} y={plotH + 16} textAnchor="middle">
                  {b.label.split(' ')[0]}
                </text>
              </g>
            ))}
          </g>
          <text className="axis" x={kLeft + (kW - kLeft) / 2} y={plotH + 32} textAnchor="middle">
            days from today
          </text>
        </g>
      </svg>
      <figcaption id="expiry-chart-caption" className="hint">
        Issued certificates expiring in each week of the next 90 days.
      </figcaption>
      <details>
        <summary>The numbers</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Expires in</th>
              <th scope="col">Certificates</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.label}>
                <td>{b.label}</td>
                <td>{b.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
