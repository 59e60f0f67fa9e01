import {
  DEFAULT_OPT_OUT_FOOTERS,
  MAX_FOOTER_LENGTH,
  checkFooters,
  footerApplies,
  footerOf,
  normalizeFooters,
  withOptOutFooter,
} from '../opt-out-footer';

describe('withOptOutFooter', () => {
  it('appends the footer on a line of its own', () => {
    expect(withOptOutFooter('Invoice INV-1 is due.', 'Reply STOP to opt out')).toBe(
      'Invoice INV-1 is due.\nReply STOP to opt out'
    );
  });

  it('drops trailing spaces and line breaks before it, so the SMS has no blank line to pay for', () => {
    expect(withOptOutFooter('Due today.  \n\n', 'Reply STOP to opt out')).toBe('Due today.\nReply STOP to opt out');
  });

  it('leaves a text that already says it alone, whatever the case and spacing', () => {
    for (const text of [
      'Due today. Reply STOP to opt out',
      'Due today.\nreply stop  to\nopt out.',
      'Reply STOP to opt out: invoice due today',
    ])
      expect(withOptOutFooter(text, 'Reply STOP to opt out')).toBe(text);
  });

  it('adds nothing to an empty message (nothing is sent) nor without a footer', () => {
    expect(withOptOutFooter('', 'Reply STOP to opt out')).toBe('');
    expect(withOptOutFooter('  \n', 'Reply STOP to opt out')).toBe('  \n');
    expect(withOptOutFooter('Due today.', null)).toBe('Due today.');
    expect(withOptOutFooter('Due today.', '')).toBe('Due today.');
  });

  it('appends Arabic footers to Arabic messages', () => {
    expect(withOptOutFooter('فاتورتك مستحقة اليوم.', DEFAULT_OPT_OUT_FOOTERS.ar)).toBe(
      'فاتورتك مستحقة اليوم.\nأرسل توقف لإلغاء الاشتراك'
    );
  });
});

describe('footerOf', () => {
  it("takes the message's language, then its base language, then English", () => {
    expect(footerOf(DEFAULT_OPT_OUT_FOOTERS, 'sw')).toBe('Jibu STOP kujiondoa');
    expect(footerOf(DEFAULT_OPT_OUT_FOOTERS, 'fr-CA')).toBe('Répondez STOP pour vous désabonner');
    expect(footerOf(DEFAULT_OPT_OUT_FOOTERS, 'de')).toBe('Reply STOP to opt out');
    expect(footerOf({ en: '  ', fr: 'Répondez STOP' }, 'de')).toBeNull();
  });

  it('never reads a language from Object.prototype', () => {
    expect(footerOf({}, 'constructor')).toBeNull();
  });
});

describe('footerApplies', () => {
  it('is on for customers unless the rule turns it off; never for staff or fixed numbers', () => {
    expect(footerApplies({}, 'customer')).toBe(true);
    expect(footerApplies({ optOutFooter: null }, 'customer')).toBe(true);
    expect(footerApplies({ optOutFooter: true }, 'customer')).toBe(true);
    expect(footerApplies({ optOutFooter: false }, 'customer')).toBe(false);
    expect(footerApplies({ optOutFooter: true }, 'staff')).toBe(false);
    expect(footerApplies({ optOutFooter: true }, 'fixed')).toBe(false);
  });
});

describe('the default footers', () => {
  // Words the reply reader takes as an opt-out (STOP in the Latin-script languages, توقف in Arabic).
  const word = { en: 'STOP', fr: 'STOP', sw: 'STOP', ar: 'توقف' };
  it.each(Object.entries(word))('%s names %s, fits the limit', (language, stop) => {
    const footer = DEFAULT_OPT_OUT_FOOTERS[language];
    expect(footer.length).toBeLessThanOrEqual(MAX_FOOTER_LENGTH);
    expect(footer.split(/\s+/)).toContain(stop);
  });
});

describe('checkFooters', () => {
  const languages = ['en', 'fr', 'sw', 'ar'];

  it('accepts one line per language', () => {
    expect(checkFooters(DEFAULT_OPT_OUT_FOOTERS, languages)).toEqual([]);
  });

  it('names each empty, missing, too long or multi-line footer, and unknown languages', () => {
    const errors = checkFooters(
      { en: '', fr: 'x'.repeat(MAX_FOOTER_LENGTH + 1), ar: 'STOP\nnow', de: 'STOP' },
      languages
    );
    expect(errors.map((error) => error.path)).toEqual([
      'footers.de',
      'footers.en',
      'footers.fr',
      'footers.sw',
      'footers.ar',
    ]);
    expect(errors.find((error) => error.path === 'footers.fr')?.message).toBe(
      `footers.fr must be at most ${MAX_FOOTER_LENGTH} characters`
    );
  });

  it('refuses anything but an object', () => {
    expect(checkFooters(['Reply STOP'], languages).map((error) => error.path)).toEqual(['footers']);
    expect(checkFooters(null, languages, 'optOutFooter').map((error) => error.path)).toEqual(['optOutFooter']);
  });

  it('saves them trimmed, for the configured languages', () => {
    expect(normalizeFooters({ en: ' Reply STOP to opt out ', fr: 'Répondez STOP' }, ['en', 'fr'])).toEqual({
      en: 'Reply STOP to opt out',
      fr: 'Répondez STOP',
    });
  });
});
