/**
 * ConfigError: a run option or knob override that is out of bounds or unknown. The message
 * names the option and shows the bad value, so the CLI can print it as one line (exit 2).
 */
import { InputError } from '../error-kinds.ts';

export class ConfigError extends InputError {
  readonly option: string;
  readonly value: unknown;
  constructor(option: string, value: unknown, expected: string) {
    super(`invalid ${option}: ${formatValue(value)} (expected ${expected})`);
    this.name = 'ConfigError';
    this.option = option;
    this.value = value;
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
