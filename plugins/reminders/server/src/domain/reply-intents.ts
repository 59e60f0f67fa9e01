/**
 * Reads a customer's SMS reply: what it asks for (confirm, cancel, reschedule, opt out, opt in), in which
 * language, and the short code it may carry when the customer was asked which of several records they meant.
 * Only the first word counts ("YES please" confirms, "don't stop" does nothing); a code may come just before
 * or just after it ("YES B", "B YES", "b ndio"). Case, accents, punctuation, Arabic diacritics, letter variants
 * and digits are folded, so "Ndio!", "نَعَم" and "OUI." all read.
 */

export const REPLY_INTENTS = ['confirm', 'cancel', 'reschedule', 'opt-out', 'opt-in'] as const;
export type ReplyIntent = (typeof REPLY_INTENTS)[number];

/** Words per language, per intent: the plugin's defaults, and config `replies.keywords` merged over them. */
export type ReplyKeywords = Record<string, Partial<Record<ReplyIntent, readonly string[]>>>;

/**
 * The default words. CANCEL and الغاء cancel a booking now: only STOP-type words opt out. SITISHA ("suspend,
 * discontinue") stays an opt-out: a customer who meant "stop the messages" must never have a booking
 * cancelled instead; GHAIRI and BATILISHA are Swahili's cancel.
 */
export const DEFAULT_REPLY_KEYWORDS: ReplyKeywords = {
  en: {
    confirm: ['YES', 'Y', '1', 'CONFIRM', 'CONFIRMED', 'OK', 'OKAY', 'YEAH', 'YEP', 'SURE'],
    cancel: ['NO', 'N', '2', 'CANCEL', 'CANCELLED', 'CANCELED'],
    reschedule: ['R', 'RESCHEDULE', 'REBOOK'],
    'opt-out': ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'END', 'QUIT'],
    'opt-in': ['START', 'UNSTOP', 'SUBSCRIBE'],
  },
  fr: {
    confirm: ['OUI', 'CONFIRMER', 'CONFIRME', 'DACCORD'],
    cancel: ['NON', 'ANNULER', 'ANNULE', 'ANNULATION'],
    reschedule: ['REPORTER', 'DEPLACER'],
    'opt-out': ['ARRET', 'ARRETER', 'DESABONNER', 'DESINSCRIRE', 'DESINSCRIPTION'],
    'opt-in': ['DEMARRER', 'ABONNER'],
  },
  sw: {
    confirm: ['NDIO', 'NDIYO', 'SAWA', 'THIBITISHA'],
    cancel: ['HAPANA', 'GHAIRI', 'BATILISHA'],
    reschedule: ['BADILISHA', 'AHIRISHA'],
    'opt-out': ['ACHA', 'SITISHA', 'ONDOA'],
    'opt-in': ['ANZA', 'JIUNGE'],
  },
  ar: {
    confirm: ['نعم', 'اكيد', 'تأكيد', 'موافق', 'ايوه'],
    cancel: ['لا', 'الغاء', 'إلغاء', 'الغي'],
    reschedule: ['تأجيل', 'اجل', 'تغيير'],
    'opt-out': ['توقف', 'ايقاف', 'اوقف'],
    'opt-in': ['ابدأ', 'اشترك'],
  },
};

/**
 * The letters a customer answers a "which one?" question with: A to E. None of them is a default word (Y, N
 * and R are), and five records is more than one SMS can list anyway.
 */
export const CODE_LETTERS = ['A', 'B', 'C', 'D', 'E'] as const;
const ARABIC_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;

/** Upper case, no accents, Arabic marks or tatweel, one alef, one yeh, one heh, Western digits. */
export function foldKeyword(word: string): string {
  return word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '') // Latin accents
    .replace(/[\u064b-\u065f\u0670\u0640]/g, '') // Arabic diacritics, superscript alef, tatweel
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(ARABIC_DIGITS, (digit) => String((digit.charCodeAt(0) & 0xf) % 10))
    .normalize('NFC')
    .toUpperCase();
}

