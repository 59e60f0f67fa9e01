import { type Checked, type FieldError, fieldError } from './field-errors';
import { isCurrencyCode } from './money';
import {
  type AnchorDefinition,
  type ConditionField,
  RESERVED_ANCHORS,
  type RecordFieldKind,
  type TargetDefinition,
  type TargetPaths,
  hostEventAnchors,
  withCreationAnchors,
} from './targets';

/**
 * A host's collection type as a target: which of its fields a reminder reads. Written by a developer in
 * `reminders.config.targets` or by an admin on the Settings page; the same check refuses both, naming the
 * field, before anything plans with it.
 */
export interface TargetMapping extends TargetPaths {
  uid: string;
  displayName?: string;
  /** Date and date-time fields reminders can count from. */
  anchors: string[];
  /** Enumeration fields usable as status conditions. */
  statuses?: string[];
  /** Number fields usable as amount conditions. */
  amounts?: string[];
  /** The field holding the amounts' ISO 4217 currency, or a fixed code. */
  currencyField?: string;
  currency?: string;
  /** Localised types: whose documents are reminded (and the template language when no language field is mapped). */
  locale?: string;
}

export const MAPPING_FIELDS = [
  'uid',
  'displayName',
  'phone',
  'name',
  'language',
  'timezone',
  'label',
  'staffPhone',
  'email',
  'anchors',
  'statuses',
  'amounts',
  'currencyField',
  'currency',
  'locale',
] as const;

/** What the check needs to know of an attribute of a content type (as Strapi declares it). */
export interface AttributeView {
  type: string;
  enum?: readonly string[];
  private?: boolean;
  /** A relation to one record: that record's type's attributes (one level only). */
  relatedAttributes?: Record<string, AttributeView>;
}

export interface ContentTypeView {
  uid: string;
  displayName: string;
  draftAndPublish: boolean;
  localized: boolean;
  attributes: Record<string, AttributeView>;
}

const TEXT = ['string', 'text', 'email', 'uid'];
const CHOICE = ['string', 'enumeration'];
const NUMBER = ['integer', 'biginteger', 'decimal', 'float'];
/** Fields Strapi keeps for itself; createdAt is the creation anchor every target has. */
const SYSTEM = new Set([
  'id',
  'documentId',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'createdBy',
  'updatedBy',
  'locale',
]);

export const TARGET_KEY = /^[a-z][a-z0-9-]{0,39}$/;
/** Keys that name something else where a target key goes: the change journal's rules, the test sends' and the replies' deliveries. */
const RESERVED_KEYS = ['rule', 'test', 'reply', 'invoice', 'appointment'];

const kindOf = (attribute: AttributeView): RecordFieldKind | undefined => {
  if (attribute.private || attribute.type === 'password') return undefined;
  if (TEXT.includes(attribute.type) || attribute.type === 'enumeration' || attribute.type === 'time') return 'text';
  if (attribute.type === 'date') return 'date';
  if (attribute.type === 'datetime') return 'instant';
  if (attribute.type === 'decimal') return 'amount';
  if (NUMBER.includes(attribute.type)) return 'number';
  if (attribute.type === 'boolean') return 'boolean';
  return undefined;
};

/** Which fields of a type fit each part of a mapping: what the Settings page offers. */
export function fieldsFitting(type: ContentTypeView) {
  // Private fields (a password, a token) are never a phone, a label or anything a message shows.
  const own = Object.entries(type.attributes).filter(([name, attribute]) => !SYSTEM.has(name) && !attribute.private);
  const ofTypes = (types: string[], entries = own) =>
    entries.filter(([, attribute]) => types.includes(attribute.type)).map(([name]) => name);
  const related = own.flatMap(([relation, attribute]) =>
    Object.entries(attribute.relatedAttributes ?? {})
      .filter(([name, inner]) => !SYSTEM.has(name) && !inner.private)
      .map(([name, inner]): [string, AttributeView] => [`${relation}.${name}`, inner])
  );
  return {
    phone: [...ofTypes(TEXT), ...ofTypes(TEXT, related)],
    staffPhone: [...ofTypes(TEXT), ...ofTypes(TEXT, related)],
    email: [...ofTypes(TEXT), ...ofTypes(TEXT, related)],
    name: [...ofTypes(TEXT), ...ofTypes(TEXT, related)],
    language: [...ofTypes(CHOICE), ...ofTypes(CHOICE, related)],
    timezone: ofTypes(CHOICE),
    label: ofTypes([...TEXT, 'integer', 'biginteger']),
    anchors: ofTypes(['date', 'datetime']),
    statuses: ofTypes(['enumeration']),
    amounts: ofTypes(NUMBER),
    currencyField: ofTypes(CHOICE),
  };
}

const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.trim() !== '' && value.length <= max;

/**
 * Checks a mapping of `key` against its type's schema (undefined: no such type) and returns the target it
 * defines. `prefix` names where the mapping was written ("targets.booking." in the config).
 */
