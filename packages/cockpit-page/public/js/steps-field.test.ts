import { describe, expect, it } from 'vitest';
import { parseStepsField } from './steps-field.js';

describe('parseStepsField', () => {
  it('reads a JSON list of steps, and nothing from an empty field', () => {
    expect(parseStepsField('[{"setWeight":20},{"pause":{}},{"setWeight":100}]')).toEqual([
      { setWeight: 20 },
      { pause: {} },
      { setWeight: 100 },
    ]);
    expect(parseStepsField('  ')).toBeUndefined();
  });

  it('names the field and the JSON error for malformed JSON', () => {
    expect(() => parseStepsField('[{"setWeight":20},')).toThrow(
      /^steps: not valid JSON \(.+\); write a list like \[/,
    );
  });

  it('refuses JSON that is not a list', () => {
    expect(() => parseStepsField('{"setWeight":20}')).toThrow('steps: must be a JSON list of steps');
  });
});
