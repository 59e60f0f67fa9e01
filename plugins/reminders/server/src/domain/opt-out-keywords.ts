/**
 * Reads a customer's SMS reply as an opt-out (STOP) or an opt-in (START), in the plugin's languages:
 * English, French, Swahili and Arabic. Only the first word counts, so "STOP please" opts out and
 * "don't stop" does not. Case, accents, punctuation and Arabic diacritics and letter variants are ignored.
 */

export type KeywordIntent = 'opt-out' | 'opt-in';

const OPT_OUT = [
  // English
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'END',
  'CANCEL',
  'QUIT',
  // French (accents are folded: ARRÊT → ARRET)
  'ARRET',
  'ARRETER',
  'DESABONNER',
  'DESINSCRIRE',
  'DESINSCRIPTION',
  // Swahili
  'ACHA',
  'SITISHA',
  'ONDOA',
  // Arabic: stop, cancel, halt (alef forms are folded: إلغاء → الغاء)
  'توقف',
  'الغاء',
  'ايقاف',
  'اوقف',
];

const OPT_IN = ['START', 'UNSTOP', 'SUBSCRIBE', 'DEMARRER', 'ABONNER', 'ANZA', 'JIUNGE', 'ابدا', 'اشترك'];

/** Upper case, no accents or Arabic marks, one alef: the form the keyword lists are written in. */
export function foldKeyword(word: string): string {
  return word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '') // Latin accents
    .replace(/[\u064b-\u065f\u0670\u0640]/g, '') // Arabic diacritics, superscript alef, tatweel
    .replace(/[أإآٱ]/g, 'ا')
    .normalize('NFC')
    .toUpperCase();
}

const intents = new Map<string, KeywordIntent>([
  ...OPT_OUT.map((word) => [foldKeyword(word), 'opt-out'] as const),
  ...OPT_IN.map((word) => [foldKeyword(word), 'opt-in'] as const),
]);

/** The intent of an incoming message, or null when it is anything else (a question, a thank-you). */
export function readKeyword(text: unknown): KeywordIntent | null {
  if (typeof text !== 'string') return null;
  const first = text
    .trim()
    .split(/[\s.,;:!?؟،'"()-]+/u)
    .find((word) => word !== '');
  return first ? (intents.get(foldKeyword(first)) ?? null) : null;
}
