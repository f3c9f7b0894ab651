// The geometry of the dashboard's bar chart, kept apart from React so it can be tested.

import type { Bucket } from './dates';

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  count: number;
  /** "0–6 days", "84–89 days". */
  label: string;
}

/** The ticks of the count axis: 0, a round step, up to at least `max`. */
export function axisTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000];
  const step = steps.find((s) => max / s <= 5) ?? Math.ceil(max / 5);
  const ticks: number[] = [];
  for (let t = 0; t < max + step; t += step) ticks.push(t);
  return ticks;
}

/** Bars for `buckets` in a plot area `width` × `height` (y grows downwards, as in SVG). */
export function layoutBars(buckets: Bucket[], width: number, height: number, gap = 4): Bar[] {
  if (buckets.length === 0) return [];
  const ticks = axisTicks(Math.max(0, ...buckets.map((b) => b.count)));
  const top = ticks[ticks.length - 1] || 1;
  const slot = width / buckets.length;
  return buckets.map((b, i) => {
    const h = (b.count / top) * height;
    return {
      x: i * slot + gap / 2,
      y: height - h,
      width: Math.max(slot - gap, 1),
      height: h,
      count: b.count,
      label: `${b.fromDay}–${b.toDay - 1} days`,
    };
  });
}
