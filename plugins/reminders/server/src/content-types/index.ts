import invoice from './invoice';
import appointment from './appointment';
import reminderRule from './reminder-rule';
import messageTemplate from './message-template';
import delivery from './delivery';
import optOut from './opt-out';
import ruleSchedule from './rule-schedule';
import recordChange from './record-change';
import recordEvent from './record-event';
import deliveryDayCount from './delivery-day-count';
import deliveryDayCountChange from './delivery-day-count-change';
import providerReport from './provider-report';
import idempotentRequest from './idempotent-request';
import reply from './reply';

export default {
  invoice,
  appointment,
  'reminder-rule': reminderRule,
  'message-template': messageTemplate,
  delivery,
  'opt-out': optOut,
  'rule-schedule': ruleSchedule,
  'record-change': recordChange,
  'record-event': recordEvent,
  'delivery-day-count': deliveryDayCount,
  'delivery-day-count-change': deliveryDayCountChange,
  'provider-report': providerReport,
  'idempotent-request': idempotentRequest,
  reply,
};
