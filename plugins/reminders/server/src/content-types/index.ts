import invoice from './invoice';
import appointment from './appointment';
import reminderRule from './reminder-rule';
import delivery from './delivery';
import optOut from './opt-out';
import ruleSchedule from './rule-schedule';
import deliveryDayCount from './delivery-day-count';
import deliveryDayCountChange from './delivery-day-count-change';

export default {
  invoice,
  appointment,
  'reminder-rule': reminderRule,
  delivery,
  'opt-out': optOut,
  'rule-schedule': ruleSchedule,
  'delivery-day-count': deliveryDayCount,
  'delivery-day-count-change': deliveryDayCountChange,
};