/** The separators between words, Arabic punctuation included. "D'ACCORD" folds to DACCORD before splitting. */
const SEPARATORS = /[\s.,;:!?؟،"()\-_/*+]+/u;

/** What a reply says: its intent, the language of the word, and the code next to it (null when none). */
export interface ReadReply {
  intent: ReplyIntent;
  language: string;
  code: string | null;
}

/** A reader of replies for a set of keywords (the defaults merged with the config's). */
export interface ReplyReader {
  read(text: unknown): ReadReply | null;
  /** The words of one language and intent, as configured (for the question and the inbox). */
  wordsOf(language: string, intent: ReplyIntent): readonly string[];
  languages: readonly string[];
}

/** The defaults with the config's lists in place of theirs, language by language and intent by intent. */
export function mergeKeywords(custom: ReplyKeywords = {}): ReplyKeywords {
  const merged: ReplyKeywords = {};
  for (const [language, intents] of Object.entries(DEFAULT_REPLY_KEYWORDS)) merged[language] = { ...intents };
  for (const [language, intents] of Object.entries(custom))
    merged[language] = { ...(merged[language] ?? {}), ...intents };
  return merged;
}

/** A word as it is looked up: folded, apostrophes dropped ("D'accord" → DACCORD, "don't" → DONT). */
const foldWord = (word: string) => foldKeyword(word.replace(/['’`]/g, ''));

function isWord(word: unknown): word is string {
  if (typeof word !== 'string' || word.length === 0 || word.length > 30) return false;
  const folded = foldWord(word);
  return folded !== '' && folded.split(SEPARATORS).length === 1;
}

/** The words of a text, folded. */
const wordsOf = (text: string) =>
  foldWord(text)
    .split(SEPARATORS)
    .filter((word) => word !== '');

const isCode = (word: string) => (CODE_LETTERS as readonly string[]).includes(word);

/**
 * Why a `replies.keywords` value cannot be used (each problem names its path), or none: languages are codes
 * such as "sw", intents the five known, words single words of at most 30 characters, and no folded word means
 * two different things (nor is a code letter A–E).
 */
export function checkReplyKeywords(custom: unknown): string[] {
  if (typeof custom !== 'object' || custom === null || Array.isArray(custom))
    return ['replies.keywords must be an object of { language: { intent: [words] } }'];
  const problems: string[] = [];
  for (const [language, intents] of Object.entries(custom as Record<string, unknown>)) {
    const path = `replies.keywords.${language}`;
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(language)) problems.push(`${path}: not a language code such as sw`);
    if (typeof intents !== 'object' || intents === null || Array.isArray(intents)) {
      problems.push(`${path} must be an object of { intent: [words] }`);
      continue;
    }
    for (const [intent, words] of Object.entries(intents as Record<string, unknown>)) {
      if (!(REPLY_INTENTS as readonly string[]).includes(intent))
        problems.push(`${path}.${intent}: not an intent (${REPLY_INTENTS.join(', ')})`);
      else if (!Array.isArray(words) || words.some((word) => !isWord(word)))
        problems.push(`${path}.${intent} must be a list of single words of at most 30 characters`);
    }
  }
  if (problems.length) return problems;
  const meaning = new Map<string, string>();
  for (const [language, intents] of Object.entries(mergeKeywords(custom as ReplyKeywords)))
    for (const [intent, words] of Object.entries(intents))
      for (const word of words ?? []) {
        const folded = foldWord(word);
        const where = `${language}.${intent}`;
        if (isCode(folded)) problems.push(`replies.keywords.${where}: "${word}" is a code letter (A–E)`);
        const seen = meaning.get(folded);
        if (seen && seen.split('.')[1] !== intent)
          problems.push(`replies.keywords.${where}: "${word}" already means ${seen.split('.')[1]} (${seen})`);
        if (!seen) meaning.set(folded, where);
      }
  return problems;
}

/** A reader for the defaults merged with `custom` (already checked). */
export function createReplyReader(custom: ReplyKeywords = {}): ReplyReader {
  const keywords = mergeKeywords(custom);
  const meanings = new Map<string, { intent: ReplyIntent; language: string }>();
  // The first language listing a word names it ("OK" is English, wherever else it is written).
  for (const [language, intents] of Object.entries(keywords))
    for (const intent of REPLY_INTENTS)
      for (const word of intents[intent] ?? []) {
        const folded = foldWord(word);
        if (!meanings.has(folded)) meanings.set(folded, { intent, language });
      }

  return {
    languages: Object.keys(keywords),
    wordsOf: (language, intent) => keywords[language]?.[intent] ?? [],
    read(text) {
      if (typeof text !== 'string') return null;
      const [first, second] = wordsOf(text.slice(0, 200));
      if (first === undefined) return null;
      const direct = meanings.get(first);
      if (direct) return { ...direct, code: second !== undefined && isCode(second) ? second : null };
      // "B YES": a code, then the word.
      const after = second === undefined ? undefined : meanings.get(second);
      return isCode(first) && after ? { ...after, code: first } : null;
    },
  };
}
