/**
 * {{ reply.hint }}: how a customer answers a reminder of a rule that allows replies, in the message's language.
 * The words are ones the reply reader understands in that language (YES/NO, OUI/NON, NDIO/HAPANA, نعم/لا, R).
 */

const HINTS: Record<string, { confirmOrCancel: string; reschedule: string }> = {
  en: { confirmOrCancel: 'Reply YES to confirm or NO to cancel', reschedule: ', R to reschedule' },
  fr: { confirmOrCancel: 'Répondez OUI pour confirmer ou NON pour annuler', reschedule: ', R pour reporter' },
  sw: { confirmOrCancel: 'Jibu NDIO kuthibitisha au HAPANA kughairi', reschedule: ', R kubadilisha tarehe' },
  ar: { confirmOrCancel: 'أرسل نعم للتأكيد أو لا للإلغاء', reschedule: '، R لتغيير الموعد' },
};

/** The variable's name, as templates write it. */
export const REPLY_HINT_VARIABLE = 'reply.hint';

/**
 * The hint in `language` (its base language, else English: a hint in another language still tells what to
 * answer); with the reschedule choice when a reschedule link is configured (the customer who answers R gets it).
 * Empty when replies are not allowed: nothing would read them.
 */
export function replyHint(language: string, { allowed, reschedule }: { allowed: boolean; reschedule: boolean }) {
  if (!allowed) return '';
  const own = [language, language.split('-')[0]].find((code) => Object.hasOwn(HINTS, code));
  const hint = HINTS[own ?? 'en'];
  return hint.confirmOrCancel + (reschedule ? hint.reschedule : '');
}
