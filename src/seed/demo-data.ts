import type { Core } from '@strapi/strapi';
import { seedDemoHistory } from './demo-history';

const DAY = 24 * 60 * 60 * 1000;

/** A calendar date `days` from today (UTC), written YYYY-MM-DD. */
const dateFromToday = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

/** An instant `days` from now, on the hour. */
const instantFromNow = (days: number, hour: number) => {
  const date = new Date(Date.now() + days * DAY);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString();
};

const invoices = [
  {
    number: 'INV-1001',
    customerName: 'Wanjiku Kamau',
    phone: '0712 345 678',
    currency: 'KES',
    total: '12500.00',
    amountPaid: '0',
    issueDate: dateFromToday(-20),
    dueDate: dateFromToday(3),
  },
  {
    number: 'INV-1002',
    customerName: 'Otieno Odhiambo',
    phone: '+254 733 123 456',
    currency: 'KES',
    total: '4800.00',
    amountPaid: '1800.00',
    issueDate: dateFromToday(-39),
    dueDate: dateFromToday(-9),
  },
  {
    number: 'INV-1003',
    customerName: 'Amina Hassan',
    phone: '0722 000 111',
    currency: 'KES',
    total: '9999.99',
    amountPaid: '9999.99',
    issueDate: dateFromToday(-40),
    dueDate: dateFromToday(-10),
  },
  {
    number: 'INV-1004',
    customerName: 'Nakato Sarah',
    phone: '+256 772 123 456',
    currency: 'UGX',
    total: '350000',
    amountPaid: '0',
    issueDate: dateFromToday(-13),
    dueDate: dateFromToday(1),
    timezone: 'Africa/Kampala',
    language: 'sw',
  },
  {
    number: 'INV-1005',
    customerName: 'Youssef Haddad',
    phone: '+962 79 123 4567',
    currency: 'JOD',
    total: '120.500',
    amountPaid: '0',
    issueDate: dateFromToday(-36),
    dueDate: dateFromToday(-6),
    timezone: 'Asia/Amman',
    language: 'ar',
  },
  {
    number: 'INV-1006',
    customerName: 'Aïssatou Diallo',
    phone: '+221 77 123 45 67',
    currency: 'XOF',
    total: '75000',
    amountPaid: '0',
    issueDate: dateFromToday(0),
    dueDate: dateFromToday(30),
    timezone: 'Africa/Dakar',
    language: 'fr',
    invoiceStatus: 'draft',
  },
  {
    number: 'INV-1007',
    customerName: 'Kofi Mensah',
    phone: '0711 222 333',
    currency: 'KES',
    total: '2100.00',
    amountPaid: '0',
    issueDate: dateFromToday(-60),
    dueDate: dateFromToday(-30),
    invoiceStatus: 'void',
  },
  {
    number: 'INV-1008',
    customerName: 'Peter Mutua',
    phone: '0720 456 789',
    currency: 'KES',
    total: '6400.00',
    amountPaid: '0',
    issueDate: dateFromToday(-43),
    dueDate: dateFromToday(-13),
  },
];

/** Appointments: the first ones are past (reminded in the demo history, then completed), the rest to come. */
const appointments = [
  {
    title: 'Eye test',
    customerName: 'Mary Wairimu',
    phone: '0701 555 444',
    startsAt: instantFromNow(-10, 8),
    endsAt: instantFromNow(-10, 9),
    location: 'Upper Hill Eye Centre, Nairobi',
    appointmentStatus: 'confirmed',
  },
  {
    title: 'Consultation',
    customerName: 'Moussa Ndiaye',
    phone: '+221 76 555 12 34',
    startsAt: instantFromNow(-7, 10),
    endsAt: instantFromNow(-7, 11),
    timezone: 'Africa/Dakar',
    language: 'fr',
    location: 'Clinique Pasteur, Dakar',
    appointmentStatus: 'confirmed',
  },
  {
    title: 'Physiotherapy',
    customerName: 'Daniel Ochieng',
    phone: '0728 123 987',
    startsAt: instantFromNow(-4, 12),
    endsAt: instantFromNow(-4, 13),
    location: 'Westlands Physio',
    appointmentStatus: 'scheduled',
  },
  {
    title: 'Dental check-up',
    customerName: 'Grace Njeri',
    phone: '0700 111 222',
    startsAt: instantFromNow(1, 7),
    endsAt: instantFromNow(1, 8),
    location: 'Ngong Road Clinic, Nairobi',
    staffName: 'Dr. Mwangi',
    staffPhone: '0733 444 555',
    appointmentStatus: 'confirmed',
  },
  {
    title: 'Car service',
    customerName: 'Brian Kiprono',
    phone: '0799 888 777',
    startsAt: instantFromNow(2, 6),
    endsAt: instantFromNow(2, 9),
    location: 'Mombasa Road Garage',
    appointmentStatus: 'scheduled',
  },
  {
    title: 'Consultation',
    customerName: 'Fatma Ali',
    phone: '+255 754 123 456',
    startsAt: instantFromNow(3, 10),
    endsAt: instantFromNow(3, 11),
    timezone: 'Africa/Dar_es_Salaam',
    language: 'sw',
    appointmentStatus: 'scheduled',
  },
  {
    title: 'Hair appointment',
    customerName: 'Leila Mansour',
    phone: '+962 79 765 4321',
    startsAt: instantFromNow(5, 12),
    endsAt: instantFromNow(5, 13),
    timezone: 'Asia/Amman',
    language: 'ar',
    appointmentStatus: 'cancelled',
  },
];

