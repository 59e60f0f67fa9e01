import type { Core } from '@strapi/strapi';
import { isDeepStrictEqual } from 'util';
import { CURRENCY_CODES } from '../domain/money';
import { PLUGIN_ID, UIDS } from '../constants';
import type { RemindersConfig } from '../config';
import { customStatusesOf } from '../domain/custom-statuses';
import { statusValuesOf } from '../domain/records';
import { getConfig } from '../utils';

/**
 * The plugin's custom fields: each stores what it always stored (a string, or an enumeration), so no data
 * moves; the admin draws it as a select (admin/src/components/fields). The document validation middleware
 * refuses a value outside the choices with a 400 naming the field.
 */
export const CUSTOM_FIELDS = [
  { name: 'language', type: 'string' },
  { name: 'currency', type: 'string' },
  { name: 'timezone', type: 'string' },
  { name: 'status', type: 'enumeration' },
] as const;

export function registerCustomFields(strapi: Core.Strapi) {
  strapi.customFields.register(CUSTOM_FIELDS.map((field) => ({ ...field, plugin: PLUGIN_ID })));
  // The app's own status values join the enumerations: Strapi's validation accepts them, the Content
  // Manager offers them; the columns are strings, so nothing in the database changes.
  const statuses = customStatusesOf(getConfig(strapi));
  for (const [uid, field] of [
    [UIDS.invoice, 'invoiceStatus'],
    [UIDS.appointment, 'appointmentStatus'],
  ] as const) {
    const attribute = strapi.contentTypes[uid].attributes[field] as unknown as { enum: string[] };
    attribute.enum = statusValuesOf(field, statuses);
  }
}

/**
 * What the custom fields offer: the configured languages, the ISO 4217 codes, the IANA time zones Node knows
 * and the labels of the app's own status values.
 */
export const fieldOptions = (config: Pick<RemindersConfig, 'languages' | 'statuses'>) => ({
  statusLabels: Object.fromEntries(
    Object.values(customStatusesOf(config)).flatMap((list) =>
      (list ?? []).flatMap(({ value, label }) => (label ? [[value, label]] : []))
    )
  ) as Record<string, string>,
  languages: [...config.languages],
  currencies: [...CURRENCY_CODES],
  // Intl's canonical list has no "UTC", which the validation (Luxon) accepts and editors expect.
  timeZones: ['UTC', ...Intl.supportedValuesOf('timeZone')],
});

/** One field in the edit view: its label, the help under it, and whether an editor may change it. */
interface FieldLayout {
  label: string;
  description?: string;
  editable?: false;
}

interface TypeLayout {
  fields: Record<string, FieldLayout>;
  /** Rows of [field, width in a 12-column grid]. */
  edit: [string, number][][];
  list: string[];
  mainField: string;
  sortBy: string;
  sortOrder: 'ASC' | 'DESC';
}

/**
 * Bump when a layout below changes: an install whose layout is still the plugin's previous one gets the new
 * one at its next start; one an administrator has edited since keeps theirs.
 */
export const LAYOUT_VERSION = 3;

const zone = 'Reminders go out at their local time in this zone; empty: the rule’s, else the default one.';

