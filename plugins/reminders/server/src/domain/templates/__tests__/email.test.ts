import { emailTemplatesOfStep, renderEmail } from '..';
import { buildTemplateContext } from '../../__tests__/built-in-targets';

// Monday 7 December 2026, 09:00 in Nairobi.
const now = new Date('2026-12-07T06:00:00Z');
const timeZone = 'Africa/Nairobi';
const settings = {
  companyName: 'Acme Ltd',
  links: { pay: 'https://pay.example.com/{number}?src=email&x=1' },
  timeZone,
  locale: 'en',
};
const invoiceOf = (customerName: string) =>
  buildTemplateContext(
    'invoice',
    {
      documentId: 'inv1',
      number: 'INV-1001',
      customerName,
      phone: '+254712345678',
      currency: 'KES',
      total: '12500',
      amountPaid: '2500',
      issueDate: '2026-11-17',
      dueDate: '2026-12-02',
    },
    settings,
    now
  );
const unsubscribeUrl = 'https://app.example.com/api/reminders/unsubscribe?t=abc&u=1';
const links = ['https://pay.example.com/INV-1001?src=email&x=1'];
const render = (subject: string, body: string, customerName = 'Wanjiku Kamau', locale = 'en') =>
  renderEmail({ subject, body }, invoiceOf(customerName), { locale, timeZone, now }, { unsubscribeUrl, links });

describe('renderEmail', () => {
  it('renders the subject on one line, whatever line breaks the template or the data bring', () => {
    const email = render('Invoice {{ invoice.number }}\n  is   due', 'Body', 'Wanjiku\nKamau');
    expect(email.subject).toBe('Invoice INV-1001 is due');
    expect(render('For {{ customer.name }}', 'Body', 'Wanjiku\r\nKamau').subject).toBe('For Wanjiku Kamau');
  });

  it('ends the text with the unsubscribe line in the e-mail language', () => {
    expect(render('S', 'Hi {{ customer.name }}.').text).toBe(`Hi Wanjiku Kamau.\n\nUnsubscribe: ${unsubscribeUrl}`);
    expect(render('S', 'Habari', undefined, 'sw').text).toBe(`Habari\n\nJiondoe: ${unsubscribeUrl}`);
    expect(render('S', 'Bonjour', undefined, 'fr').text).toBe(`Bonjour\n\nSe désabonner: ${unsubscribeUrl}`);
    expect(render('S', 'مرحبا', undefined, 'ar').text).toBe(`مرحبا\n\nإلغاء الاشتراك: ${unsubscribeUrl}`);
    expect(render('S', 'Hallo', undefined, 'de').text).toBe(`Hallo\n\nUnsubscribe: ${unsubscribeUrl}`);
  });

  it('escapes what the record says: a customer named <script> arrives as text', () => {
    const email = render(
      'Hi {{ customer.name }}',
      'Dear {{ customer.name }}, "pay" & smile',
      '<script>alert(1)</script>'
    );
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('Dear &lt;script&gt;alert(1)&lt;/script&gt;, &quot;pay&quot; &amp; smile');
    expect(email.html).toContain('<title>Hi &lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(email.text).toContain('Dear <script>alert(1)</script>');
  });

  it('makes links of the unsubscribe URL and the configured links only', () => {
    const email = render(
      'S',
      'Pay at {{ links.pay }}\nor visit https://evil.example.com/x now',
      '<a href="https://evil.example.com">me</a>'
    );
    expect(email.html).toContain(
      'Pay at <a href="https://pay.example.com/INV-1001?src=email&amp;x=1" style="color:#4945ff;">https://pay.example.com/INV-1001?src=email&amp;x=1</a>'
    );
    expect(email.html).toContain(
      `<a href="https://app.example.com/api/reminders/unsubscribe?t=abc&amp;u=1" style="color:#4945ff;">`
    );
    expect(email.html).toContain('or visit https://evil.example.com/x now');
    expect(email.html.match(/<a /g)).toHaveLength(2);
  });

  it('keeps paragraphs and line breaks', () => {
    const email = render('S', 'Line one\nLine two\n\n\nSecond paragraph');
    expect(email.html).toContain('<p style="margin:0 0 16px;">Line one<br>Line two</p>');
    expect(email.html).toContain('<p style="margin:0 0 16px;">Second paragraph</p>');
  });

  it('lays Arabic out right to left, others left to right', () => {
    expect(render('S', 'مرحبا', undefined, 'ar').html).toContain('<html lang="ar" dir="rtl">');
    expect(render('S', 'مرحبا', undefined, 'ar').html).toContain('text-align:right');
    expect(render('S', 'Hi').html).toContain('<html lang="en" dir="ltr">');
  });

  it('lets a body render past the length of an SMS', () => {
    const body = 'x'.repeat(9000);
    expect(render('S', body).text.startsWith(body)).toBe(true);
  });
});

describe('emailTemplatesOfStep', () => {
  const rule = {
    emailTemplates: { en: { subject: 'Rule', body: 'Rule body' }, sw: { subject: 'Kanuni', body: 'Mwili' } },
    steps: [{}, { emailTemplates: { en: { subject: 'Step', body: 'Step body' } } }],
  };

  it("is the step's own e-mail in its languages, the rule's in the others", () => {
    expect(emailTemplatesOfStep(rule, 1)).toEqual({
      en: { subject: 'Step', body: 'Step body' },
      sw: { subject: 'Kanuni', body: 'Mwili' },
    });
    expect(emailTemplatesOfStep(rule, 0)).toEqual(rule.emailTemplates);
    expect(emailTemplatesOfStep(rule, null)).toEqual(rule.emailTemplates);
  });

  it('is empty for a rule stored without e-mails', () => {
    expect(emailTemplatesOfStep({ emailTemplates: null, steps: [{}] }, 0)).toEqual({});
  });
});