const rules = [
  {
    name: 'Unpaid invoices: 3 days before due, then weekly',
    target: 'invoice',
    anchor: 'due_date',
    steps: [
      { amount: 3, unit: 'days', direction: 'before' },
      {
        amount: 7,
        unit: 'days',
        direction: 'after',
        repeat: { every: 7, unit: 'days', times: 3 },
        // Overdue reminders say so; the rule's message below is for the reminder before the due date.
        templates: {
          en: 'Hi {{ customer.name }}, invoice {{ invoice.number }} of {{ invoice.balance | money }} was due {{ invoice.dueDate | relative }} ({{ invoice.dueDate | date }}) and is still unpaid.',
          sw: 'Habari {{ customer.name }}, ankara {{ invoice.number }} ya {{ invoice.balance | money }} ilipaswa kulipwa tarehe {{ invoice.dueDate | date: "long" }} na bado haijalipwa.',
          ar: 'مرحباً {{ customer.name }}، الفاتورة {{ invoice.number }} بمبلغ {{ invoice.balance | money }} كانت مستحقة في {{ invoice.dueDate | date: "long" }} ولم تُسدَّد بعد.',
          fr: 'Bonjour {{ customer.name }}, la facture {{ invoice.number }} de {{ invoice.balance | money }} était à régler le {{ invoice.dueDate | date: "long" }} et reste impayée.',
        },
      },
    ],
    sendAt: '09:00',
    // The invoice default first (as the editor starts a rule): a paid invoice is skipped as "The invoice is paid".
    conditions: [
      { field: 'paymentStatus', operator: 'notIn', value: ['paid'] },
      { field: 'invoiceStatus', operator: 'eq', value: 'sent' },
      { field: 'balance', operator: 'gt', value: '0' },
    ],
    templates: {
      en: 'Hi {{ customer.name }}, invoice {{ invoice.number }} of {{ invoice.balance | money }} is due {{ invoice.dueDate | relative }} ({{ invoice.dueDate | date }}).',
      sw: 'Habari {{ customer.name }}, ankara {{ invoice.number }} ya {{ invoice.balance | money }} inadaiwa tarehe {{ invoice.dueDate | date: "long" }}.',
      ar: 'مرحباً {{ customer.name }}، الفاتورة {{ invoice.number }} بمبلغ {{ invoice.balance | money }} مستحقة في {{ invoice.dueDate | date: "long" }}.',
      fr: 'Bonjour {{ customer.name }}, la facture {{ invoice.number }} de {{ invoice.balance | money }} est à régler le {{ invoice.dueDate | date: "long" }}.',
    },
    defaultLanguage: 'en',
    maxLatenessMinutes: 720,
  },
  {
    name: 'Appointments: 24 hours and 2 hours before',
    target: 'appointment',
    anchor: 'starts_at',
    steps: [
      { amount: 24, unit: 'hours', direction: 'before' },
      { amount: 2, unit: 'hours', direction: 'before' },
    ],
    conditions: [{ field: 'appointmentStatus', operator: 'in', value: ['scheduled', 'confirmed'] }],
    templates: {
      en: 'Reminder: {{ appointment.title }} {{ appointment.startsAt | relative }}, {{ appointment.startsAt | datetime }}{% if appointment.location %} at {{ appointment.location }}{% endif %}.',
      fr: 'Rappel : {{ appointment.title }} {{ appointment.startsAt | relative }}, le {{ appointment.startsAt | datetime: "long" }}{% if appointment.location %}, {{ appointment.location }}{% endif %}.',
      sw: 'Kumbusho: {{ appointment.title }} {{ appointment.startsAt | relative }}, {{ appointment.startsAt | datetime }}{% if appointment.location %}, {{ appointment.location }}{% endif %}.',
    },
    defaultLanguage: 'en',
    quietHoursStart: '21:00',
    quietHoursEnd: '08:00',
    maxLatenessMinutes: 60,
  },
];

/** The app's own customers (api::customer.customer), whom the bookings below belong to. */
const customers = [
  { name: 'Wambui Mwangi', phone: '0712 345 678', language: 'en', email: 'wambui@example.com' },
  { name: 'Juma Omondi', phone: '0722 987 654', language: 'sw' },
  { name: 'Achieng Otieno', phone: '+254 701 234 567', language: 'en' },
];