export function checkTargetMapping(
  key: string,
  mapping: Record<string, unknown>,
  type: ContentTypeView | undefined,
  prefix = ''
): Checked<TargetDefinition> {
  const errors: FieldError[] = [];
  const fail = (path: string, message: string) =>
    errors.push(fieldError(`${prefix}${path}`, `${prefix}${path} ${message}`));
  if (!TARGET_KEY.test(key))
    fail('key', 'must be lowercase letters, digits and hyphens, starting with a letter (at most 40)');
  else if (RESERVED_KEYS.includes(key)) fail('key', `"${key}" is taken: choose another key`);
  for (const name of Object.keys(mapping))
    if (!(MAPPING_FIELDS as readonly string[]).includes(name))
      fail(name, `is not part of a target mapping (${MAPPING_FIELDS.join(', ')})`);
  if (!type) {
    fail('uid', `"${String(mapping.uid)}" is not a collection type of this app`);
    return { ok: false, errors };
  }
  const fitting = fieldsFitting(type);
  const one = (name: keyof ReturnType<typeof fieldsFitting>, required: boolean): string | undefined => {
    const value = mapping[name];
    if (value === undefined || value === null || value === '') {
      if (required) fail(name, 'is required');
      return undefined;
    }
    if (typeof value !== 'string' || !fitting[name].includes(value)) {
      fail(name, `must be one of the type's fitting fields: ${fitting[name].join(', ') || 'it has none'}`);
      return undefined;
    }
    return value;
  };
  const list = (name: 'anchors' | 'statuses' | 'amounts', required: boolean): string[] => {
    const value = mapping[name] ?? [];
    if (!Array.isArray(value)) {
      fail(name, 'must be a list of field names');
      return [];
    }
    if (required && value.length === 0)
      fail(name, `needs at least one date or date-time field (${fitting.anchors.join(', ') || 'the type has none'})`);
    value.forEach((field, index) => {
      if (typeof field !== 'string' || !fitting[name].includes(field))
        fail(
          `${name}[${index}]`,
          `"${String(field)}" must be one of: ${fitting[name].join(', ') || 'the type has none'}`
        );
      else if (name === 'anchors' && RESERVED_ANCHORS.includes(field))
        fail(`${name}[${index}]`, `"${field}" is the name of an anchor every target has`);
    });
    return [
      ...new Set(value.filter((field): field is string => typeof field === 'string' && fitting[name].includes(field))),
    ];
  };

  const paths = {
    phone: one('phone', true) ?? '',
    name: one('name', false),
    language: one('language', false),
    timezone: one('timezone', false),
    label: one('label', false),
    staffPhone: one('staffPhone', false),
    email: one('email', false),
  };
  const anchors = list('anchors', true);
  const statuses = list('statuses', false);
  const amounts = list('amounts', false);
  const currencyField = one('currencyField', false);
  let currency: TargetDefinition['currency'];
  if (mapping.currency !== undefined && mapping.currency !== null && mapping.currency !== '') {
    if (!isCurrencyCode(mapping.currency)) fail('currency', 'must be an ISO 4217 currency code such as KES');
    else if (currencyField) fail('currency', 'and currencyField cannot both be set: the amounts have one currency');
    else currency = { code: mapping.currency };
  } else if (currencyField) currency = { field: currencyField };
  if (mapping.displayName !== undefined && !isText(mapping.displayName, 100))
    fail('displayName', 'must be a name of at most 100 characters');
  let locale: string | undefined;
  if (type.localized) {
    if (!isText(mapping.locale, 20))
      fail('locale', 'is required for a localised type: the locale whose documents are reminded, such as en');
    else locale = mapping.locale;
  } else if (mapping.locale !== undefined && mapping.locale !== null && mapping.locale !== '') {
    fail('locale', 'applies only to localised types');
  }
  if (errors.length) return { ok: false, errors };

  const anchorDefinitions: Record<string, AnchorDefinition> = Object.fromEntries(
    anchors.map((field) => [
      field,
      {
        field,
        kind: type.attributes[field].type === 'date' ? 'date' : 'instant',
        name: field,
      } satisfies AnchorDefinition,
    ])
  );
  const conditions: Record<string, ConditionField> = {
    ...Object.fromEntries(
      statuses.map((field) => [field, { kind: 'choice', values: type.attributes[field].enum ?? [] }])
    ),
    ...Object.fromEntries(amounts.map((field) => [field, { kind: 'amount' }])),
  };
  const recordFields = Object.fromEntries(
    Object.entries(type.attributes).flatMap(([name, attribute]) => {
      const kind = name === 'documentId' || !SYSTEM.has(name) ? kindOf(attribute) : undefined;
      return kind ? [[name, kind]] : [];
    })
  );
  return {
    ok: true,
    value: {
      key,
      uid: type.uid,
      displayName: (mapping.displayName as string | undefined) ?? type.displayName,
      builtIn: false,
      paths: {
        ...(Object.fromEntries(
          Object.entries(paths).filter(([, value]) => value !== undefined)
        ) as Partial<TargetPaths>),
        phone: paths.phone,
      },
      anchors: { ...withCreationAnchors(anchorDefinitions), ...hostEventAnchors(statuses, anchors) },
      conditions,
      defaultConditions: [],
      templates: 'record',
      recordFields,
      ...(currency ? { currency } : {}),
      publishedOnly: type.draftAndPublish,
      ...(locale ? { locale } : {}),
    },
  };
}