export const LAYOUTS: Record<string, TypeLayout> = {
  [UIDS.invoice]: {
    fields: {
      number: { label: 'Number', description: 'Unique: the number the customer sees.' },
      customerName: { label: 'Customer' },
      phone: { label: 'Phone', description: 'Where reminders go; saved in international format (+254…).' },
      email: { label: 'Email' },
      language: { label: 'Language', description: 'The language of this customer’s reminders.' },
      timezone: { label: 'Time zone', description: zone },
      currency: { label: 'Currency' },
      total: { label: 'Total' },
      amountPaid: { label: 'Amount paid', description: 'Change it to record a payment.' },
      balance: { label: 'Balance', description: 'Total − amount paid, computed on save.', editable: false },
      paymentStatus: {
        label: 'Payment status',
        description: 'Follows the amounts; choosing Paid records a payment in full.',
      },
      invoiceStatus: { label: 'Invoice status' },
      issueDate: { label: 'Issue date' },
      dueDate: { label: 'Due date' },
      accountManagerName: { label: 'Account manager' },
      accountManagerPhone: {
        label: 'Account manager phone',
        description: 'For rules that also remind the staff member; saved in international format.',
      },
    },
    edit: [
      [
        ['number', 6],
        ['invoiceStatus', 6],
      ],
      [
        ['customerName', 6],
        ['phone', 6],
      ],
      [
        ['email', 6],
        ['language', 6],
      ],
      [
        ['issueDate', 4],
        ['dueDate', 4],
        ['timezone', 4],
      ],
      [
        ['currency', 4],
        ['total', 4],
        ['amountPaid', 4],
      ],
      [
        ['balance', 4],
        ['paymentStatus', 4],
      ],
      [
        ['accountManagerName', 6],
        ['accountManagerPhone', 6],
      ],
    ],
    list: ['number', 'customerName', 'dueDate', 'balance', 'currency', 'paymentStatus'],
    mainField: 'number',
    sortBy: 'dueDate',
    sortOrder: 'ASC',
  },
  [UIDS.appointment]: {
    fields: {
      title: { label: 'Title' },
      customerName: { label: 'Customer' },
      phone: { label: 'Phone', description: 'Where reminders go; saved in international format (+254…).' },
      email: { label: 'Email' },
      language: { label: 'Language', description: 'The language of this customer’s reminders.' },
      startsAt: { label: 'Starts at' },
      endsAt: { label: 'Ends at' },
      timezone: { label: 'Time zone', description: zone },
      location: { label: 'Location' },
      staffName: { label: 'Staff member' },
      staffPhone: { label: 'Staff phone', description: 'For rules that also remind the staff member.' },
      appointmentStatus: {
        label: 'Status',
        description: 'Rules choose the statuses they remind (by default, not cancelled appointments).',
      },
      appointmentType: { label: 'Type', description: 'Consultation, follow-up…: rules can remind only some types.' },
    },
    edit: [
      [
        ['title', 6],
        ['appointmentStatus', 6],
      ],
      [
        ['startsAt', 4],
        ['endsAt', 4],
        ['timezone', 4],
      ],
      [
        ['customerName', 6],
        ['phone', 6],
      ],
      [
        ['email', 6],
        ['language', 6],
      ],
      [
        ['location', 6],
        ['appointmentType', 6],
      ],
      [
        ['staffName', 6],
        ['staffPhone', 6],
      ],
    ],
    list: ['title', 'customerName', 'startsAt', 'location', 'appointmentStatus'],
    mainField: 'title',
    sortBy: 'startsAt',
    sortOrder: 'DESC',
  },
  [UIDS.optOut]: {
    fields: {
      channel: { label: 'Channel', description: 'SMS: fill in the phone. E-mail: fill in the e-mail address.' },
      phone: { label: 'Phone', description: 'This number never gets an SMS reminder; saved in international format.' },
      email: { label: 'E-mail', description: 'This address never gets an e-mail reminder; saved in lower case.' },
      source: {
        label: 'Source',
        description: 'Who opted it out: an editor, a STOP reply, the provider or an unsubscribe link.',
      },
      note: { label: 'Note' },
    },
    edit: [
      [
        ['channel', 6],
        ['source', 6],
      ],
      [
        ['phone', 6],
        ['email', 6],
      ],
      [['note', 12]],
    ],
    list: ['channel', 'phone', 'email', 'source', 'note', 'createdAt'],
    mainField: 'phone',
    sortBy: 'createdAt',
    sortOrder: 'DESC',
  },
};

interface CmConfiguration {
  settings: Record<string, unknown>;
  metadatas: Record<string, { edit?: Record<string, unknown>; list?: Record<string, unknown> }>;
  layouts: { list: string[]; edit: { name: string; size: number }[][] };
}

/** The Content Manager's configuration of a type with the plugin's layout laid over it. */
export function withLayout(current: CmConfiguration, layout: TypeLayout): CmConfiguration {
  const metadatas = { ...current.metadatas };
  for (const [name, field] of Object.entries(layout.fields)) {
    const { edit = {}, list = {} } = metadatas[name] ?? {};
    metadatas[name] = {
      edit: { ...edit, label: field.label, description: field.description ?? '', editable: field.editable ?? true },
      list: { ...list, label: field.label },
    };
  }
  return {
    settings: {
      ...current.settings,
      mainField: layout.mainField,
      defaultSortBy: layout.sortBy,
      defaultSortOrder: layout.sortOrder,
    },
    metadatas,
    layouts: {
      list: layout.list,
      edit: layout.edit.map((row) => row.map(([name, size]) => ({ name, size }))),
    },
  };
}

type Applied = Record<string, { version: number; applied: CmConfiguration }>;

const comparable = ({ settings, metadatas, layouts }: CmConfiguration) => ({ settings, metadatas, layouts });

/**
 * Lays the plugin's labels, list columns, sort and read-only fields over the Content Manager's configuration of
 * its types, once per LAYOUT_VERSION. What the plugin wrote is kept in its store: a configuration that no longer
 * matches it was edited by an administrator (Configure the view) and is left alone.
 */
export async function applyContentManagerLayouts(strapi: Core.Strapi) {
  const contentTypes = strapi.plugin('content-manager').service('content-types');
  const store = strapi.store({ type: 'plugin', name: PLUGIN_ID });
  const key = 'content-manager-layouts';
  const marks = ((await store.get({ key })) ?? {}) as Applied;
  for (const [uid, layout] of Object.entries(LAYOUTS)) {
    const mark = marks[uid];
    if (mark?.version === LAYOUT_VERSION) continue;
    const current = (await contentTypes.findConfiguration({ uid })) as CmConfiguration;
    if (mark && !isDeepStrictEqual(comparable(current), mark.applied)) {
      strapi.log.info(`reminders: ${uid} has an administrator's own Content Manager layout; kept`);
      marks[uid] = { ...mark, version: LAYOUT_VERSION };
      continue;
    }
    const updated = await contentTypes.updateConfiguration({ uid }, withLayout(current, layout));
    marks[uid] = { version: LAYOUT_VERSION, applied: comparable(updated) };
  }
  await store.set({ key, value: marks });
}
