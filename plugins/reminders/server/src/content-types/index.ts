import invoice from './invoice';
import appointment from './appointment';
import reminderRule from './reminder-rule';
import delivery from './delivery';
import optOut from './opt-out';
import ruleSchedule from './rule-schedule';

export default {
  invoice,
  appointment,
  'reminder-rule': reminderRule,
  delivery,
  'opt-out': optOut,
  'rule-schedule': ruleSchedule,
};