/** The app's own bookings (api::booking.booking), each for one of the customers above, by index. */
const bookings = [
  {
    reference: 'BK-2001',
    customer: 0,
    service: 'Haircut and styling',
    startsAt: instantFromNow(1, 7),
    bookingStatus: 'confirmed',
    price: '1500.00',
  },
  {
    reference: 'BK-2002',
    customer: 1,
    service: 'Massage, 60 minutes',
    startsAt: instantFromNow(2, 11),
    bookingStatus: 'pending',
    price: '3500.00',
    notes: 'Prefers an afternoon slot if one frees up.',
  },
  {
    reference: 'BK-2003',
    customer: 2,
    service: 'Airport transfer',
    startsAt: instantFromNow(3, 5),
    timezone: 'Africa/Kampala',
    bookingStatus: 'confirmed',
    price: '4200.00',
  },
  {
    reference: 'BK-2004',
    customer: 0,
    service: 'Manicure',
    startsAt: instantFromNow(6, 13),
    bookingStatus: 'cancelled',
    price: '800.00',
  },
];

/** The app's own subscriptions (api::subscription.subscription), not mapped as a target in config. */
const subscriptions = [
  {
    plan: 'Fibre 20 Mbps',
    holderName: 'Kevin Kariuki',
    mobile: '0798 765 432',
    renewsOn: dateFromToday(3),
    subscriptionStatus: 'active',
    amount: '2999.00',
    currency: 'KES',
  },
  {
    plan: 'Gym monthly',
    holderName: 'Mercy Chebet',
    mobile: '+254 711 555 666',
    renewsOn: dateFromToday(5),
    subscriptionStatus: 'paused',
    amount: '4500.00',
    currency: 'KES',
  },
  {
    plan: 'TV premium',
    holderName: 'Hassan Abdi',
    mobile: '0733 222 111',
    renewsOn: dateFromToday(7),
    subscriptionStatus: 'active',
    amount: '1500.00',
    currency: 'KES',
  },
];

/** A rule on the app's own bookings (the `booking` target mapped in config/plugins.ts). */
const bookingRule = {
  name: 'Booking tomorrow',
  target: 'booking',
  anchor: 'startsAt',
  steps: [{ amount: 24, unit: 'hours', direction: 'before' }],
  templates: {
    en: 'Hi {{ customer.name }}, a reminder of your booking {{ record.reference }} ({{ record.service }}) on {{ record.startsAt | datetime }}.',
  },
  defaultLanguage: 'en',
  conditions: [{ field: 'bookingStatus', operator: 'notIn', value: ['cancelled'] }],
};

/**
 * Fills an empty database with invoices across payment states and due dates, appointments over the coming
 * days, the app's own customers, bookings and subscriptions, and example rules, so a fresh clone shows
 * everything working. Runs only when there is no reminder data at all, so it never mixes with real records.
 */
export async function seedDemoData(strapi: Core.Strapi) {
  const counts = await Promise.all(
    (['plugin::reminders.invoice', 'plugin::reminders.appointment', 'plugin::reminders.reminder-rule'] as const).map(
      (uid) => strapi.db.query(uid).count()
    )
  );
  if (counts.some((count) => count > 0)) return;

  const started = Date.now();
  // Written two weeks back on the plugin's clock, so the history is what these rules sent since.
  const history = await seedDemoHistory(strapi, async () => {
    for (const data of invoices) await strapi.documents('plugin::reminders.invoice').create({ data: data as never });
    for (const data of appointments)
      await strapi.documents('plugin::reminders.appointment').create({ data: data as never });
    for (const data of rules) await strapi.documents('plugin::reminders.reminder-rule').create({ data: data as never });
  });
  // The past appointments took place.
  const past = await strapi.documents('plugin::reminders.appointment').findMany({
    filters: { startsAt: { $lt: new Date().toISOString() }, appointmentStatus: { $in: ['scheduled', 'confirmed'] } },
  });
  for (const { documentId } of past)
    await strapi
      .documents('plugin::reminders.appointment')
      .update({ documentId, data: { appointmentStatus: 'completed' } as never });

  const customerIds: string[] = [];
  for (const data of customers) {
    const customer = await strapi.documents('api::customer.customer').create({ data: data as never });
    customerIds.push(customer.documentId);
  }
  for (const { customer, ...data } of bookings) {
    await strapi
      .documents('api::booking.booking')
      .create({ data: { ...data, customer: customerIds[customer] } as never, status: 'published' });
  }
  for (const data of subscriptions)
    await strapi.documents('api::subscription.subscription').create({ data: data as never });

  // Last, so everything above is in place first: the booking target is a host target (config/plugins.ts).
  await strapi.documents('plugin::reminders.reminder-rule').create({ data: bookingRule as never });
  strapi.log.info(
    `reminders: demo data seeded (${invoices.length} invoices, ${appointments.length} appointments, ${rules.length + 1} rules, ${history} past deliveries, ${customers.length} customers, ${bookings.length} bookings, ${subscriptions.length} subscriptions) in ${((Date.now() - started) / 1000).toFixed(1)} s`
  );
}
