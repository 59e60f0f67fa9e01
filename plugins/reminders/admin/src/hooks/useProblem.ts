import { type RequestProblem, readProblem } from '../api/request';
import { useFormatInstant } from '../components/DateTime';
import { fieldLabel } from '../components/labels';
import { useT } from './useT';

/** An instant as the server writes it in a message (ISO 8601 with its offset). */
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g;

/**
 * Turns any request error into words in the admin's language (the server's own message when it gave one), for
 * a person: the instants it names in the editor's zone and language, and a field it starts with ("amountPaid
 * must …") by the field's label ("Amount paid must …").
 */
export function useProblem() {
  const t = useT();
  const formatInstant = useFormatInstant();
  const readable = (message: string, path?: string) => {
    const withDates = message.replace(ISO_INSTANT, (instant) => formatInstant(instant));
    const field = path ?? withDates.match(/^[a-z][A-Za-z]*\b/)?.[0];
    if (!field || !withDates.startsWith(field)) return withDates;
    const label = fieldLabel(t, field.split('.').pop() ?? field);
    return label === field.split('.').pop() ? withDates : `${label}${withDates.slice(field.length)}`;
  };
  return (error: unknown): RequestProblem => {
    const problem = readProblem(error, {
      forbidden: t('errors.forbidden'),
      unauthorized: t('errors.unauthorized'),
      network: t('errors.network'),
      unknown: t('errors.unknown'),
    });
    return {
      ...problem,
      message: readable(problem.message),
      fields: problem.fields.map((field) => ({ ...field, message: readable(field.message, field.path) })),
    };
  };
}
