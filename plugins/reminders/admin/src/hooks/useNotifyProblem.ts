import { useNotification } from '@strapi/strapi/admin';
import { useProblem } from './useProblem';

/** Tells the user that a request failed: a danger notification with the problem in the admin's words. */
export function useNotifyProblem() {
  const problem = useProblem();
  const { toggleNotification } = useNotification();
  return (error: unknown) => toggleNotification({ type: 'danger', message: problem(error).message });
}
