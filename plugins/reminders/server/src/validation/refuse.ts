import { errors } from '@strapi/utils';
import type { FieldError } from '../domain/field-errors';

/**
 * The 400 every write and admin route answers bad input with: `error.message` says what is wrong, and
 * `error.details.errors[].path` names each field (the Content Manager pins the message on the field).
 */
export const refuse = (problems: FieldError[]) =>
  new errors.ValidationError(problems.map((problem) => problem.message).join('; '), {
    errors: problems.map((problem) => ({
      path: problem.path.split('.'),
      message: problem.message,
      name: 'ValidationError',
    })),
  });
