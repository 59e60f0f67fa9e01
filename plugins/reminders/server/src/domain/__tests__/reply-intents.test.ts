import {
  CODE_LETTERS,
  DEFAULT_REPLY_KEYWORDS,
  REPLY_INTENTS,
  checkReplyKeywords,
  createReplyReader,
  foldKeyword,
} from '../reply-intents';

const reader = createReplyReader();
const read = (text: unknown) => reader.read(text);

describe('reading replies with the default words', () => {
  const every = Object.entries(DEFAULT_REPLY_KEYWORDS).flatMap(([language, intents]) =>
    REPLY_INTENTS.flatMap((intent) => (intents[intent] ?? []).map((word) => [language, intent, word] as const))
  );

  it.each(every)('reads %s %s word %p', (language, intent, word) => {
    expect(read(word)).toEqual({ intent, language, code: null });
    expect(read(`${word.toLowerCase()}!`)).toMatchObject({ intent });
  });

  it('reads the words of the reply hint in every language', () => {
    expect(read('YES')).toMatchObject({ intent: 'confirm', language: 'en' });
    expect(read('NO')).toMatchObject({ intent: 'cancel', language: 'en' });
    expect(read('OUI')).toMatchObject({ intent: 'confirm', language: 'fr' });
    expect(read('NON')).toMatchObject({ intent: 'cancel', language: 'fr' });
    expect(read('NDIO')).toMatchObject({ intent: 'confirm', language: 'sw' });
    expect(read('HAPANA')).toMatchObject({ intent: 'cancel', language: 'sw' });
    expect(read('نعم')).toMatchObject({ intent: 'confirm', language: 'ar' });
    expect(read('لا')).toMatchObject({ intent: 'cancel', language: 'ar' });
    expect(read('R')).toMatchObject({ intent: 'reschedule' });
  });

  it.each([
    ['NdIo', 'confirm'],
    ['  ndio.  ', 'confirm'],
    ['yes!!', 'confirm'],
    ['Yes, please', 'confirm'],
    ['نَعَم', 'confirm'],
    ['نعـــم', 'confirm'],
    ['إلغاء', 'cancel'],
    ['الغاء', 'cancel'],
    ['إلغاء الموعد', 'cancel'],
    ['Annulé', 'cancel'],
    ["d'accord", 'confirm'],
    ['Confirmé', 'confirm'],
    ['تأجيل', 'reschedule'],
    ['ARRÊT', 'opt-out'],
    ['Désabonner', 'opt-out'],
    ['تَوَقَّفْ', 'opt-out'],
    ['ابدأ', 'opt-in'],
    ['Démarrer', 'opt-in'],
    ['١', 'confirm'],
    ['۲', 'cancel'],
    ['cancel', 'cancel'],
    ['Cancel my appointment', 'cancel'],
    ['STOP please', 'opt-out'],
  ])('folds %p to %s', (text, intent) => {
    expect(read(text)?.intent).toBe(intent);
  });

  it('no longer reads CANCEL or الغاء as an opt-out', () => {
    expect(read('CANCEL')?.intent).toBe('cancel');
    expect(read('الغاء')?.intent).toBe('cancel');
  });

  it.each([
    "don't stop",
    'Thanks, paid yesterday',
    "I'll come at 11",
    'STOPPED',
    'restart',
    'B',
    '',
    '   ',
    undefined,
    42,
  ])('reads %p as nothing', (text) => {
    expect(read(text)).toBeNull();
  });
});

describe('codes', () => {
  it.each([
    ['YES B', 'confirm', 'B'],
    ['B YES', 'confirm', 'B'],
    ['b ndio', 'confirm', 'B'],
    ['ndio b', 'confirm', 'B'],
    ['no, a', 'cancel', 'A'],
    ['نعم C', 'confirm', 'C'],
    ['R E', 'reschedule', 'E'],
  ])('reads %p as %s with code %s', (text, intent, code) => {
    expect(read(text)).toMatchObject({ intent, code });
  });

  it('reads no code where the next word is not a code letter', () => {
    expect(read('YES please')).toMatchObject({ code: null });
    expect(read('YES Z')).toMatchObject({ code: null });
    expect(read('Z YES')).toBeNull();
  });

  it('keeps the code letters apart from every default word', () => {
    expect(CODE_LETTERS.filter((letter) => read(letter) !== null)).toEqual([]);
  });
});

describe('configured words', () => {
  it('merges a language and intent over the defaults, keeping the rest', () => {
    const custom = createReplyReader({ en: { confirm: ['YUP'] }, es: { confirm: ['SI'], cancel: ['NO'] } });
    expect(custom.read('yup')).toMatchObject({ intent: 'confirm', language: 'en' });
    expect(custom.read('YES')).toBeNull();
    expect(custom.read('NO')).toMatchObject({ intent: 'cancel', language: 'en' });
    expect(custom.read('Sí')).toMatchObject({ intent: 'confirm', language: 'es' });
    expect(custom.read('NDIO')).toMatchObject({ intent: 'confirm', language: 'sw' });
    expect(custom.wordsOf('en', 'confirm')).toEqual(['YUP']);
  });

  it('accepts the defaults and a sound configuration', () => {
    expect(checkReplyKeywords({})).toEqual([]);
    expect(checkReplyKeywords({ sw: { confirm: ['NDIO', 'EEH'] }, es: { confirm: ['sí'] } })).toEqual([]);
  });

  it.each([
    [[], 'replies.keywords must be an object'],
    [{ english: { confirm: ['YES'] } }, 'replies.keywords.english: not a language code'],
    [{ en: ['YES'] }, 'replies.keywords.en must be an object'],
    [{ en: { accept: ['YES'] } }, 'replies.keywords.en.accept: not an intent'],
    [{ en: { confirm: 'YES' } }, 'replies.keywords.en.confirm must be a list of single words'],
    [{ en: { confirm: ['YES PLEASE'] } }, 'replies.keywords.en.confirm must be a list of single words'],
    [{ en: { confirm: ['B'] } }, 'is a code letter'],
    [{ fr: { confirm: ['OUI', 'STOP'] } }, '"STOP" already means opt-out'],
  ])('refuses %p', (custom, message) => {
    expect(checkReplyKeywords(custom).join('; ')).toContain(message);
  });

  it('folds as the words are folded', () => {
    expect(foldKeyword('إلغاء')).toBe(foldKeyword('الغاء'));
    expect(foldKeyword('الغى')).toBe(foldKeyword('الغي'));
  });
});
