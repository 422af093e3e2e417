/**
 * Parsers for one flag's value, whatever brought it: the command line (yargs hands over text, a
 * number, or `true` for a bare flag), a seed-bank line (always text) or a caller's options
 * object. Each returns the checked value or throws a ConfigError that names the flag and shows
 * the value as it was given (docs/architecture.md, principle 5).
 *
 * Leaves out which flags exist and what they mean: that is the world-flag table
 * (world-flags.ts), whose rows are built from these parsers.
 */
import { ConfigError } from './ConfigError.ts';
import { checkKnob } from './draw-config.ts';
import { type KnobName, knob } from './knobs.ts';

/** One flag's value before validation. */
export type FlagInput = string | number | boolean;

/** The knob's bounds as a flag's help and errors state them: "an integer from 1 to 16". */
export function knobExpected(name: KnobName): string {
  const entry = knob(name);
  return `${entry.integer ? 'an integer' : 'a number'} from ${entry.min} to ${entry.max}`;
}

/** One value, as opposed to none or to a flag given twice (which yargs turns into an array). */
export function singleInput(input: unknown, option: string): FlagInput {
  if (typeof input === 'string' || typeof input === 'number' || typeof input === 'boolean') return input;
  const shown = Array.isArray(input) ? input.join(' ') : input;
  throw new ConfigError(option, shown, 'one value, given once');
}

/** A flag that takes text; a bare flag or a number is refused with the text it expects. */
export function textValue(input: FlagInput, option: string, expected: string): string {
  if (typeof input !== 'string') throw new ConfigError(option, input, expected);
  return input;
}

/** A flag that sets a knob: a number within the knob table's bounds, given as text or a number. */
export function knobValue(name: KnobName): (input: FlagInput, option: string) => number {
  return (input, option) => {
    const value =
      typeof input === 'number'
        ? input
        : typeof input === 'string' && input.trim() !== ''
          ? Number(input)
          : NaN;
    if (Number.isNaN(value)) throw new ConfigError(option, input, knobExpected(name));
    return checkKnob(name, value, option);
  };
}

/**
 * A switch: the bare flag or `true` turns it on, `false` leaves it off, and anything else is an
 * error. (yargs alone reads `--strict-durability=yes` as false, which silently runs another world.)
 */
export function booleanValue(input: FlagInput, option: string): boolean {
  if (input === true || input === 'true') return true;
  if (input === false || input === 'false') return false;
  throw new ConfigError(option, input, 'the bare flag, true or false');
}

/** A flag whose text must be one of a few words. */
export function oneOf<const Word extends string>(
  words: readonly Word[],
): (input: FlagInput, option: string) => Word {
  return (input, option) => {
    const expected = words.join(', ');
    const text = textValue(input, option, expected);
    if (!(words as readonly string[]).includes(text)) throw new ConfigError(option, input, expected);
    return text as Word;
  };
}
