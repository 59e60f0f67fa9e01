import {
  replyLanguageOf,
  rescheduleMessage,
  staffAlertEmail,
  staffAlertSms,
  whichOneQuestion,
} from '../reply-messages';

const items = [
  { code: 'A', label: 'Dental check-up Wed 9 Dec 10:00' },
  { code: 'B', label: 'Eye test Thu 10 Dec 09:00' },
];

describe('the question to a customer with several open records', () => {
  it.each([
    [
      'en',
      'confirm',
      'You have 2 appointments: reply YES A for Dental check-up Wed 9 Dec 10:00, YES B for Eye test Thu 10 Dec 09:00.',
    ],
    [
      'fr',
      'cancel',
      'Vous avez 2 rendez-vous : répondez NON A pour Dental check-up Wed 9 Dec 10:00, NON B pour Eye test Thu 10 Dec 09:00.',
    ],
    [
      'sw',
      'confirm',
      'Una miadi 2: jibu NDIO A kwa Dental check-up Wed 9 Dec 10:00, NDIO B kwa Eye test Thu 10 Dec 09:00.',
    ],
    [
      'ar',
      'confirm',
      'لديك 2 مواعيد: أرسل نعم A لـ Dental check-up Wed 9 Dec 10:00، نعم B لـ Eye test Thu 10 Dec 09:00.',
    ],
  ] as const)('in %s, for %s', (language, intent, text) => {
    expect(whichOneQuestion(language, intent, 'appointment', items)).toBe(text);
  });

  it('uses R for a reschedule and a general noun for mixed records', () => {
    expect(whichOneQuestion('en', 'reschedule', 'other', items)).toMatch(/^You have 2 bookings: reply R A for /);
  });
});

describe('other messages', () => {
  it('picks the first language it has words for, else English', () => {
    expect(replyLanguageOf(null, 'sw')).toBe('sw');
    expect(replyLanguageOf('fr', 'sw')).toBe('fr');
    expect(replyLanguageOf('de', undefined)).toBe('en');
  });

  it('sends the reschedule link in the language', () => {
    expect(rescheduleMessage('sw', 'Eye test', 'https://x.example/1')).toBe(
      'Kubadilisha Eye test: https://x.example/1'
    );
  });

  it('alerts staff briefly by SMS and in full by e-mail', () => {
    const long = 'x'.repeat(100);
    expect(staffAlertSms({ kind: 'unmatched', phone: '+254711000001', text: long })).toBe(
      `Reply from +254711000001 matches no reminder: "${'x'.repeat(59)}…". See the inbox.`
    );
    expect(
      staffAlertSms({
        kind: 'cancelled',
        phone: '+254711000001',
        text: 'cancel',
        record: 'Eye test · Thu 10 Dec 09:00',
      })
    ).toBe('Eye test · Thu 10 Dec 09:00 was cancelled by SMS from +254711000001: "cancel".');
    expect(staffAlertEmail({ kind: 'unmatched', phone: '+254711000001', text: long })).toMatchObject({
      subject: 'Customer reply from +254711000001 matches no reminder',
    });
  });
});
