import { replyHint } from '../reply-hint';
import { renderTemplate } from '..';
import { buildTemplateContext } from '../../__tests__/built-in-targets';
import { TEMPLATE_VARIABLES } from '../context';

const allowed = { allowed: true, reschedule: false };

describe('replyHint', () => {
  it.each([
    ['en', 'Reply YES to confirm or NO to cancel'],
    ['fr', 'Répondez OUI pour confirmer ou NON pour annuler'],
    ['sw', 'Jibu NDIO kuthibitisha au HAPANA kughairi'],
    ['ar', 'أرسل نعم للتأكيد أو لا للإلغاء'],
  ])('is written in %s', (language, hint) => {
    expect(replyHint(language, allowed)).toBe(hint);
  });

  it('offers R when a reschedule link is configured', () => {
    expect(replyHint('en', { allowed: true, reschedule: true })).toBe(
      'Reply YES to confirm or NO to cancel, R to reschedule'
    );
    expect(replyHint('sw', { allowed: true, reschedule: true })).toMatch(/, R /);
  });

  it('falls back to the base language, then English; never to Object.prototype', () => {
    expect(replyHint('fr-CA', allowed)).toBe('Répondez OUI pour confirmer ou NON pour annuler');
    expect(replyHint('de', allowed)).toBe('Reply YES to confirm or NO to cancel');
    expect(replyHint('constructor', allowed)).toBe('Reply YES to confirm or NO to cancel');
  });

  it('is empty when the rule does not allow replies', () => {
    expect(replyHint('en', { allowed: false, reschedule: true })).toBe('');
  });
});

describe('{{ reply.hint }} in a template', () => {
  const now = new Date('2026-12-07T06:00:00Z');
  const appointment = {
    documentId: 'apt1doc',
    title: 'Dental check-up',
    customerName: 'Grace Njeri',
    phone: '+254700111222',
    startsAt: '2026-12-08T07:00:00Z',
  };
  const settings = { companyName: 'Acme', links: {}, timeZone: 'Africa/Nairobi', locale: 'fr' };
  const render = (extra: Record<string, unknown>) =>
    renderTemplate(
      'Rendez-vous demain. {{ reply.hint }}',
      buildTemplateContext('appointment', appointment, { ...settings, ...extra }, now),
      { locale: 'fr', timeZone: 'Africa/Nairobi', now }
    );

  it("renders in the message's language when replies are allowed, with R when a reschedule link exists", () => {
    expect(render({ allowReplies: true })).toBe('Rendez-vous demain. Répondez OUI pour confirmer ou NON pour annuler');
    expect(render({ allowReplies: true, links: { reschedule: 'https://book.example.com/{documentId}' } })).toBe(
      'Rendez-vous demain. Répondez OUI pour confirmer ou NON pour annuler, R pour reporter'
    );
  });

  it('renders nothing without allowReplies, and nothing to staff', () => {
    expect(render({})).toBe('Rendez-vous demain.');
    expect(render({ allowReplies: true, recipient: { kind: 'staff', name: 'Dr. Mwangi' } })).toBe(
      'Rendez-vous demain.'
    );
  });

  it('is an appointment variable, not an invoice one', () => {
    expect(TEMPLATE_VARIABLES.appointment).toContain('reply.hint');
    expect(TEMPLATE_VARIABLES.invoice as readonly string[]).not.toContain('reply.hint');
  });
});
