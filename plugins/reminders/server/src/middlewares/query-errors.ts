import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

/** What Strapi's database layer throws when a filter value cannot be read as its field's type. */
const UNREADABLE_VALUE = new Set(['InvalidDateFormat', 'InvalidDatetimeFormat', 'InvalidTimeFormat']);
const isUnreadableValue = (error: unknown) =>
  error instanceof Error &&
  !(error instanceof errors.ApplicationError) &&
  (UNREADABLE_VALUE.has(error.name) || /^Expected a valid (Number|BigInteger), got /.test(error.message));

const LOGICAL = new Set(['$and', '$or', '$not']);
const OPERATORS = new Set([
  '$eq',
  '$eqi',
  '$ne',
  '$nei',
  '$lt',
  '$lte',
  '$gt',
  '$gte',
  '$in',
  '$notIn',
  '$contains',
  '$notContains',
  '$containsi',
  '$notContainsi',
  '$null',
  '$notNull',
  '$between',
  '$startsWith',
  '$startsWithi',
  '$endsWith',
  '$endsWithi',
]);
const LIST_OPERATORS = new Set(['$in', '$notIn', '$between']);
const PARAMETERS = new Set(['filters', 'sort', 'fields', 'populate', 'pagination', 'status', 'locale']);

type Problems = string[];
const isScalar = (value: unknown) => ['string', 'number', 'boolean'].includes(typeof value);
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const show = (value: unknown) => JSON.stringify(value)?.slice(0, 60);
/** Strapi does not cast id filters: PostgreSQL refuses a non-integer (a 500) where SQLite compares text. */
const isId = (value: unknown) => /^\d{1,15}$/.test(String(value));

/** The fields a query may name: the content type's own attributes (never Object.prototype's), id and documentId. */
const fieldsOf = (strapi: Core.Strapi, uid: string) => {
  const attributes = (strapi.contentType(uid as never) as { attributes: Record<string, unknown> }).attributes;
  return (name: string) => name === 'id' || name === 'documentId' || Object.hasOwn(attributes, name);
};

function checkFilters(filters: unknown, isField: (name: string) => boolean, path: string, problems: Problems) {
  if (!isObject(filters)) return void problems.push(`${path} must be an object of field filters`);
  for (const [key, value] of Object.entries(filters)) {
    if (LOGICAL.has(key)) {
      const parts =
        key === '$not' ? [value] : Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [value];
      parts.forEach((part, index) =>
        checkFilters(part, isField, `${path}[${key}]${key === '$not' ? '' : `[${index}]`}`, problems)
      );
    } else if (!isField(key)) {
      problems.push(`${path}[${key}]: there is no field "${key}"`);
    } else if (isObject(value)) {
      for (const [operator, operand] of Object.entries(value)) {
        const where = `${path}[${key}][${operator}]`;
        if (!OPERATORS.has(operator))
          problems.push(`${where}: unknown operator (use one of ${[...OPERATORS].join(', ')})`);
        else if (!LIST_OPERATORS.has(operator) && !isScalar(operand))
          problems.push(`${where} must be a single value, not ${show(operand)}`);
        else if (
          LIST_OPERATORS.has(operator) &&
          (!Array.isArray(operand) || !operand.every(isScalar) || operand.length === 0)
        )
          problems.push(`${where} must be a list of values`);
        else if (operator === '$between' && (operand as unknown[]).length !== 2)
          problems.push(`${where} needs exactly two values`);
        else if (key === 'id' && operator !== '$null' && operator !== '$notNull' && ![operand].flat().every(isId))
          problems.push(`${where}: an id is a whole number`);
      }
    } else if (!isScalar(value)) {
      problems.push(`${path}[${key}] must be a value or an object of operators, not ${show(value)}`);
    } else if (key === 'id' && !isId(value)) {
      problems.push(`${path}[id]: an id is a whole number`);
    }
  }
}

/** Field names in sort, fields or populate: comma-separated text, a list, or (sort, populate) an object. */
function checkFieldNames(
  name: string,
  value: unknown,
  isField: (name: string) => boolean,
  problems: Problems,
  allowStar: boolean
) {
  const names =
    typeof value === 'string'
      ? value.split(',')
      : Array.isArray(value)
        ? value
        : isObject(value)
          ? Object.keys(value)
          : null;
  if (!names || names.some((item) => typeof item !== 'string'))
    return void problems.push(`${name} must be field names`);
  for (const item of names as string[]) {
    const field = name === 'sort' ? item.trim().replace(/:(asc|desc)$/i, '') : item.trim();
    if (!(allowStar && field === '*') && !isField(field)) problems.push(`${name}: there is no field "${field}"`);
  }
}

/** Page numbers and sizes within what a database offset can hold (-1: Strapi's "no limit"). */
function checkPagination(value: unknown, problems: Problems) {
  if (!isObject(value)) return void problems.push('pagination must be like pagination[page]=1&pagination[pageSize]=25');
  for (const [key, item] of Object.entries(value)) {
    if (key === 'withCount') {
      if (!['true', 'false', true, false].includes(item as string))
        problems.push('pagination[withCount] must be true or false');
    } else if (!['page', 'pageSize', 'start', 'limit'].includes(key)) {
      problems.push(`unknown pagination parameter "${key}"`);
    } else if (!/^(-1|\d{1,9})$/.test(String(item)) || !isScalar(item)) {
      problems.push(`pagination[${key}] must be a whole number below 1000000000`);
    }
  }
}

/**
 * Checks the query of the records' content API before Strapi reads it: parameters, field names (own
 * attributes only: Strapi's own check lets "constructor" through to the SQL), operators and the shape of
 * their values. Strapi's database layer would otherwise answer a malformed query with a 500.
 */
export function checkRecordsQuery(query: Record<string, unknown>, isField: (name: string) => boolean): Problems {
  const problems: Problems = [];
  for (const [name, value] of Object.entries(query)) {
    if (!PARAMETERS.has(name)) problems.push(`unknown query parameter "${name}"`);
    else if (name === 'filters') checkFilters(value, isField, 'filters', problems);
    else if (name === 'sort' || name === 'fields') checkFieldNames(name, value, isField, problems, false);
    else if (name === 'populate') checkFieldNames(name, value, isField, problems, true);
    else if (name === 'pagination') checkPagination(value, problems);
    else if ((name === 'status' || name === 'locale') && !isScalar(value))
      problems.push(`${name} must be a single value`);
  }
  return problems;
}

/**
 * Route middleware of the records' content API. A malformed query is refused with a 400 that says what is
 * wrong; a filter value that does not fit its field (`filters[total][$gt]=abc`, `filters[issueDate][$lt]=soon`)
 * too, instead of the 500 Strapi's database layer makes of it.
 */
export const recordsQueryGuard =
  (uid: string) => async (ctx: { query: Record<string, unknown>; state: unknown }, next: () => Promise<unknown>) => {
    const problems = checkRecordsQuery(ctx.query ?? {}, fieldsOf(strapi, uid));
    if (problems.length)
      throw new errors.ValidationError(`Invalid query: ${problems.slice(0, 5).join('; ')}`, {
        errors: problems.map((message) => ({ message })),
      });
    try {
      return await next();
    } catch (error) {
      if (isUnreadableValue(error))
        throw new errors.ValidationError(`A filter value does not fit its field: ${(error as Error).message}`);
      throw error;
    }
  };
