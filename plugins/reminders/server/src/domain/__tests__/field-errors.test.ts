import { type Checked, fieldError } from '../field-errors';

describe('fieldError', () => {
  it('pairs a path with its message', () => {
    expect(fieldError('steps[1].repeat.times', 'steps[1].repeat.times must be a whole number from 1 to 100')).toEqual({
      path: 'steps[1].repeat.times',
      message: 'steps[1].repeat.times must be a whole number from 1 to 100',
    });
  });

  it('returns a plain object with only path and message', () => {
    const error = fieldError('phone', 'phone is required');
    expect(Object.keys(error)).toEqual(['path', 'message']);
    expect(error).toStrictEqual({ path: 'phone', message: 'phone is required' });
  });

  it('returns a new object each time', () => {
    expect(fieldError('a', 'b')).not.toBe(fieldError('a', 'b'));
  });

  it('fits the failure side of Checked', () => {
    const checked: Checked<string> = { ok: false, errors: [fieldError('name', 'name is required')] };
    expect(checked.ok ? [] : checked.errors.map((error) => `${error.path}: ${error.message}`)).toEqual([
      'name: name is required',
    ]);
  });
});
