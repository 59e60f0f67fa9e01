import { type Checked, type FieldError, fieldError } from './field-errors';
import { checkMessages } from './rule-definition';
import type { Targets } from './targets';

/**
 * Checks a template of the library as a whole: a name, a target, and its messages per language checked
 * exactly as a rule's (the variables of that target, the configured languages).
 */
export function checkMessageTemplate(
  merged: Record<string, unknown>,
  languages: readonly string[],
  targets: Targets
): Checked<Record<string, unknown>> {
  const errors: FieldError[] = [];
  const { name, target, messages, description } = merged;
  if (typeof name !== 'string' || name.trim() === '') errors.push(fieldError('name', 'name is required'));
  else if (name.length > 200) errors.push(fieldError('name', 'name must be at most 200 characters'));
  if (
    description !== undefined &&
    description !== null &&
    (typeof description !== 'string' || description.length > 1000)
  )
    errors.push(fieldError('description', 'description must be a text of at most 1000 characters'));

  if (typeof target !== 'string' || !Object.hasOwn(targets, target)) {
    errors.push(fieldError('target', `target must be one of: ${Object.keys(targets).join(', ')}`));
  } else if (
    typeof messages !== 'object' ||
    messages === null ||
    Array.isArray(messages) ||
    !Object.keys(messages).length
  ) {
    errors.push(
      fieldError(
        'messages',
        'messages must be an object with one message per language, such as {"en": "Hi {{ customer.name }}"}'
      )
    );
  } else {
    checkMessages(messages as Record<string, unknown>, 'messages', targets[target], languages, errors);
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: {} };
}
