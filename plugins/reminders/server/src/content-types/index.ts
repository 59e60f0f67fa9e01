import invoice from './invoice';
import appointment from './appointment';
import reminderRule from './reminder-rule';
import delivery from './delivery';
import optOut from './opt-out';

export default {
  invoice,
  appointment,
  'reminder-rule': reminderRule,
  delivery,
  'opt-out': optOut,
};
