import { readProblem } from '../api/request';
import { useT } from './useT';

/** Turns any request error into words in the admin's language (the server's own message when it gave one). */
export function useProblem() {
  const t = useT();
  return (error: unknown) =>
    readProblem(error, {
      forbidden: t('errors.forbidden'),
      unauthorized: t('errors.unauthorized'),
      network: t('errors.network'),
      unknown: t('errors.unknown'),
    });
}
