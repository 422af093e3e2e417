/**
 * An ordinary least-squares line through points: the slope and the intercept that minimise
 * the squared vertical distances. The soak fits it to RSS and to throughput over time, so one
 * noisy sample moves the verdict less than a first-versus-last comparison would.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Line {
  readonly slope: number;
  readonly intercept: number;
}

export class FitError extends Error {
  constructor(points: number) {
    super(`a line needs at least two points with distinct x, got ${points}`);
    this.name = 'FitError';
  }
}

export function fitLine(points: readonly Point[]): Line {
  const n = points.length;
  let sumX = 0;
  let sumY = 0;
  for (const point of points) {
    sumX += point.x;
    sumY += point.y;
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxx = 0;
  let sxy = 0;
  for (const point of points) {
    sxx += (point.x - meanX) ** 2;
    sxy += (point.x - meanX) * (point.y - meanY);
  }
  if (n < 2 || sxx === 0) throw new FitError(n);
  const slope = sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}

export function valueAt(line: Line, x: number): number {
  return line.intercept + line.slope * x;
}
