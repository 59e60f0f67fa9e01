import { BUILT_IN_STATUS_VALUES, CUSTOM_STATUS_FIELDS, type CustomStatusField, type CustomStatuses } from './records';

/** A custom status as configured: its value, or the value with the label editors see. */
export type ConfiguredStatus = string | { value: string; label?: string };

/** Values are stored and written in rules as they are: short snake_case words like the built-in ones. */
const VALUE = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * Problems with `statuses` of the plugin config (e.g. `{ invoiceStatus: ['disputed', { value: 'checked_in',
 * label: 'Checked in' }] }`): each value a new snake_case word, each label a short text.
 */
export function checkCustomStatuses(statuses: unknown): string[] {
  if (typeof statuses !== 'object' || statuses === null || Array.isArray(statuses))
    return ['statuses must be an object such as { invoiceStatus: ["disputed"] }'];
  const problems: string[] = [];
  for (const [field, list] of Object.entries(statuses)) {
    if (!(CUSTOM_STATUS_FIELDS as readonly string[]).includes(field)) {
      problems.push(`statuses.${field}: only ${CUSTOM_STATUS_FIELDS.join(' and ')} take custom values`);
      continue;
    }
    if (!Array.isArray(list)) {
      problems.push(`statuses.${field} must be a list of values or { value, label }`);
      continue;
    }
    const seen = new Set<string>(BUILT_IN_STATUS_VALUES[field as CustomStatusField]);
    list.forEach((entry: unknown, index) => {
      const path = `statuses.${field}[${index}]`;
      const { value, label } = (typeof entry === 'string' ? { value: entry } : (entry ?? {})) as Record<
        string,
        unknown
      >;
      if (typeof value !== 'string' || !VALUE.test(value))
        problems.push(`${path} must be a lower-case word of letters, digits and _ (at most 40), such as "disputed"`);
      else if (seen.has(value)) problems.push(`${path}: "${value}" is already a ${field} value`);
      else seen.add(value);
      if (label !== undefined && (typeof label !== 'string' || label.trim() === '' || label.length > 60))
        problems.push(`${path}.label must be a text of 1 to 60 characters`);
    });
  }
  return problems;
}

/** The configured custom statuses, each as { value, label? }. */
export const customStatusesOf = (config: {
  statuses: Partial<Record<CustomStatusField, readonly ConfiguredStatus[]>>;
}): CustomStatuses =>
  Object.fromEntries(
    Object.entries(config.statuses).map(([field, list]) => [
      field,
      (list ?? []).map((entry) => (typeof entry === 'string' ? { value: entry } : entry)),
    ])
  );

/** Problems with `appointmentTypes`: distinct non-empty texts. */
export function checkAppointmentTypes(types: unknown): string[] {
  if (!Array.isArray(types)) return ['appointmentTypes must be a list of texts such as ["consultation", "follow_up"]'];
  return types.flatMap((type: unknown, index) =>
    typeof type !== 'string' || type.trim() === '' || type.length > 100
      ? [`appointmentTypes[${index}] must be a text of 1 to 100 characters`]
      : types.indexOf(type) !== index
        ? [`appointmentTypes[${index}]: "${type}" is listed twice`]
        : []
  );
}
